using System.Text.Json.Nodes;

namespace Connectors.ConnectorTypes.Common;

/// <summary>
/// A failure of a classic ITSM executor (ServiceNow, Jira, …) with Kibana's text (<c>[Action][&lt;Type&gt;]: …</c>),
/// the HTTP status when there was one, the time <c>Retry-After</c> asked for, and the transport failure if any.
/// </summary>
internal sealed class ExternalServiceException(string message, int? status, HttpRequestException? transport = null) : Exception(message)
{
    public int? Status { get; } = status;

    public HttpRequestException? Transport { get; } = transport;

    public DateTimeOffset? RetryAt { get; init; }
}

/// <summary>How a classic ITSM executor answers: <c>{status:'ok', data: data ?? {}}</c>, or Kibana's thrown-error result classified by status.</summary>
internal static class ExternalServiceRun
{
    private const string Message = "an error occurred while running the action";

    /// <summary>
    /// Runs a sub-action. A failure keeps Kibana's text as the service message; 4xx (but 429) is the user's error without
    /// retry, 429 (user's) and 5xx and transport failures are retried (at <c>Retry-After</c> when given).
    /// </summary>
    public static async ValueTask<ConnectorResult> RunAsync(ConnectorExecutionContext context, Func<Task<JsonNode?>> run)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        var id = context.ConnectorId;
        try
        {
            return ConnectorResult.Ok(id, await run().ConfigureAwait(false) ?? new JsonObject());
        }
        catch (ExternalServiceException ex)
        {
            return ex.Status switch
            {
                429 => ConnectorResult.Error(id, Message, ex.Message, ex.RetryAt is { } at ? RetryHint.At(at) : RetryHint.Later, ErrorSource.User),
                >= 400 and < 500 => ConnectorResult.Error(id, Message, ex.Message, null, ErrorSource.User),
                _ when ex.Transport is { } transport => ConnectorResult.Error(
                    id, Message, ex.Message, HttpResults.IsTransient(transport) ? RetryHint.Later : null, HttpResults.SourceOf(transport)),
                _ => ConnectorResult.Error(id, Message, ex.Message, RetryHint.Later, ErrorSource.Framework),
            };
        }
    }
}
