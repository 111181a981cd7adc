using System.Text;

namespace Connectors.Templating.Internal;

/// <summary>JavaScript's <c>encodeURI</c> and <c>encodeURIComponent</c> (ECMA-262 Encode with their unescaped sets).</summary>
internal static class JsUri
{
    private const string UriReservedAndHash = ";/?:@&=+$,#";
    private const string UriMark = "-_.!~*'()";

    /// <summary>JavaScript's <c>encodeURI</c>; <see langword="null"/> when the text holds a lone surrogate (URIError).</summary>
    internal static string? EncodeUri(string text) => Encode(text, component: false);

    /// <summary>JavaScript's <c>encodeURIComponent</c>; <see langword="null"/> when the text holds a lone surrogate (URIError).</summary>
    internal static string? EncodeUriComponent(string text) => Encode(text, component: true);

    private static string? Encode(string text, bool component)
    {
        StringBuilder? sb = null;
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c) || UriMark.Contains(c, StringComparison.Ordinal)
                || (!component && UriReservedAndHash.Contains(c, StringComparison.Ordinal)))
            {
                sb?.Append(c);
                continue;
            }

            sb ??= new StringBuilder(text.Length * 3).Append(text, 0, i);
            int codePoint;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return null;
                }

                codePoint = char.ConvertToUtf32(c, text[i + 1]);
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return null;
            }
            else
            {
                codePoint = c;
            }

            var count = new Rune(codePoint).EncodeToUtf8(utf8);
            for (var b = 0; b < count; b++)
            {
                sb.Append('%').Append(HexUpper[utf8[b] >> 4]).Append(HexUpper[utf8[b] & 0xF]);
            }
        }

        return sb?.ToString() ?? text;
    }

    private const string HexUpper = "0123456789ABCDEF";
}
