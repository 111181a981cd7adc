using System.Buffers;
using System.Text;

namespace Connectors.Templating.Internal;

/// <summary>Decodes the raw UTF-8 of a JSON string (without its quotes) to UTF-16, undoing its escapes.</summary>
internal static class JsonUnescape
{
    /// <summary>
    /// Writes the decoded text to <paramref name="destination"/> (at least as long as <paramref name="raw"/>)
    /// and returns its length, or -1 when the text holds an escaped surrogate (left to <c>Utf8JsonReader</c>,
    /// which pairs them and rejects lone ones) or an escape this reader does not know.
    /// </summary>
    public static int TryDecode(ReadOnlySpan<byte> raw, Span<char> destination)
    {
        var written = 0;
        while (true)
        {
            var i = raw.IndexOf((byte)'\\');
            var plain = i < 0 ? raw : raw[..i];
            if (plain.Length > 0)
            {
                written += Widen(plain, destination[written..]);
            }

            if (i < 0)
            {
                return written;
            }

            if (i + 1 >= raw.Length)
            {
                return -1;
            }

            char c;
            var consumed = 2;
            switch (raw[i + 1])
            {
                case (byte)'"':
                    c = '"';
                    break;
                case (byte)'\\':
                    c = '\\';
                    break;
                case (byte)'/':
                    c = '/';
                    break;
                case (byte)'b':
                    c = '\b';
                    break;
                case (byte)'f':
                    c = '\f';
                    break;
                case (byte)'n':
                    c = '\n';
                    break;
                case (byte)'r':
                    c = '\r';
                    break;
                case (byte)'t':
                    c = '\t';
                    break;
                case (byte)'u':
                    if (i + 6 > raw.Length || !TryHex(raw.Slice(i + 2, 4), out c) || char.IsSurrogate(c))
                    {
                        return -1;
                    }

                    consumed = 6;
                    break;
                default:
                    return -1;
            }

            // An escape is at least two bytes and decodes to one char, so the destination keeps up.
            destination[written++] = c;
            raw = raw[(i + consumed)..];
        }
    }

    /// <summary>Decodes UTF-8 without escapes; ASCII (the usual case) is widened without the general decoder.</summary>
    public static int Widen(ReadOnlySpan<byte> utf8, Span<char> destination) =>
        Ascii.ToUtf16(utf8, destination, out var widened) == OperationStatus.Done ? widened : Encoding.UTF8.GetChars(utf8, destination);

    private static bool TryHex(ReadOnlySpan<byte> hex, out char value)
    {
        var v = 0;
        foreach (var b in hex)
        {
            var d = HexDigit(b);
            if (d < 0)
            {
                value = default;
                return false;
            }

            v = (v << 4) | d;
        }

        value = (char)v;
        return true;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
