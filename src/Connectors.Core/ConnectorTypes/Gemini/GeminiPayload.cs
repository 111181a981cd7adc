using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.Gemini;

/// <summary>Kibana's <c>formatGeminiPayload</c> (<c>gemini/gemini.ts</c>).</summary>
internal static class GeminiPayload
{
    /// <summary>
    /// <c>{contents, generation_config: {temperature, maxOutputTokens?}, system_instruction?, tool_config?,
    /// safety_settings}</c>: role <c>assistant</c> becomes <c>model</c>, anything else <c>user</c>; a message that
    /// already has <c>parts</c> is kept as is; a user message after a user message is appended (with a space) to the
    /// previous one's first part.
    /// </summary>
    public static JsonObject Format(JsonNode? messages, string? systemInstruction, double temperature, double? maxOutputTokens, GeminiToolConfig? toolConfig)
    {
        var contents = new JsonArray();
        var generation = new JsonObject { ["temperature"] = temperature };
        if (maxOutputTokens is { } max)
        {
            generation["maxOutputTokens"] = max;
        }

        var payload = new JsonObject { ["contents"] = contents, ["generation_config"] = generation };
        if (!string.IsNullOrEmpty(systemInstruction))
        {
            payload["system_instruction"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = systemInstruction }) };
        }

        if (toolConfig is not null)
        {
            var calling = new JsonObject
            {
                ["mode"] = toolConfig.Mode switch
                {
                    GeminiToolMode.Any => "ANY",
                    GeminiToolMode.None => "NONE",
                    _ => "AUTO",
                },
            };
            if (toolConfig.AllowedFunctionNames is not null)
            {
                calling["allowed_function_names"] = new JsonArray([.. toolConfig.AllowedFunctionNames.Select(n => (JsonNode)JsonValue.Create(n))]);
            }

            payload["tool_config"] = new JsonObject { ["function_calling_config"] = calling };
        }

        payload["safety_settings"] = new JsonArray(new JsonObject
        {
            ["category"] = "HARM_CATEGORY_DANGEROUS_CONTENT",
            ["threshold"] = "BLOCK_ONLY_HIGH",
        });

        if (messages is not JsonArray rows)
        {
            throw new SubActionException("messages is not iterable");
        }

        string? previousRole = null;
        foreach (var row in rows)
        {
            if (row is not JsonObject message)
            {
                throw new SubActionException($"Cannot read properties of {(row is null ? "null" : "undefined")} (reading 'role')");
            }

            var role = LlmHttpCall.Text(message, "role") == "assistant" ? "model" : "user";
            if (IsTruthy(message["parts"]))
            {
                contents.Add(message.DeepClone());
            }
            else if (role == "user" && previousRole == "user")
            {
                var previousParts = contents[^1]!["parts"];
                if (previousParts is not JsonArray { Count: > 0 } || previousParts[0] is not JsonObject firstPart)
                {
                    throw new SubActionException("Cannot read properties of undefined (reading 'text')");
                }

                firstPart["text"] = JsString(firstPart["text"], firstPart.ContainsKey("text")) + " " + JsString(message["content"], message.ContainsKey("content"));
            }
            else
            {
                var part = new JsonObject();
                if (message["content"] is { } content)
                {
                    part["text"] = content.DeepClone();
                }
                else if (message.ContainsKey("content"))
                {
                    part["text"] = null;
                }

                contents.Add(new JsonObject { ["role"] = role, ["parts"] = new JsonArray(part) });
            }

            previousRole = role;
        }

        return payload;
    }

    /// <summary>JavaScript truthiness of a JSON value.</summary>
    private static bool IsTruthy(JsonNode? node) => node switch
    {
        null => false,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            JsonValueKind.Number => v.GetValue<double>() != 0,
            _ => true,
        },
        _ => true,
    };

    /// <summary>JavaScript's <c>String(value)</c> for the values a message can carry.</summary>
    private static string JsString(JsonNode? node, bool present) => node switch
    {
        null => present ? "null" : "undefined",
        JsonObject => "[object Object]",
        JsonArray array => string.Join(',', array.Select(item => item is null ? string.Empty : JsString(item, true))),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.GetValue<double>().ToString("R", CultureInfo.InvariantCulture),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => "null",
        },
        _ => string.Empty,
    };
}
