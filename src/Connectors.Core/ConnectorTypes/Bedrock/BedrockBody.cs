using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connectors.ConnectorTypes.Bedrock;

/// <summary>
/// Kibana's Bedrock request helpers (<c>bedrock/utils.ts</c>): <c>formatBedrockBody</c>, <c>ensureMessageFormat</c>,
/// <c>parseContent</c>, <c>extractRegionId</c>, and the model id as a path segment.
/// </summary>
internal static partial class BedrockBody
{
    /// <summary>
    /// <c>formatBedrockBody</c>: <c>{anthropic_version, system?, messages, max_tokens, stop_sequences, temperature,
    /// tools, tool_choice}</c> in that key order, undefined values left out (as <c>JSON.stringify</c> does).
    /// </summary>
    public static JsonObject Format(
        IReadOnlyList<BedrockMessage> messages,
        string? system,
        double? maxTokens,
        IReadOnlyList<string>? stopSequences,
        double? temperature,
        IReadOnlyList<BedrockTool>? tools,
        BedrockToolChoice? toolChoice)
    {
        var body = new JsonObject { ["anthropic_version"] = "bedrock-2023-05-31" };
        var (formatted, joinedSystem) = EnsureMessageFormat(messages, system);
        if (joinedSystem is not null)
        {
            body["system"] = joinedSystem;
        }

        body["messages"] = formatted;
        body["max_tokens"] = maxTokens ?? BedrockConnector.DefaultTokenLimit;
        if (stopSequences is not null)
        {
            body["stop_sequences"] = Strings(stopSequences);
        }

        body["temperature"] = temperature ?? 0;
        if (tools is not null)
        {
            body["tools"] = Tools(tools);
        }

        if (toolChoice is not null)
        {
            body["tool_choice"] = ToolChoice(toolChoice);
        }

        return body;
    }

    /// <summary>
    /// <c>ensureMessageFormat</c>: <c>system</c> messages appended to the system prompt (with <c>\n</c>), roles forced to
    /// <c>assistant</c> (<c>assistant</c>, <c>ai</c>) or <c>user</c>, <c>rawContent</c> passed through, and a string
    /// message merged (with <c>\n</c>) into the previous one when its <em>original</em> role equals the previous one's
    /// role. The system prompt is <see langword="null"/> when empty.
    /// </summary>
    public static (JsonArray Messages, string? System) EnsureMessageFormat(IReadOnlyList<BedrockMessage> messages, string? systemPrompt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var system = string.IsNullOrEmpty(systemPrompt) ? string.Empty : systemPrompt;
        var result = new List<(string Role, string? Text, JsonArray? Raw)>();
        foreach (var m in messages)
        {
            if (m.Role == "system")
            {
                system = (system.Length > 0 ? system + "\n" : string.Empty) + (m.Content ?? "undefined");
                continue;
            }

            var role = m.Role is "assistant" or "ai" ? "assistant" : "user";
            if (m.RawContent is not null)
            {
                result.Add((role, null, m.RawContent));
                continue;
            }

            if (result.Count > 0 && result[^1].Role == m.Role && result[^1].Raw is null)
            {
                result[^1] = (m.Role, $"{result[^1].Text}\n{m.Content}", null);
                continue;
            }

            result.Add((role, m.Content, null));
        }

        var array = new JsonArray();
        foreach (var (role, text, raw) in result)
        {
            // Key order as the JavaScript objects are built: raw messages {role, content}, string messages {content, role}.
            array.Add(raw is not null
                ? new JsonObject { ["role"] = role, ["content"] = raw.DeepClone() }
                : new JsonObject { ["content"] = text, ["role"] = role });
        }

        return (array, system.Length > 0 ? system : null);
    }

    /// <summary>
    /// <c>parseContent</c>: one text block gives its text; several give the texts each prefixed by <c>\n</c>
    /// (blocks without text skipped); otherwise the empty string.
    /// </summary>
    public static string ParseContent(JsonArray content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Count == 1)
        {
            return content[0] is JsonObject block && Text(block["type"]) == "text" && Text(block["text"]) is { Length: > 0 } only ? only : string.Empty;
        }

        var builder = new StringBuilder();
        if (content.Count > 1)
        {
            foreach (var item in content)
            {
                if (item is JsonObject block && Text(block["text"]) is { Length: > 0 } text)
                {
                    builder.Append('\n').Append(text);
                }
            }
        }

        return builder.ToString();
    }

    /// <summary><c>extractRegionId</c>: the region of <c>https://&lt;…&gt;.&lt;region&gt;.amazonaws.com</c>, if any.</summary>
    public static string? ExtractRegionId(string url)
    {
        var match = RegionPattern().Match(url ?? string.Empty);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>
    /// <c>encodeURIComponent(decodeURIComponent(model))</c>: an inference-profile ARN (or an already encoded id) ends
    /// up encoded exactly once.
    /// </summary>
    public static string ModelSegment(string model)
    {
        var decoded = Uri.UnescapeDataString(model);
        var builder = new StringBuilder(decoded.Length);
        foreach (var b in Encoding.UTF8.GetBytes(decoded))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '!' or '~' or '*' or '\'' or '(' or ')')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary><c>usesDeprecatedArguments</c>: the body is JSON with a non-null <c>prompt</c> (Claude 2's text completions).</summary>
    public static bool UsesDeprecatedArguments(JsonNode? body) => body is JsonObject obj && obj["prompt"] is not null;

    public static JsonArray Tools(IReadOnlyList<BedrockTool> tools) =>
        [.. tools.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["description"] = t.Description,
            ["input_schema"] = t.InputSchema.DeepClone(),
        })];

    public static JsonObject ToolChoice(BedrockToolChoice choice)
    {
        var node = new JsonObject
        {
            ["type"] = choice.Type switch
            {
                BedrockToolChoiceType.Any => "any",
                BedrockToolChoiceType.Tool => "tool",
                _ => "auto",
            },
        };
        if (choice.Name is not null)
        {
            node["name"] = choice.Name;
        }

        return node;
    }

    public static JsonArray Strings(IReadOnlyList<string> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    [GeneratedRegex(@"https:\/\/.*?\.([a-z\-0-9]+)\.amazonaws\.com")]
    private static partial Regex RegionPattern();
}
