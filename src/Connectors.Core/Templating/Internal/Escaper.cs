using System.Buffers;

namespace Connectors.Templating.Internal;

/// <summary>The escape functions of §9.3 (Kibana) and the spec's HTML escape, writing into an <see cref="OutputBuffer"/>.</summary>
internal static class Escaper
{
    private static readonly SearchValues<char> HtmlKibana = SearchValues.Create("&<>\"'/`=");
    private static readonly SearchValues<char> HtmlSpec = SearchValues.Create("&<>\"'");
    private static readonly SearchValues<char> MarkdownChars = SearchValues.Create("\\|`*_{}[]()#+-.!");
    private static readonly SearchValues<char> SlackChars = SearchValues.Create("&<>`");
    private static readonly SearchValues<char> SlackMarkers = SearchValues.Create("_*");
    private static readonly SearchValues<char> JsonChars = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    private static readonly SearchValues<char> SlackAny = SearchValues.Create("&<>`_*");

    // UTF-8 bytes after which a JSON string's raw text cannot be copied as is: a backslash (JSON escape),
    // any non-ASCII byte, and the characters each escape rewrites.
    private static readonly SearchValues<byte> Utf8None = Utf8Stops("");
    private static readonly SearchValues<byte> Utf8HtmlKibana = Utf8Stops("&<>\"'/`=");
    private static readonly SearchValues<byte> Utf8HtmlSpec = Utf8Stops("&<>\"'");
    private static readonly SearchValues<byte> Utf8Markdown = Utf8Stops("\\|`*_{}[]()#+-.!");
    private static readonly SearchValues<byte> Utf8Slack = Utf8Stops("&<>`_*");
    private static readonly SearchValues<byte> Utf8Json = Utf8Stops(
        "\"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    /// <summary>
    /// The bytes that stop the plain copy of a JSON string's raw UTF-8 under <paramref name="escape"/>: when
    /// none occurs, the text is ASCII, needs no unescaping and no escaping.
    /// </summary>
    public static SearchValues<byte> Utf8Stoppers(MustacheEscape escape, bool kibana) => escape switch
    {
        MustacheEscape.None => Utf8None,
        MustacheEscape.Html => kibana ? Utf8HtmlKibana : Utf8HtmlSpec,
        MustacheEscape.Json => Utf8Json,
        MustacheEscape.Markdown => Utf8Markdown,
        _ => Utf8Slack,
    };

    private static readonly bool[][] StopTables = BuildStopTables();

    /// <summary>
    /// <see cref="Utf8Stoppers"/> as a table indexed by byte, for loops that check and copy short values in one pass.
    /// </summary>
    public static bool[] Utf8StopTable(MustacheEscape escape, bool kibana) => StopTables[((int)escape * 2) + (kibana ? 1 : 0)];

    private static bool[][] BuildStopTables()
    {
        var escapes = Enum.GetValues<MustacheEscape>();
        var tables = new bool[(escapes.Max(e => (int)e) + 1) * 2][];
        foreach (var escape in escapes)
        {
            foreach (var kibana in (bool[])[false, true])
            {
                var stoppers = Utf8Stoppers(escape, kibana);
                var table = new bool[256];
                for (var b = 0; b < 256; b++)
                {
                    table[b] = stoppers.Contains((byte)b);
                }

                tables[((int)escape * 2) + (kibana ? 1 : 0)] = table;
            }
        }

        return tables;
    }

    private static SearchValues<byte> Utf8Stops(string chars)
    {
        var bytes = new List<byte> { (byte)'\\' };
        foreach (var c in chars)
        {
            bytes.Add((byte)c);
        }

        for (var b = 0x80; b <= 0xFF; b++)
        {
            bytes.Add((byte)b);
        }

        return SearchValues.Create(bytes.Distinct().ToArray());
    }

    /// <summary>Whether <paramref name="value"/> would change under <paramref name="escape"/>.</summary>
    public static bool NeedsEscaping(ReadOnlySpan<char> value, MustacheEscape escape, bool kibana) => escape switch
    {
        MustacheEscape.None => false,
        MustacheEscape.Html => value.IndexOfAny(kibana ? HtmlKibana : HtmlSpec) >= 0,
        MustacheEscape.Json => IndexOfJsonSpecial(value) >= 0,
        MustacheEscape.Markdown => value.IndexOfAny(MarkdownChars) >= 0,
        _ => value.IndexOfAny(SlackAny) >= 0,
    };

    public static void Write(OutputBuffer output, ReadOnlySpan<char> value, MustacheEscape escape, bool kibana)
    {
        switch (escape)
        {
            case MustacheEscape.Html:
                WriteHtml(output, value, kibana);
                break;
            case MustacheEscape.Json:
                WriteJsonString(output, value);
                break;
            case MustacheEscape.Markdown:
                WriteMarkdown(output, value);
                break;
            case MustacheEscape.Slack:
                WriteSlack(output, value);
                break;
            default:
                output.Append(value);
                break;
        }
    }

    private static void WriteHtml(OutputBuffer output, ReadOnlySpan<char> value, bool kibana)
    {
        var set = kibana ? HtmlKibana : HtmlSpec;
        while (true)
        {
            var i = value.IndexOfAny(set);
            if (i < 0)
            {
                output.Append(value);
                return;
            }

            output.Append(value[..i]);
            output.Append(value[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '/' => "&#x2F;",
                '`' => "&#x60;",
                _ => "&#x3D;",
            });
            value = value[(i + 1)..];
        }
    }

    /// <summary>Writes the content of <c>JSON.stringify(value)</c> without the surrounding quotes.</summary>
    public static void WriteJsonString(OutputBuffer output, ReadOnlySpan<char> value)
    {
        while (true)
        {
            var i = IndexOfJsonSpecial(value);
            if (i < 0)
            {
                output.Append(value);
                return;
            }

            output.Append(value[..i]);
            var c = value[i];
            switch (c)
            {
                case '"':
                    output.Append("\\\"");
                    break;
                case '\\':
                    output.Append("\\\\");
                    break;
                case '\b':
                    output.Append("\\b");
                    break;
                case '\f':
                    output.Append("\\f");
                    break;
                case '\n':
                    output.Append("\\n");
                    break;
                case '\r':
                    output.Append("\\r");
                    break;
                case '\t':
                    output.Append("\\t");
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        output.Append(value.Slice(i, 2));
                        value = value[(i + 2)..];
                        continue;
                    }

                    output.Append("\\u");
                    var hex = output.GetSpan(4);
                    ((int)c).TryFormat(hex, out _, "x4", System.Globalization.CultureInfo.InvariantCulture);
                    output.Advance(4);
                    break;
            }

            value = value[(i + 1)..];
        }
    }

    private static int IndexOfJsonSpecial(ReadOnlySpan<char> value)
    {
        var i = value.IndexOfAny(JsonChars);
        var s = value.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (s < 0)
        {
            return i;
        }

        // Well-formed surrogate pairs pass through; the loop above handles them.
        return i < 0 ? s : Math.Min(i, s);
    }

    private static void WriteMarkdown(OutputBuffer output, ReadOnlySpan<char> value)
    {
        while (true)
        {
            var i = value.IndexOfAny(MarkdownChars);
            if (i < 0)
            {
                output.Append(value);
                return;
            }

            output.Append(value[..i]);
            output.Append('\\');
            output.Append(value[i]);
            value = value[(i + 1)..];
        }
    }

    private static void WriteSlack(OutputBuffer output, ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny(SlackAny) < 0)
        {
            output.Append(value);
            return;
        }

        if (value.IndexOfAny(SlackMarkers) >= 0 && !WhatwgUrl.CanParse(value))
        {
            output.Append('`');
            while (true)
            {
                var b = value.IndexOf('`');
                if (b < 0)
                {
                    output.Append(value);
                    break;
                }

                output.Append(value[..b]);
                output.Append('\'');
                value = value[(b + 1)..];
            }

            output.Append('`');
            return;
        }

        while (true)
        {
            var i = value.IndexOfAny(SlackChars);
            if (i < 0)
            {
                output.Append(value);
                return;
            }

            output.Append(value[..i]);
            output.Append(value[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => "'",
            });
            value = value[(i + 1)..];
        }
    }
}
