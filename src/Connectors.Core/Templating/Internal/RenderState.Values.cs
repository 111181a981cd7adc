using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Templating.Internal;

/// <summary>Value stringification: JavaScript's <c>String(value)</c> for every supported shape.</summary>
internal sealed partial class RenderState
{
    private void WriteValue(object? value, MustacheEscape escape)
    {
        switch (value)
        {
            case null:
                return;
            case string s:
                Escaper.Write(_out, s, escape, _kibana);
                return;
            case JsonValue jv:
                WriteJsonValue(jv, escape);
                return;
            case bool b:
                _out.Append(b ? "true" : "false");
                return;
            case double d:
                WriteNumber(d, escape);
                return;
            case int i:
                WriteInteger(i, escape);
                return;
            case long l:
                if (_kibana)
                {
                    WriteNumber(l, escape);
                }
                else
                {
                    WriteInteger(l, escape);
                }

                return;
            case JsonElement el:
                WriteElement(el, escape);
                return;
            case Delegate:
                return;
        }

        WriteOther(value, escape);
    }

    private void WriteJsonValue(JsonValue jv, MustacheEscape escape)
    {
        if (JsonElementValues.TryGetElement(jv, out var element))
        {
            WriteElement(element, escape);
        }
        else
        {
            WriteClrJsonValue(jv, escape);
        }
    }

    private void WriteOther(object value, MustacheEscape escape)
    {
        var start = _out.Length;
        switch (value)
        {
            case float f:
                WriteNumber(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), escape);
                return;
            case decimal m:
                if (_kibana)
                {
                    WriteNumber((double)m, escape);
                }
                else
                {
                    Escaper.Write(_out, m.ToString(CultureInfo.InvariantCulture), escape, _kibana);
                }

                return;
            case short or byte or uint or ulong or ushort or sbyte:
                if (_kibana)
                {
                    WriteNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture), escape);
                }
                else
                {
                    Escaper.Write(_out, Convert.ToString(value, CultureInfo.InvariantCulture), escape, _kibana);
                }

                return;
            case char c:
                Escaper.Write(_out, [c], escape, _kibana);
                return;
            case ArrayAsJson a:
                WriteJson(a.Array, 0);
                break;
            default:
                switch (ValueAccess.KindOf(value))
                {
                    case ValueKind.Array:
                        WriteJoined(value, 0);
                        break;
                    case ValueKind.Object:
                        if (_kibana && ValueAccess.TryGetMember(value, "toString", kibana: false, out var own) && own is not Delegate)
                        {
                            // JavaScript's String(obj) with an own, non-function toString.
                            throw new MustacheRenderException("Cannot convert object to primitive value");
                        }

                        WriteJson(value, 0);
                        break;
                    default:
                        Escaper.Write(_out, ScalarText(value, _kibana), escape, _kibana);
                        return;
                }

                break;
        }

        EscapeTail(start, escape);
    }

    internal static string ScalarText(object value, bool kibana) => value switch
    {
        DateTime dt => kibana ? dt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : dt.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => kibana ? dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : dto.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Escapes, in place, what was written since <paramref name="start"/>.</summary>
    private void EscapeTail(int start, MustacheEscape escape)
    {
        if (escape == MustacheEscape.None || _out.Length == start)
        {
            return;
        }

        var length = _out.Length - start;
        var rented = ArrayPool<char>.Shared.Rent(length);
        try
        {
            _out.Written[start..].CopyTo(rented);
            _out.Truncate(start);
            Escaper.Write(_out, rented.AsSpan(0, length), escape, _kibana);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private void WriteNumber(double value, MustacheEscape escape)
    {
        // mustache.js never escapes numbers when Mustache.escape is the escape in use, as Kibana sets it.
        escape = _kibana ? MustacheEscape.None : escape;
        Span<char> buffer = stackalloc char[64];
        var n = JsNumber.Format(value, buffer);
        Escaper.Write(_out, buffer[..n], escape, _kibana);
    }

    private void WriteInteger(long value, MustacheEscape escape)
    {
        escape = _kibana ? MustacheEscape.None : escape;
        Span<char> buffer = stackalloc char[24];
        value.TryFormat(buffer, out var n, default, CultureInfo.InvariantCulture);
        Escaper.Write(_out, buffer[..n], escape, _kibana);
    }

    private void WriteClrJsonValue(JsonValue jv, MustacheEscape escape)
    {
        switch (jv.GetValueKind())
        {
            case JsonValueKind.String:
                Escaper.Write(_out, jv.GetValue<string>(), escape, _kibana);
                break;
            case JsonValueKind.Number:
                WriteNumber(ValueAccess.ToDouble(jv), escape);
                break;
            case JsonValueKind.True:
                _out.Append("true");
                break;
            case JsonValueKind.False:
                _out.Append("false");
                break;
        }
    }

    private void WriteElement(JsonElement element, MustacheEscape escape)
    {
        // The raw text's first byte tells the kind: one lookup in the document instead of two.
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length > 0)
        {
            switch (raw[0])
            {
                case (byte)'"':
                    WriteUtf8String(element, raw, escape);
                    return;
                case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                    WriteUtf8Number(element, raw, escape);
                    return;
            }
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                WriteUtf8String(element, JsonMarshal.GetRawUtf8Value(element), escape);
                break;
            case JsonValueKind.Number:
                WriteUtf8Number(element, JsonMarshal.GetRawUtf8Value(element), escape);
                break;
            case JsonValueKind.True:
                _out.Append("true");
                break;
            case JsonValueKind.False:
                _out.Append("false");
                break;
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                WriteOther(element, escape);
                break;
        }
    }

    private void WriteUtf8String(JsonElement element, ReadOnlySpan<byte> quoted, MustacheEscape escape)
    {
        var raw = quoted.Length >= 2 && quoted[0] == (byte)'"' ? quoted[1..^1] : quoted;

        if (raw.Length <= 24 && escape == _escape && _out.Fits(raw.Length))
        {
            // Short values (most of them): check and widen in one pass; anything the escape or JSON would change stops
            // the copy before the output advances.
            var destination = _out.GetSpan(raw.Length);
            ref var table = ref MemoryMarshal.GetArrayDataReference(_stopTable);
            var copied = 0;
            for (; copied < raw.Length; copied++)
            {
                var b = raw[copied];
                if (Unsafe.Add(ref table, b))
                {
                    break;
                }

                destination[copied] = (char)b;
            }

            if (copied == raw.Length)
            {
                _out.Advance(copied);
                return;
            }

            WriteUtf8StringSlow(element, quoted, raw, escape);
            return;
        }

        if (raw.IndexOfAny(escape == _escape ? _stoppers : Escaper.Utf8Stoppers(escape, _kibana)) < 0 && _out.Fits(raw.Length))
        {
            // Plain ASCII that neither JSON nor the escape changes: widen it straight into the output.
            System.Text.Ascii.ToUtf16(raw, _out.GetSpan(raw.Length), out var widened);
            _out.Advance(widened);
            return;
        }

        WriteUtf8StringSlow(element, quoted, raw, escape);
    }

    /// <summary>Strings with JSON escapes, non-ASCII text or characters the escape rewrites.</summary>
    private void WriteUtf8StringSlow(JsonElement element, ReadOnlySpan<byte> quoted, ReadOnlySpan<byte> raw, MustacheEscape escape)
    {
        if (!_out.Fits(raw.Length))
        {
            // Near the length limit: the decoded text may still fit, so let the exact checks decide.
            Escaper.Write(_out, element.GetString(), escape, _kibana);
            return;
        }

        // Decode (and unescape) straight into the output; most values need no escaping and stay there.
        var span = _out.GetSpan(raw.Length);
        int written;
        if (raw.IndexOf((byte)'\\') < 0)
        {
            written = JsonUnescape.Widen(raw, span);
        }
        else if (quoted.Length >= 2 && quoted[0] == (byte)'"')
        {
            written = JsonUnescape.TryDecode(raw, span);
            if (written < 0)
            {
                // Escaped surrogates: the reader pairs them and rejects lone ones.
                var reader = new Utf8JsonReader(quoted);
                reader.Read();
                written = reader.CopyString(span);
            }
        }
        else
        {
            Escaper.Write(_out, element.GetString(), escape, _kibana);
            return;
        }

        if (!Escaper.NeedsEscaping(span[..written], escape, _kibana))
        {
            _out.Advance(written);
            _out.CheckLimit();
            return;
        }

        // The escape rewrites the text: copy it out of the output's tail and write it back escaped (through
        // the state's scratch array, or a pooled one for long text; a stackalloc would be zeroed every time).
        char[]? rented = null;
        var buffer = written <= _scratch.Length ? _scratch : (rented = ArrayPool<char>.Shared.Rent(written));
        span[..written].CopyTo(buffer);
        Escaper.Write(_out, buffer.AsSpan(0, written), escape, _kibana);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private void WriteUtf8Number(JsonElement element, ReadOnlySpan<byte> raw, MustacheEscape escape)
    {
        escape = _kibana ? MustacheEscape.None : escape;
        if (raw.Length <= 16 && IsCanonicalJsNumber(raw) && _out.Fits(raw.Length))
        {
            if (escape != MustacheEscape.None)
            {
                WriteEscapedAscii(raw, escape);
                return;
            }

            // Already JavaScript's text (and within the limit): widen it straight into the output.
            var chars = _out.GetSpan(raw.Length);
            for (var i = 0; i < raw.Length; i++)
            {
                chars[i] = (char)raw[i];
            }

            _out.Advance(raw.Length);
            return;
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            d = element.GetDouble();
        }

        WriteNumber(d, escape);
    }

    private void WriteEscapedAscii(ReadOnlySpan<byte> raw, MustacheEscape escape)
    {
        Span<char> chars = stackalloc char[16];
        for (var i = 0; i < raw.Length; i++)
        {
            chars[i] = (char)raw[i];
        }

        Escaper.Write(_out, chars[..raw.Length], escape, _kibana);
    }

    /// <summary>
    /// Whether JSON number text is already what JavaScript prints for it: no exponent, no leading zeros, no
    /// trailing fraction zeros, at most 15 significant digits (so it round-trips), not -0, not below 1e-6.
    /// </summary>
    private static bool IsCanonicalJsNumber(ReadOnlySpan<byte> raw)
    {
        var i = raw.Length > 0 && raw[0] == (byte)'-' ? 1 : 0;
        var intStart = i;
        while (i < raw.Length && raw[i] is >= (byte)'0' and <= (byte)'9')
        {
            i++;
        }

        var intDigits = i - intStart;
        if (intDigits == 0 || (intDigits > 1 && raw[intStart] == (byte)'0'))
        {
            return false;
        }

        if (i == raw.Length)
        {
            return intDigits <= 15 && !(intStart == 1 && raw[1] == (byte)'0');
        }

        if (raw[i] != (byte)'.')
        {
            return false;
        }

        var fracStart = ++i;
        while (i < raw.Length && raw[i] is >= (byte)'0' and <= (byte)'9')
        {
            i++;
        }

        var fracDigits = i - fracStart;
        if (i != raw.Length || fracDigits == 0 || raw[^1] == (byte)'0')
        {
            return false;
        }

        if (raw[intStart] != (byte)'0')
        {
            return intDigits + fracDigits <= 15;
        }

        // 0.000…: JavaScript switches to exponent notation below 1e-6.
        var zeros = 0;
        while (zeros < fracDigits && raw[fracStart + zeros] == (byte)'0')
        {
            zeros++;
        }

        return zeros < 6 && fracDigits - zeros <= 15;
    }

    /// <summary>JavaScript's <c>Array.prototype.toString</c>: items joined by commas, null as empty.</summary>
    private void WriteJoined(object array, int depth)
    {
        CheckJsonDepth(depth);
        var list = array is JsonArray or System.Collections.IList ? array : ValueAccess.AsList(array);
        var count = ValueAccess.ArrayCount(list);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                _out.Append(',');
            }

            var item = ValueAccess.ArrayItem(list, i);
            switch (ValueAccess.KindOf(item))
            {
                case ValueKind.Null or ValueKind.Lambda:
                    break;
                case ValueKind.Array:
                    WriteJoined(item!, depth + 1);
                    break;
                case ValueKind.Object:
                    WriteJson(item!, depth + 1);
                    break;
                default:
                    WriteValue(item, MustacheEscape.None);
                    break;
            }
        }
    }

    private void CheckJsonDepth(int depth)
    {
        if (depth > _maxDepth)
        {
            throw new MustacheRenderException("A value nests deeper than MaxDepth (" + _maxDepth.ToString(CultureInfo.InvariantCulture) + "); it may be circular.");
        }
    }

    /// <summary>Compact JSON, as <c>JSON.stringify</c> writes it.</summary>
    private void WriteJson(object? value, int depth)
    {
        CheckJsonDepth(depth);
        switch (ValueAccess.KindOf(value))
        {
            case ValueKind.Null or ValueKind.Lambda:
                _out.Append("null");
                return;
            case ValueKind.String:
                _out.Append('"');
                Escaper.WriteJsonString(_out, value is string s ? s : value is char c ? c.ToString() : value is JsonElement el ? el.GetString() : ((JsonValue)value!).GetValue<string>());
                _out.Append('"');
                return;
            case ValueKind.Bool or ValueKind.Number:
                {
                    var start = _out.Length;
                    WriteValue(value, MustacheEscape.None);
                    if (_out.Written[start..] is "NaN" or "Infinity" or "-Infinity")
                    {
                        _out.Truncate(start);
                        _out.Append("null");
                    }

                    return;
                }

            case ValueKind.Array:
                {
                    var list = value is JsonArray or System.Collections.IList ? value : ValueAccess.AsList(value!);
                    var count = ValueAccess.ArrayCount(list!);
                    _out.Append('[');
                    for (var i = 0; i < count; i++)
                    {
                        if (i > 0)
                        {
                            _out.Append(',');
                        }

                        WriteJson(ValueAccess.ArrayItem(list!, i), depth + 1);
                    }

                    _out.Append(']');
                    return;
                }

            case ValueKind.Object:
                WriteJsonObject(value!, depth);
                return;
            default:
                if (value is ArrayAsJson a)
                {
                    WriteJson(a.Array, depth + 1);
                    return;
                }

                _out.Append('"');
                Escaper.WriteJsonString(_out, ScalarText(value!, _kibana));
                _out.Append('"');
                return;
        }
    }

    private void WriteJsonObject(object value, int depth)
    {
        if (_kibana && value is not ExpandedObject && ValueAccess.NeedsExpansion(value))
        {
            value = ExpandedObject.From(value, 0);
        }

        var entries = ValueAccess.Entries(value);
        if (_kibana)
        {
            var list = entries.ToList();
            var toString = list.FindIndex(e => e.Key == "toString");
            if (toString > 0)
            {
                // Kibana seeds every object with toString, so a user key of that name keeps the first place.
                var entry = list[toString];
                list.RemoveAt(toString);
                list.Insert(0, entry);
            }

            if (list.Exists(e => IsArrayIndex(e.Key)))
            {
                // JavaScript orders integer-like keys first, ascending, then the rest in insertion order.
                list = [.. list.Where(e => IsArrayIndex(e.Key)).OrderBy(e => uint.Parse(e.Key, CultureInfo.InvariantCulture)), .. list.Where(e => !IsArrayIndex(e.Key))];
            }

            entries = list;
        }

        _out.Append('{');
        var first = true;
        foreach (var (key, item) in entries)
        {
            if (item is Delegate || (_kibana && ValueAccess.IsDroppedKey(key)))
            {
                continue;
            }

            if (!first)
            {
                _out.Append(',');
            }

            first = false;
            _out.Append('"');
            Escaper.WriteJsonString(_out, key);
            _out.Append("\":");
            WriteJson(item, depth + 1);
        }

        _out.Append('}');
    }

    private static bool IsArrayIndex(string key) =>
        key.Length is > 0 and <= 10 && (key == "0" || key[0] != '0') && uint.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n != uint.MaxValue;

    /// <summary>A value as text, for lambda results and dynamic names (allocates).</summary>
    private string ToText(object? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        if (value is string s)
        {
            return s;
        }

        var start = _out.Length;
        WriteValue(value, MustacheEscape.None);
        var text = _out.ToStringAndKeep(start);
        _out.Truncate(start);
        return text;
    }
}
