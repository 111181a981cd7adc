using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace Connectors.ConnectorTypes.Common;

/// <summary>
/// Watches a stream's JSON events and estimates the tokens used when the service sent no usage (Kibana counts them
/// with <c>gpt-tokenizer</c>).
/// </summary>
internal interface IStreamTokenEstimator
{
    /// <summary>Sees one event's JSON.</summary>
    void Observe(JsonNode json);

    /// <summary>The estimate once the stream is done; <see langword="null"/> when there is none.</summary>
    TokenUsage? Estimate();
}

/// <summary>Token counts with the <c>o200k_base</c> encoding, for the estimates of Kibana's token tracking.</summary>
internal static class TokenEstimates
{
    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    /// <summary>How many tokens <paramref name="text"/> encodes to.</summary>
    public static int Count(string text) => O200k.Value.CountTokens(text);

    /// <summary>
    /// Kibana's prompt estimate for an OpenAI chat request: each message as
    /// <c>&lt;|start|&gt;{role}\n{content}\n{name | function_call name\narguments}&lt;|end|&gt;</c>, joined with <c>\n</c>,
    /// plus the functions as <c>&lt;|start|&gt;{name}\n{description}\n{parameters JSON}&lt;|end|&gt;</c>.
    /// <see langword="null"/> when the body has no messages.
    /// </summary>
    public static int? OpenAIPrompt(string requestBody)
    {
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(requestBody);
        }
        catch (JsonException)
        {
            return null;
        }

        if (body?["messages"] is not JsonArray messages)
        {
            return null;
        }

        var text = string.Join('\n', messages.Select(m =>
        {
            var message = m as JsonObject;
            string tail;
            if (message?.ContainsKey("name") == true)
            {
                tail = Field(message, "name");
            }
            else if (message?["function_call"] is JsonObject call)
            {
                tail = Field(call, "name") + "\n" + Field(call, "arguments");
            }
            else
            {
                tail = string.Empty;
            }

            return $"<|start|>{Field(message, "role")}\n{Field(message, "content")}\n{tail}<|end|>";
        }));
        var tokens = Count(text);
        if (body["functions"] is JsonArray functions)
        {
            tokens += Count(string.Join('\n', functions.Select(f =>
                $"<|start|>{Field(f as JsonObject, "name")}\n{Field(f as JsonObject, "description")}\n{f?["parameters"]?.ToJsonString(HttpResults.JsonOptions)}<|end|>")));
        }

        return tokens;
    }

    /// <summary>A property as a JavaScript template literal writes it (<c>undefined</c>, <c>null</c>, the text).</summary>
    private static string Field(JsonObject? owner, string name) =>
        owner is null || !owner.TryGetPropertyValue(name, out var node) ? "undefined" : JsText(node);

    private static string JsText(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonObject => "[object Object]",
        _ => node.ToJsonString(),
    };
}

/// <summary>
/// The estimate for an OpenAI chat stream: the prompt from the request body, the completion from the content and
/// <c>function_call</c> deltas of the <c>chat.completion.chunk</c> events, encoded as Kibana does
/// (<c>{"content":…,"function_call":{name,arguments}}</c> without the empty parts).
/// </summary>
internal sealed class OpenAIStreamTokenEstimator(string requestBody) : IStreamTokenEstimator
{
    private readonly StringBuilder content = new();
    private readonly StringBuilder functionName = new();
    private readonly StringBuilder functionArguments = new();

    public void Observe(JsonNode json)
    {
        if (json["object"]?.GetValueKind() != JsonValueKind.String || json["object"]!.GetValue<string>() != "chat.completion.chunk"
            || json["choices"] is not JsonArray { Count: > 0 } choices || choices[0]?["delta"] is not JsonObject delta)
        {
            return;
        }

        content.Append(StringOf(delta["content"]));
        functionName.Append(StringOf(delta["function_call"]?["name"]));
        functionArguments.Append(StringOf(delta["function_call"]?["arguments"]));
    }

    public TokenUsage? Estimate()
    {
        try
        {
            if (TokenEstimates.OpenAIPrompt(requestBody) is not { } prompt)
            {
                return null;
            }

            var completion = new JsonObject();
            if (content.Length > 0)
            {
                completion["content"] = content.ToString();
            }

            if (functionName.Length > 0)
            {
                completion["function_call"] = new JsonObject { ["name"] = functionName.ToString(), ["arguments"] = functionArguments.ToString() };
            }

            var completionTokens = TokenEstimates.Count(completion.ToJsonString(HttpResults.JsonOptions));
            return new TokenUsage(prompt, completionTokens, prompt + completionTokens);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Token counting never fails an execution.
            return null;
        }
    }

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
