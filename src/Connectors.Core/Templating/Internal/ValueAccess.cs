using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Templating.Internal;

/// <summary>Reads values of every supported shape: kinds, members, array items, object entries, truthiness.</summary>
internal static class ValueAccess
{
    public static bool IsDroppedKey(string key) =>
        key.Length is 9 or 11 && key[0] is '_' or 'c' or 'p' && key is "__proto__" or "constructor" or "prototype";

    public static ValueKind KindOf(object? value)
    {
        switch (value)
        {
            case null:
                return ValueKind.Null;
            case string:
                return ValueKind.String;
            case JsonNode node:
                return node switch
                {
                    JsonObject => ValueKind.Object,
                    JsonArray => ValueKind.Array,
                    _ => KindOf(node.GetValueKind()),
                };
            case bool:
                return ValueKind.Bool;
            case double or int or long or float or decimal or short or byte or uint or ulong or ushort or sbyte:
                return ValueKind.Number;
            case JsonElement element:
                return KindOf(element.ValueKind);
            case ExpandedObject:
                return ValueKind.Object;
            case ArrayAsJson:
                return ValueKind.Other;
            case Delegate:
                return ValueKind.Lambda;
            case IList:
                return ValueKind.Array;
            case IDictionary<string, object?> or IReadOnlyDictionary<string, object?>:
                return ValueKind.Object;
            case char:
                return ValueKind.String;
            default:
                return TypeModel.For(value.GetType()).Kind;
        }
    }

    private static ValueKind KindOf(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => ValueKind.String,
        JsonValueKind.Number => ValueKind.Number,
        JsonValueKind.True or JsonValueKind.False => ValueKind.Bool,
        JsonValueKind.Object => ValueKind.Object,
        JsonValueKind.Array => ValueKind.Array,
        _ => ValueKind.Null,
    };

    /// <summary>Unwraps JSON values into the shape the engine handles directly (JsonValue objects, JSON null).</summary>
    public static object? Normalize(object? value)
    {
        if (value is JsonValue jv)
        {
            var kind = jv.GetValueKind();
            if (kind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                return null;
            }

            if (kind is JsonValueKind.Object or JsonValueKind.Array && JsonElementValues.TryGetElement(jv, out var el))
            {
                return el;
            }
        }
        else if (value is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
        {
            return null;
        }

        return value;
    }

    public static bool TryGetMember(object container, string key, bool kibana, out object? value)
    {
        if (kibana && IsDroppedKey(key))
        {
            value = null;
            return false;
        }

        bool found;
        var dotted = false;
        switch (container)
        {
            case JsonObject jo:
                if (kibana && jo.Count <= 16)
                {
                    // One pass finds the key and any dotted key below it, without hashing.
                    found = false;
                    value = null;
                    for (var i = 0; i < jo.Count; i++)
                    {
                        var entry = jo.GetAt(i);
                        var k = entry.Key;
                        if (k.Length == key.Length)
                        {
                            if (!found && SameChars(k, key))
                            {
                                found = true;
                                value = entry.Value;
                            }
                        }
                        else if (!dotted && IsDottedChild(k, key))
                        {
                            dotted = true;
                        }
                    }
                }
                else
                {
                    found = jo.TryGetPropertyValue(key, out var node);
                    value = node;
                    dotted = kibana && HasDottedKey(jo, key);
                }

                if (!dotted)
                {
                    // JsonNode holds JSON null as a CLR null, and objects and arrays as JsonObject and
                    // JsonArray; a JsonValue wrapping an object element is handled where it is read.
                    return found || (kibana && key == "toString" && FoundToString(container, out value));
                }

                break;
            case JsonArray ja:
                return TryGetArrayMember(ja, ja.Count, key, kibana, out value);
            case JsonElement { ValueKind: JsonValueKind.Object } el:
                found = el.TryGetProperty(key, out var child);
                value = found ? child : null;
                dotted = kibana && HasDottedKey(el, key);
                break;
            case JsonElement { ValueKind: JsonValueKind.Array } el:
                return TryGetArrayMember(el, el.GetArrayLength(), key, kibana, out value);
            case JsonValue jv:
                if (TryGetStructuredElement(jv, out var wrapped))
                {
                    return TryGetMember(wrapped, key, kibana, out value);
                }

                if (kibana && jv.GetValueKind() == JsonValueKind.String)
                {
                    return TryGetStringMember(jv.GetValue<string>(), key, kibana, out value);
                }

                value = null;
                return false;
            case string s:
                // mustache.js sees a string's own properties: its length and its characters by index.
                return TryGetStringMember(s, key, kibana, out value);
            case JsonElement { ValueKind: JsonValueKind.String } el when kibana:
                return TryGetStringMember(el.GetString()!, key, kibana, out value);
            case JsonElement:
                value = null;
                return false;
            case Dictionary<string, object?> d:
                if (kibana && d.Count <= 16 && ReferenceEquals(d.Comparer, EqualityComparer<string>.Default))
                {
                    found = false;
                    value = null;
                    foreach (var entry in d)
                    {
                        var k = entry.Key;
                        if (k.Length == key.Length)
                        {
                            if (!found && SameChars(k, key))
                            {
                                found = true;
                                value = entry.Value;
                            }
                        }
                        else if (!dotted && IsDottedChild(k, key))
                        {
                            dotted = true;
                        }
                    }
                }
                else
                {
                    found = d.TryGetValue(key, out value);
                    dotted = kibana && HasDottedKey(d.Keys, key);
                }

                break;
            case ExpandedObject eo:
                found = eo.TryGet(key, out value);
                break;
            default:
                var model = TypeModel.For(container.GetType());
                if (model.Kind == ValueKind.Array)
                {
                    var list = AsList(container);
                    return TryGetArrayMember(list, list.Count, key, kibana, out value);
                }

                found = model.TryGetMember(container, key, out value);
                dotted = kibana && model.Kind == ValueKind.Object && HasDottedKey(model.Entries(container), key);
                break;
        }

        if (dotted)
        {
            found = ExpandedObject.TryResolve(container, key, out value);
        }

        if (!found && kibana && key == "toString" && FoundToString(container, out value))
        {
            return true;
        }

        value = Normalize(value);
        return found;
    }

    /// <summary>
    /// The Kibana-mode member read of a JSON object on the fast path: 1 found (the raw node, not normalized),
    /// 0 not found, -1 when the general <see cref="TryGetMember"/> must decide (dotted keys, dropped keys,
    /// <c>toString</c>, large objects).
    /// </summary>
    public static int TryGetJsonObjectMember(JsonObject jo, string key, out JsonNode? value)
    {
        if (IsDroppedKey(key))
        {
            value = null;
            return -1;
        }

        return TryGetPlainJsonObjectMember(jo, key, out value);
    }

    /// <summary><see cref="TryGetJsonObjectMember"/> for a key known not to be one Kibana drops.</summary>
    public static int TryGetPlainJsonObjectMember(JsonObject jo, string key, out JsonNode? value)
    {
        value = null;
        var count = jo.Count;
        if (count > 16)
        {
            return -1;
        }

        var found = false;
        for (var i = 0; i < count; i++)
        {
            var entry = jo.GetAt(i);
            var k = entry.Key;
            if (k.Length == key.Length)
            {
                if (!found && SameChars(k, key))
                {
                    found = true;
                    value = entry.Value;
                }
            }
            else if (k.Length > key.Length && k[key.Length] == '.' && k.StartsWith(key, StringComparison.Ordinal))
            {
                return -1;
            }
        }

        return found ? 1 : key == "toString" ? -1 : 0;
    }

    /// <summary>
    /// The Kibana-mode member read of a plain <c>Dictionary&lt;string, object?&gt;</c> on the fast path: 1 found
    /// (the raw value, not normalized), 0 not found, -1 when the general <see cref="TryGetMember"/> must
    /// decide (dotted keys, dropped keys, <c>toString</c>, large or non-ordinal dictionaries).
    /// </summary>
    public static int TryGetDictionaryMember(Dictionary<string, object?> d, string key, out object? value)
    {
        value = null;
        if (d.Count > 16 || IsDroppedKey(key) || !IsOrdinal(d.Comparer))
        {
            return -1;
        }

        var found = false;
        foreach (var entry in d)
        {
            var k = entry.Key;
            if (k.Length == key.Length)
            {
                if (!found && SameChars(k, key))
                {
                    found = true;
                    value = entry.Value;
                }
            }
            else if (k.Length > key.Length && k[key.Length] == '.' && k.StartsWith(key, StringComparison.Ordinal))
            {
                return -1;
            }
        }

        return found ? 1 : key == "toString" ? -1 : 0;
    }

    /// <summary>
    /// Ordinal equality of two strings of the same length; names of 2 to 8 characters are compared with two
    /// overlapping machine-word reads, inline, instead of a call to the general span comparison.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool SameChars(string candidate, string key)
    {
        var length = key.Length;
        ref var a = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(candidate.AsSpan()));
        ref var b = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(key.AsSpan()));
        if (length is >= 4 and <= 8)
        {
            return Unsafe.ReadUnaligned<ulong>(ref a) == Unsafe.ReadUnaligned<ulong>(ref b) &&
                Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, (length * 2) - 8)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, (length * 2) - 8));
        }

        if (length is >= 2 and < 4)
        {
            return Unsafe.ReadUnaligned<uint>(ref a) == Unsafe.ReadUnaligned<uint>(ref b) &&
                Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref a, (length * 2) - 4)) == Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, (length * 2) - 4));
        }

        return (length == 0 || candidate[0] == key[0]) && string.Equals(candidate, key, StringComparison.Ordinal);
    }

    private static bool IsOrdinal(IEqualityComparer<string> comparer) =>
        ReferenceEquals(comparer, EqualityComparer<string>.Default) || ReferenceEquals(comparer, StringComparer.Ordinal);

    private static bool TryGetStringMember(string s, string key, bool kibana, out object? value)
    {
        if (kibana)
        {
            if (key == "length")
            {
                value = s.Length;
                return true;
            }

            if (key.Length > 0 && char.IsAsciiDigit(key[0]) && int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < s.Length)
            {
                value = s[index].ToString();
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>An object's <c>toString</c> when the object has no such key: the object itself (it renders as JSON).</summary>
    private static bool FoundToString(object container, out object? value)
    {
        value = KindOf(container) == ValueKind.Object ? container : null;
        return value is not null;
    }

    /// <summary>A JsonValue that wraps an object or array element (JsonValue.Create(element)).</summary>
    private static bool TryGetStructuredElement(JsonValue jv, out object element)
    {
        if (JsonElementValues.TryGetElement(jv, out var el) && el.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            element = el;
            return true;
        }

        element = jv;
        return false;
    }

    private static bool TryGetArrayMember(object array, int count, string key, bool kibana, out object? value)
    {
        if (key.Length > 0 && char.IsAsciiDigit(key[0]) && int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            if (index < count)
            {
                value = Normalize(ArrayItem(array, index));
                return true;
            }
        }
        else if (kibana)
        {
            switch (key)
            {
                case "asJSON":
                    value = new ArrayAsJson(array);
                    return true;
                case "length":
                    value = count;
                    return true;
                case "toString":
                    value = array;
                    return true;
            }
        }

        value = null;
        return false;
    }

    private static bool HasDottedKey(JsonObject jo, string key)
    {
        for (var i = 0; i < jo.Count; i++)
        {
            if (IsDottedChild(jo.GetAt(i).Key, key))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasDottedKey(JsonElement el, string key)
    {
        foreach (var p in el.EnumerateObject())
        {
            if (p.Name.Length > key.Length && IsDottedChild(p.Name, key))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasDottedKey(Dictionary<string, object?>.KeyCollection keys, string key)
    {
        foreach (var k in keys)
        {
            if (IsDottedChild(k, key))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasDottedKey(IEnumerable<KeyValuePair<string, object?>> entries, string key)
    {
        foreach (var e in entries)
        {
            if (IsDottedChild(e.Key, key))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDottedChild(string candidate, string key) =>
        candidate.Length > key.Length && candidate[key.Length] == '.' && candidate.StartsWith(key, StringComparison.Ordinal);

    /// <summary>Whether an object has any key containing a dot or a key Kibana drops (so it needs augmenting).</summary>
    public static bool NeedsExpansion(object obj)
    {
        foreach (var e in Entries(obj))
        {
            if (e.Key.Contains('.', StringComparison.Ordinal) || IsDroppedKey(e.Key))
            {
                return true;
            }
        }

        return false;
    }

    public static IEnumerable<KeyValuePair<string, object?>> Entries(object obj)
    {
        switch (obj)
        {
            case JsonObject jo:
                foreach (var p in jo)
                {
                    yield return new(p.Key, Normalize(p.Value));
                }

                break;
            case JsonElement { ValueKind: JsonValueKind.Object } el:
                foreach (var p in el.EnumerateObject())
                {
                    yield return new(p.Name, Normalize(p.Value));
                }

                break;
            case JsonValue jv:
                if (TryGetStructuredElement(jv, out var wrapped))
                {
                    foreach (var p in Entries(wrapped))
                    {
                        yield return p;
                    }
                }

                break;
            case Dictionary<string, object?> d:
                foreach (var p in d)
                {
                    yield return new(p.Key, Normalize(p.Value));
                }

                break;
            case ExpandedObject eo:
                foreach (var p in eo.Entries)
                {
                    yield return p;
                }

                break;
            default:
                foreach (var p in TypeModel.For(obj.GetType()).Entries(obj))
                {
                    yield return new(p.Key, Normalize(p.Value));
                }

                break;
        }
    }

    public static int ArrayCount(object array) => array switch
    {
        JsonValue jv when TryGetStructuredElement(jv, out var el) => ArrayCount(el),
        JsonArray ja => ja.Count,
        JsonElement el => el.GetArrayLength(),
        IList list => list.Count,
        _ => AsList(array).Count,
    };

    public static object? ArrayItem(object array, int index) => array switch
    {
        JsonArray ja => ja[index],
        JsonValue jv when TryGetStructuredElement(jv, out var el) => ArrayItem(el, index),
        JsonElement el => Normalize(el[index]),
        IList list => Normalize(list[index]),
        _ => Normalize(AsList(array)[index]),
    };

    /// <summary>An indexable view of an array value; allocates only for plain sequences.</summary>
    public static IList AsList(object array) => array switch
    {
        JsonValue jv when TryGetStructuredElement(jv, out var el) => AsList(el),
        IList list => list,
        JsonElement el => el.EnumerateArray().Select(e => (object?)e).ToList(),
        IEnumerable e => e.Cast<object?>().ToList(),
        _ => Array.Empty<object?>(),
    };

    /// <summary>Mustache truthiness: spec semantics, or JavaScript's when <paramref name="kibana"/>.</summary>
    public static bool IsTruthy(object? value, bool kibana)
    {
        switch (value)
        {
            case null:
                return false;
            case bool b:
                return b;
            case string s:
                return !kibana || s.Length > 0;
            case JsonValue jv:
                switch (jv.GetValueKind())
                {
                    case JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined:
                        return false;
                    case JsonValueKind.True:
                        return true;
                    case JsonValueKind.String:
                        return !kibana || !IsEmptyJsonString(jv);
                    case JsonValueKind.Number:
                        return !kibana || IsNonZero(ToDouble(jv));
                    default:
                        return true;
                }

            case JsonElement el:
                return el.ValueKind switch
                {
                    JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => false,
                    JsonValueKind.String => !kibana || el.GetString()!.Length > 0,
                    JsonValueKind.Number => !kibana || IsNonZero(el.GetDouble()),
                    JsonValueKind.Array => el.GetArrayLength() > 0,
                    _ => true,
                };
            case JsonArray ja:
                return ja.Count > 0;
            case double or int or long or float or decimal or short or byte or uint or ulong or ushort or sbyte:
                return !kibana || IsNonZero(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case Delegate:
                return true;
            case ICollection c:
                return c.Count > 0;
            default:
                var kind = KindOf(value);
                return kind != ValueKind.Array || AsList(value).Count > 0;
        }
    }

    private static bool IsNonZero(double d) => d != 0 && !double.IsNaN(d);

    private static bool IsEmptyJsonString(JsonValue jv) =>
        JsonElementValues.TryGetElement(jv, out var el) ? el.ValueEquals(ReadOnlySpan<byte>.Empty) : jv.GetValue<string>().Length == 0;

    public static double ToDouble(JsonValue jv)
    {
        if (JsonElementValues.TryGetElement(jv, out var el))
        {
            return el.GetDouble();
        }

        if (jv.TryGetValue<double>(out var d))
        {
            return d;
        }

        return double.Parse(jv.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
