using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Templating.Internal;

/// <summary>
/// Reads the <see cref="JsonElement"/> inside the <see cref="JsonValue"/>s that <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/>
/// creates, without the generic virtual call of <see cref="JsonValue.TryGetValue{T}(out T)"/> (a runtime lookup on
/// every call, about 3 ns, for each value a render writes).
/// </summary>
/// <remarks>
/// Those values are instances of one internal, sealed type deriving from <c>JsonValue&lt;JsonElement&gt;</c>, whose
/// field <c>Value</c> is the element that <c>TryGetValue&lt;JsonElement&gt;</c> returns. The field is read through an
/// <see cref="UnsafeAccessorAttribute"/> only for instances of exactly that type, and only after a probe at start-up
/// found the type and the field and saw the field hold what the public API returns; otherwise (another
/// System.Text.Json, trimmed, renamed) every value takes the public call.
/// </remarks>
internal static class JsonElementValues
{
    /// <summary>The exact type whose field is read, or null when the probe failed.</summary>
    private static readonly Type? ElementValueType = Probe();

    /// <summary>The element a JSON value wraps, as <see cref="JsonValue.TryGetValue{T}(out T)"/> gives it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGetElement(JsonValue value, out JsonElement element)
    {
        if (value.GetType() == ElementValueType)
        {
            element = ElementField<JsonElement>.Value(value);
            return true;
        }

        return value.TryGetValue(out element);
    }

    /// <summary>
    /// The element of a value parsed from JSON; false for every other kind of <see cref="JsonValue"/> (which may
    /// wrap a CLR object whose converter or <c>ToString</c> is user code).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGetParsedElement(JsonValue value, out JsonElement element)
    {
        if (value.GetType() == ElementValueType)
        {
            element = ElementField<JsonElement>.Value(value);
            return true;
        }

        element = default;
        return false;
    }

    private static Type? Probe()
    {
        try
        {
            using var document = JsonDocument.Parse("[\"probe\",1.5]");
            var first = JsonValue.Create(document.RootElement[0])!;
            var second = JsonValue.Create(document.RootElement[1])!;
            var type = first.GetType();
            if (type != second.GetType() || !type.IsSealed || type.BaseType != typeof(JsonValue).Assembly.GetType("System.Text.Json.Nodes.JsonValue`1")?.MakeGenericType(typeof(JsonElement)))
            {
                return null;
            }

            return Same(first) && Same(second) ? type : null;
        }
        catch (Exception ex) when (ex is MissingMemberException or TypeLoadException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return null;
        }

        static bool Same(JsonValue value) =>
            value.TryGetValue<JsonElement>(out var expected) &&
            ElementField<JsonElement>.Value(value) is var actual &&
            actual.ValueKind == expected.ValueKind &&
            actual.GetRawText() == expected.GetRawText();
    }

    private static class ElementField<T>
    {
        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "Value")]
        public static extern ref T Value([UnsafeAccessorType("System.Text.Json.Nodes.JsonValue`1[[!0]], System.Text.Json")] object value);
    }
}
