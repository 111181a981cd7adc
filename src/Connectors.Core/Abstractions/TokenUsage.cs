namespace Connectors;

/// <summary>
/// Tokens one LLM call used (Kibana's <c>kibana.action.execution.gen_ai.usage</c>): recorded in the event log and on
/// the <c>gen_ai.client.token.usage</c> histogram.
/// </summary>
/// <param name="PromptTokens">Tokens in the prompt (input).</param>
/// <param name="CompletionTokens">Tokens in the completion (output).</param>
/// <param name="TotalTokens">All tokens the call used, as the service counted them.</param>
public sealed record TokenUsage(long PromptTokens, long CompletionTokens, long TotalTokens);
