using System.Text.Json;
using System.Text.RegularExpressions;
using Connectors.Templating.Internal;

namespace Connectors.ConnectorTypes.OpenAI;

/// <summary>
/// Kibana's per-provider clean-up of a request body (<c>sanitizeRequest</c> / <c>getRequestWithStreamOption</c>):
/// the body is parsed, changed as the provider needs and written back as <c>JSON.stringify</c> would; a body that does
/// not parse is sent unchanged.
/// </summary>
internal static partial class OpenAIRequestBody
{
    public const string DefaultModel = "gpt-4.1";

    public const string ChatUrl = "https://api.openai.com/v1/chat/completions";

    public const string LegacyCompletionUrl = "https://api.openai.com/v1/completions";

    /// <summary>
    /// The body to send. <paramref name="stream"/> is the stream flag to set (<see langword="false"/> for <c>run</c>);
    /// <paramref name="defaultModel"/> the model to use when the body has none (<see langword="null"/>: none injected).
    /// </summary>
    public static string Prepare(OpenAIProvider provider, string url, string body, bool stream, string? defaultModel) => provider switch
    {
        OpenAIProvider.OpenAI => ForOpenAI(url, body, stream, defaultModel),
        OpenAIProvider.Azure => ForAzure(url, body, stream, defaultModel),
        _ => ForOther(body, stream, defaultModel),
    };

    /// <summary>
    /// OpenAI: <c>stream</c> (and for a stream <c>stream_options.include_usage</c>) only for the two public endpoints,
    /// <c>model</c> defaulted, and tool-calling params dropped when there are no tools (or functions).
    /// </summary>
    private static string ForOpenAI(string url, string body, bool stream, string? defaultModel)
    {
        if (!TryParse(body, out var parsed))
        {
            return body;
        }

        if (parsed is Dictionary<string, object?> json)
        {
            if (url is ChatUrl or LegacyCompletionUrl)
            {
                SetStream(json, stream, includeUsage: true);
            }

            var model = json.GetValueOrDefault("model");
            if (!IsTruthy(model))
            {
                if (defaultModel is null)
                {
                    json.Remove("model");
                }
                else
                {
                    json["model"] = defaultModel;
                }
            }

            if (json.GetValueOrDefault("tools") is not List<object?> { Count: > 0 })
            {
                json.Remove("tool_choice");
                json.Remove("parallel_tool_calls");
            }

            if (json.GetValueOrDefault("functions") is not List<object?> { Count: > 0 })
            {
                json.Remove("function_call");
            }
        }

        return JsJson.Stringify(parsed);
    }

    /// <summary>Azure: only for the chat, completions and extensions endpoints: <c>stream</c>, and <c>model</c> when missing and configured.</summary>
    private static string ForAzure(string url, string body, bool stream, string? defaultModel)
    {
        if (!AzureStreamingApi().IsMatch(url) || !TryParse(body, out var parsed))
        {
            return body;
        }

        if (parsed is Dictionary<string, object?> json)
        {
            SetStream(json, stream, includeUsage: true);
            if (!string.IsNullOrEmpty(defaultModel) && !IsTruthy(json.GetValueOrDefault("model")))
            {
                json["model"] = defaultModel;
            }
        }

        return JsJson.Stringify(parsed);
    }

    /// <summary>Other (OpenAI-compatible): <c>stream</c> always, and <c>model</c> when missing and a default is given.</summary>
    private static string ForOther(string body, bool stream, string? defaultModel)
    {
        if (!TryParse(body, out var parsed))
        {
            return body;
        }

        if (parsed is Dictionary<string, object?> json)
        {
            json["stream"] = stream;
            if (!string.IsNullOrEmpty(defaultModel) && !IsTruthy(json.GetValueOrDefault("model")))
            {
                json["model"] = defaultModel;
            }
        }
        else if (!string.IsNullOrEmpty(defaultModel) && !IsTruthy(parsed))
        {
            // Kibana reads `.model` of a null body and fails: the body goes out unchanged.
            return body;
        }

        return JsJson.Stringify(parsed);
    }

    private static void SetStream(Dictionary<string, object?> json, bool stream, bool includeUsage)
    {
        json["stream"] = stream;
        if (stream && includeUsage)
        {
            json["stream_options"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["include_usage"] = true };
        }
    }

    private static bool TryParse(string body, out object? parsed)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            parsed = PlainValues.From(document.RootElement, kibana: false, depth: 0);
            return true;
        }
        catch (JsonException)
        {
            parsed = null;
            return false;
        }
    }

    /// <summary>JavaScript truthiness of a parsed JSON value.</summary>
    private static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    /// <summary>Kibana's Azure endpoint patterns (resource and deployment are wildcards; not anchored).</summary>
    [GeneratedRegex("/openai/deployments/[^/]+/(?:chat/completions|completions|extensions/chat/completions)")]
    private static partial Regex AzureStreamingApi();
}
