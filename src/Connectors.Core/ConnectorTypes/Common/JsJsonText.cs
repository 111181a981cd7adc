using System.Text.Json;
using Connectors.Templating.Internal;

namespace Connectors.ConnectorTypes.Common;

/// <summary>
/// <c>JSON.stringify(JSON.parse(text))</c>: what axios sends when a connector parses a JSON string param and hands
/// the object over as <c>data</c> (numbers in JavaScript's form, the last of duplicate keys kept).
/// </summary>
internal static class JsJsonText
{
    /// <summary>Parses and re-serializes; <see langword="false"/> with JavaScript's <c>SyntaxError</c> text when it does not parse.</summary>
    public static bool TryReserialize(string text, out string json, out string error)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            json = JsJson.Stringify(PlainValues.From(document.RootElement, kibana: false, depth: 0));
            error = string.Empty;
            return true;
        }
        catch (JsonException ex)
        {
            json = string.Empty;
            error = $"Unexpected token in JSON at position {Position(text, ex)}";
            return false;
        }
    }

    private static long Position(string text, JsonException ex)
    {
        var line = ex.LineNumber ?? 0;
        var offset = 0;
        for (var i = 0; i < line && offset >= 0; i++)
        {
            offset = text.IndexOf('\n', offset) + 1;
        }

        return Math.Max(0, offset) + (ex.BytePositionInLine ?? 0);
    }
}
