using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.Tines;

/// <summary>The Tines API response schemas (unknown keys ignored), with config-schema's texts.</summary>
internal static class TinesResponses
{
    /// <summary><c>{stories: [{id: number, name: string, published: boolean}], meta: {pages: number}}</c>.</summary>
    public static string? ValidateStories(JsonNode? data) =>
        Object(data, string.Empty) ?? Items(data!["stories"], "stories", (item, path) =>
            Expect(item?["id"], $"{path}.id", JsonValueKind.Number, "number")
            ?? Expect(item?["name"], $"{path}.name", JsonValueKind.String, "string")
            ?? Expect(item?["published"], $"{path}.published", JsonValueKind.True, "boolean"))
        ?? Meta(data);

    /// <summary><c>{agents: [{id, name, type, story_id, options: {path?, secret?}}], meta: {pages: number}}</c>.</summary>
    public static string? ValidateAgents(JsonNode? data) =>
        Object(data, string.Empty) ?? Items(data!["agents"], "agents", (item, path) =>
            Expect(item?["id"], $"{path}.id", JsonValueKind.Number, "number")
            ?? Expect(item?["name"], $"{path}.name", JsonValueKind.String, "string")
            ?? Expect(item?["type"], $"{path}.type", JsonValueKind.String, "string")
            ?? Expect(item?["story_id"], $"{path}.story_id", JsonValueKind.Number, "number")
            ?? Object(item?["options"], $"{path}.options")
            ?? Optional(item!["options"]!["path"], $"{path}.options.path")
            ?? Optional(item["options"]!["secret"], $"{path}.options.secret"))
        ?? Meta(data);

    private static string? Meta(JsonNode? data) =>
        Object(data!["meta"], "meta") ?? Expect(data["meta"]!["pages"], "meta.pages", JsonValueKind.Number, "number");

    private static string? Items(JsonNode? node, string path, Func<JsonNode?, string, string?> item)
    {
        if (node is not JsonArray array)
        {
            return $"[{path}]: expected value of type [array] but got [{SubActionHttp.Kind(node)}]";
        }

        for (var i = 0; i < array.Count; i++)
        {
            if ((Object(array[i], $"{path}.{i}") ?? item(array[i], $"{path}.{i}")) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static string? Object(JsonNode? node, string path) =>
        node is JsonObject ? null
        : path.Length == 0 ? $"expected a plain object value, but found [{SubActionHttp.Kind(node)}] instead."
        : $"[{path}]: expected a plain object value, but found [{SubActionHttp.Kind(node)}] instead.";

    private static string? Optional(JsonNode? node, string path) =>
        node is null ? null : Expect(node, path, JsonValueKind.String, "string");

    private static string? Expect(JsonNode? node, string path, JsonValueKind kind, string name)
    {
        var actual = node is JsonValue v ? v.GetValueKind() : JsonValueKind.Undefined;
        var ok = kind == JsonValueKind.True ? actual is JsonValueKind.True or JsonValueKind.False : actual == kind;
        return ok ? null : $"[{path}]: expected value of type [{name}] but got [{SubActionHttp.Kind(node)}]";
    }
}
