using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Scriban.Runtime;

namespace Connectors.Templating.Internal;

/// <summary>
/// Turns template variables into a read-only snapshot of Scriban values: objects become
/// <see cref="ScriptObject"/>s, sequences <see cref="ScriptArray"/>s, scalars stay scalars. Nothing else of
/// .NET reaches the template: POCOs are copied through their public instance properties, so a template sees
/// data, never methods or types.
/// </summary>
internal static class ScribanModel
{
    private const int MaxDepth = 64;

    /// <summary>Converts <paramref name="value"/> to a Scriban value.</summary>
    internal static object? Convert(object? value) => Convert(value, 0);

    private static object? Convert(object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ScribanTemplateException($"Template variables are nested deeper than {MaxDepth} levels.");
        }

        switch (value)
        {
            case null:
                return null;
            case MustacheData data:
                return Convert(data.Variables, depth);
            case string or bool or int or long or double or decimal or float or short or byte or uint or ulong or sbyte or ushort:
                return value;
            case DateTime or DateTimeOffset or TimeSpan:
                return value;
            case Guid or Uri or Enum or char:
                return System.Convert.ToString(value, CultureInfo.InvariantCulture);
            case JsonNode node:
                return FromNode(node, depth);
            case JsonElement element:
                return FromElement(element, depth);
            case ScriptObject or ScriptArray:
                return value;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                return ReadOnly(pairs.Select(p => (p.Key, p.Value)), depth);
            case IDictionary dictionary:
                return ReadOnly(dictionary.Cast<DictionaryEntry>().Select(e => (System.Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty, e.Value)), depth);
            case IEnumerable sequence:
                var array = new ScriptArray();
                foreach (var item in sequence)
                {
                    array.Add(Convert(item, depth + 1));
                }

                array.IsReadOnly = true;
                return array;
            case Delegate or Type or MemberInfo or Assembly or Module or Stream or Task or CancellationToken or IntPtr or UIntPtr:
                return null;
            case var other when other.GetType().Namespace is { } ns && (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal)):
                return System.Convert.ToString(other, CultureInfo.InvariantCulture);
            default:
                return FromObject(value, depth);
        }
    }

    private static ScriptObject ReadOnly(IEnumerable<(string Key, object? Value)> members, int depth)
    {
        var obj = new ScriptObject(StringComparer.Ordinal);
        foreach (var (key, value) in members)
        {
            obj.SetValue(key, Convert(value, depth + 1), readOnly: true);
        }

        obj.IsReadOnly = true;
        return obj;
    }

    private static ScriptObject FromObject(object value, int depth)
    {
        var properties = value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true });
        return ReadOnly(properties.Select(p => (p.Name, p.GetValue(value))), depth);
    }

    private static object? FromNode(JsonNode node, int depth) => node switch
    {
        JsonObject obj => ReadOnly(obj.Select(p => (p.Key, (object?)p.Value)), depth),
        JsonArray array => Convert(array.Select(n => (object?)n).ToList(), depth),
        JsonValue v => FromValue(v, depth),
        _ => null,
    };

    // A JsonValue built from a CLR value (not parsed) holds that value, not a JsonElement.
    private static object? FromValue(JsonValue value, int depth)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return FromElement(element, depth);
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetValue<long>(out var l) ? l
                : value.TryGetValue<int>(out var i) ? i
                : double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    private static object? FromElement(JsonElement element, int depth) => element.ValueKind switch
    {
        JsonValueKind.Object => ReadOnly(element.EnumerateObject().Select(p => (p.Name, (object?)p.Value)), depth),
        JsonValueKind.Array => Convert(element.EnumerateArray().Select(e => (object?)e).ToList(), depth),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDouble(),
        _ => null,
    };

    /// <summary>Resolves a dotted path in a converted model for <c>eval_math</c> (numbers as <see cref="double"/>).</summary>
    internal static object? Resolve(object? model, string path)
    {
        var current = model;
        foreach (var segment in path.Split('.'))
        {
            current = current switch
            {
                ScriptObject obj => obj.TryGetValue(segment, out var v) ? v : null,
                ScriptArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return ToLambdaValue(current);
    }

    private static object? ToLambdaValue(object? value) => value switch
    {
        null or string or bool or double => value,
        int or long or decimal or float or short or byte or uint or ulong or sbyte or ushort => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
        ScriptArray array => array.Select(ToLambdaValue).ToList(),
        ScriptObject obj => obj.ToDictionary(p => p.Key, p => ToLambdaValue(p.Value), StringComparer.Ordinal),
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
