using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Templating.Internal;

/// <summary>
/// Converts a value of any shape into plain CLR values for the Kibana lambdas: <see cref="double"/>,
/// <see cref="string"/>, <see cref="bool"/>, <see langword="null"/>, <see cref="IReadOnlyList{T}"/> and
/// <see cref="IReadOnlyDictionary{TKey, TValue}"/> (Kibana-augmented: dotted keys expanded).
/// </summary>
internal static class PlainValues
{
    public static object? From(object? value, bool kibana, int depth)
    {
        if (depth > 64)
        {
            return null;
        }

        value = ValueAccess.Normalize(value);
        switch (ValueAccess.KindOf(value))
        {
            case ValueKind.Null or ValueKind.Lambda:
                return null;
            case ValueKind.String:
                return value switch
                {
                    string s => s,
                    JsonElement el => el.GetString(),
                    JsonValue jv => jv.GetValue<string>(),
                    _ => value!.ToString(),
                };
            case ValueKind.Bool:
                return value switch
                {
                    bool b => b,
                    JsonElement el => el.GetBoolean(),
                    _ => ((JsonValue)value!).GetValue<bool>(),
                };
            case ValueKind.Number:
                return value switch
                {
                    JsonElement el => el.GetDouble(),
                    JsonValue jv => ValueAccess.ToDouble(jv),
                    _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
                };
            case ValueKind.Array:
                {
                    var list = ValueAccess.AsList(value!);
                    var result = new List<object?>(list.Count);
                    foreach (var item in list)
                    {
                        result.Add(From(item, kibana, depth + 1));
                    }

                    return result;
                }

            case ValueKind.Object:
                {
                    var source = kibana && value is not ExpandedObject && ValueAccess.NeedsExpansion(value!) ? ExpandedObject.From(value!, 0) : value!;
                    var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var (key, item) in ValueAccess.Entries(source))
                    {
                        if (item is not Delegate && !(kibana && ValueAccess.IsDroppedKey(key)))
                        {
                            result[key] = From(item, kibana, depth + 1);
                        }
                    }

                    return result;
                }

            default:
                return value is ArrayAsJson a ? From(a.Array, kibana, depth) : RenderState.ScalarText(value!, kibana);
        }
    }
}
