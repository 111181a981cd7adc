using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connectors.ConnectorTypes.Inference;

/// <summary>
/// Kibana's inference error texts: upstream bodies capped at 1000 characters (<c>... [truncated]</c>) with credentials
/// redacted, and the Elasticsearch client's <c>ResponseError</c> message.
/// </summary>
internal static partial class InferenceErrors
{
    public const int MaxUpstreamBodyLength = 1000;

    private const string Marker = "... [truncated]";

    /// <summary><c>truncateUpstreamBody</c>: redact, then cap at <see cref="MaxUpstreamBodyLength"/> characters.</summary>
    public static string Truncate(string text)
    {
        var redacted = Redact(text);
        return redacted.Length > MaxUpstreamBodyLength ? redacted[..(MaxUpstreamBodyLength - Marker.Length)] + Marker : redacted;
    }

    /// <summary>Kibana's redaction of bearer tokens, <c>sk-…</c> keys, authorization/token values and secret-named fields.</summary>
    public static string Redact(string text)
    {
        text = BearerToken().Replace(text, "Bearer [redacted]");
        text = OpenAIKey().Replace(text, "[redacted]");
        text = Authorization().Replace(text, "$1[redacted]");
        text = Token().Replace(text, "$1$2[redacted]");
        return SecretField().Replace(text, "$1[redacted]");
    }

    /// <summary>
    /// The Elasticsearch client's <c>ResponseError</c> message: the error type (or the body as JSON, or the body text),
    /// then its root causes, one a line.
    /// </summary>
    public static string ResponseErrorMessage(JsonNode? body, string text)
    {
        var message = new StringBuilder();
        if (body is JsonObject o && o["error"] is JsonObject { } error && error["type"] is JsonValue type)
        {
            message.Append(type.ToString());
        }
        else if (body is JsonObject or JsonArray)
        {
            message.Append(body.ToJsonString());
        }
        else
        {
            message.Append(text.Length == 0 ? "Response Error" : text);
        }

        if (body is JsonObject withError && withError["error"]?["root_cause"] is JsonArray causes)
        {
            message.Append("\n\tRoot causes:\n");
            foreach (var cause in causes)
            {
                message.Append("\t\t").Append(cause?["type"]?.ToString()).Append(": ").Append(cause?["reason"]?.ToString()).Append('\n');
            }
        }

        return message.ToString();
    }

    [GeneratedRegex(@"Bearer\s+\S+", RegexOptions.IgnoreCase | RegexOptions.ECMAScript)]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"sk-[A-Za-z0-9_-]{8,}", RegexOptions.ECMAScript)]
    private static partial Regex OpenAIKey();

    [GeneratedRegex(@"(authorization[""']?\s*[:=]\s*[""']?)(?:[A-Za-z][\w-]*\s+)?[^\s""',}]+", RegexOptions.IgnoreCase | RegexOptions.ECMAScript)]
    private static partial Regex Authorization();

    [GeneratedRegex(@"(^|[{},&?;""'])\s*(token[""']?\s*[:=]\s*[""']?)[^\s""',}]+", RegexOptions.IgnoreCase | RegexOptions.ECMAScript)]
    private static partial Regex Token();

    [GeneratedRegex(
        @"\b((?:api[-_ ]?key|password|(?:[\w-]+_)?secret(?:_key)?|private_key|aws_secret_access_key|credential|(?:access|refresh|id|auth|session)_token)[""']?\s*[:=]\s*[""']?)[^\s""',}]+",
        RegexOptions.IgnoreCase | RegexOptions.ECMAScript)]
    private static partial Regex SecretField();
}
