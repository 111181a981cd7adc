using System.Globalization;
using System.Text;

namespace Connectors.Templating.Internal;

/// <summary>
/// Parses Mustache source into a node tree, iteratively (no recursion), in three passes: scan into tokens,
/// mark standalone lines, build the tree.
/// </summary>
internal static class MustacheParser
{
    /// <summary>The deepest section nesting a template may have.</summary>
    internal const int MaxNesting = 512;

    public static Node[] Parse(string source, bool kibana, string open = "{{", string close = "}}")
    {
        var tokens = Scan(source, kibana, open, close);
        MarkStandalone(source, tokens);
        return Build(source, tokens, kibana);
    }

    private static List<Token> Scan(string source, bool kibana, string open, string close)
    {
        var tokens = new List<Token>();
        var sections = new Stack<(string Name, int Start)>();
        var pos = 0;
        while (pos < source.Length)
        {
            var idx = source.IndexOf(open, pos, StringComparison.Ordinal);
            if (idx < 0)
            {
                AddText(tokens, source, pos, source.Length);
                break;
            }

            AddText(tokens, source, pos, idx);
            var p = idx + open.Length;
            while (p < source.Length && (source[p] == ' ' || source[p] == '\t'))
            {
                p++;
            }

            var type = p < source.Length ? source[p] : 'n';
            switch (type)
            {
                case '#' or '^' or '/' or '>' or '!' or '=' or '&' or '{' or '$' or '<':
                    p++;
                    break;
                default:
                    type = 'n';
                    break;
            }

            var endMarker = type switch
            {
                '{' => "}" + close,
                '=' => "=" + close,
                _ => close,
            };
            var e = p <= source.Length ? source.IndexOf(endMarker, p, StringComparison.Ordinal) : -1;
            if (e < 0)
            {
                throw Error(source, kibana, "Unclosed tag at " + source.Length.ToString(CultureInfo.InvariantCulture), "Unclosed tag", idx, endMarker);
            }

            var name = source[p..e].Trim();
            var end = e + endMarker.Length;
            if (type == '=')
            {
                var parts = name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2 || parts[0].Contains('=', StringComparison.Ordinal) || parts[1].Contains('=', StringComparison.Ordinal))
                {
                    throw Error(source, kibana, "Invalid tags: " + name, "Invalid delimiters", idx, "two delimiters separated by whitespace, like {{=<% %>=}}");
                }

                open = parts[0];
                close = parts[1];
            }
            else if (type != '!' && name.Length == 0 && !kibana)
            {
                throw Error(source, kibana, "Empty tag at " + idx.ToString(CultureInfo.InvariantCulture), "Empty tag", idx, "a tag name");
            }

            // Sections are matched while scanning, so errors come in source order, as mustache.js reports them.
            if (type is '#' or '^' or '$' or '<')
            {
                sections.Push((name, idx));
            }
            else if (type == '/')
            {
                if (sections.Count == 0)
                {
                    throw Error(source, kibana, "Unopened section \"" + name + "\" at " + idx.ToString(CultureInfo.InvariantCulture), "Unopened section \"" + name + "\"", idx, "no closing tag");
                }

                var (openName, _) = sections.Pop();
                if (!string.Equals(openName, name, StringComparison.Ordinal))
                {
                    throw Error(source, kibana, "Unclosed section \"" + openName + "\" at " + idx.ToString(CultureInfo.InvariantCulture), "Unclosed section \"" + openName + "\"", idx, "{{/" + openName + "}}");
                }
            }

            tokens.Add(new Token { Type = type, Start = idx, End = end, Name = name, Open = open, Close = close });
            pos = end;
        }

        if (sections.Count > 0)
        {
            var (name, start) = sections.Peek();
            throw Error(source, kibana, "Unclosed section \"" + name + "\" at " + source.Length.ToString(CultureInfo.InvariantCulture), "Unclosed section \"" + name + "\"", start, "{{/" + name + "}}");
        }

        return tokens;
    }

    private static void AddText(List<Token> tokens, string source, int start, int end)
    {
        while (start < end)
        {
            var nl = source.IndexOf('\n', start, end - start);
            var stop = nl < 0 ? end : nl + 1;
            tokens.Add(new Token { Type = '\0', Start = start, End = stop, Name = string.Empty, Open = string.Empty, Close = string.Empty, EndsLine = nl >= 0 });
            start = stop;
        }
    }

    private static bool IsStandaloneType(char type) => type is '#' or '^' or '/' or '>' or '!' or '=' or '$' or '<';

    private static bool IsWhitespace(string source, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            var c = source[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            {
                return false;
            }
        }

        return true;
    }

    private static void MarkStandalone(string source, List<Token> tokens)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens);
        var lineStart = 0;
        while (lineStart < span.Length)
        {
            var lineEnd = lineStart;
            while (lineEnd < span.Length && !(span[lineEnd].IsText && span[lineEnd].EndsLine))
            {
                lineEnd++;
            }

            var last = Math.Min(lineEnd, span.Length - 1);
            var tags = 0;
            var ok = true;
            for (var i = lineStart; i <= last && ok; i++)
            {
                ref var t = ref span[i];
                if (t.IsText)
                {
                    ok = IsWhitespace(source, t.Start, t.End);
                }
                else
                {
                    tags++;
                    ok = IsStandaloneType(t.Type);
                }
            }

            if (ok && tags > 0)
            {
                // The line holds a tag, so a leading text token is whitespace that does not end the line.
                var indent = span[lineStart].IsText ? source[span[lineStart].Start..span[lineStart].End] : string.Empty;

                var hadNewline = lineEnd < span.Length;
                var lastTag = -1;
                for (var i = lineStart; i <= last; i++)
                {
                    ref var t = ref span[i];
                    if (t.IsText)
                    {
                        t.Removed = true;
                    }
                    else
                    {
                        t.Standalone = true;
                        t.Indent = indent;
                        t.LineHadNewline = hadNewline;
                        lastTag = i;
                    }
                }

                span[lastTag].LastOnLine = true;
            }

            lineStart = lineEnd + 1;
        }
    }

    private static string BlockIndent(string source, List<Token> tokens, int index)
    {
        var t = tokens[index];
        if (t.Standalone)
        {
            if (!t.LastOnLine)
            {
                return t.Indent ?? string.Empty;
            }

            var p = t.End;
            while (p < source.Length && source[p] != '\n')
            {
                p++;
            }

            var s = ++p;
            while (p < source.Length && (source[p] == ' ' || source[p] == '\t'))
            {
                p++;
            }

            return s < source.Length ? source[s..p] : t.Indent ?? string.Empty;
        }

        // Inline: the whitespace before the tag when only whitespace precedes it on its line.
        var b = t.Start;
        while (b > 0 && (source[b - 1] == ' ' || source[b - 1] == '\t'))
        {
            b--;
        }

        return b == 0 || source[b - 1] == '\n' ? source[b..t.Start] : string.Empty;
    }

    private static Node[] Build(string source, List<Token> tokens, bool kibana)
    {
        var stack = new Stack<(int TokenIndex, List<Node> Children)>();
        var current = new List<Node>();
        var text = new StringBuilder();
        var textStart = -1;

        void Flush()
        {
            if (text.Length > 0)
            {
                current.Add(new Node(NodeKind.Text, text.ToString(), textStart));
                text.Clear();
            }

            textStart = -1;
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.IsText)
            {
                if (!t.Removed)
                {
                    if (textStart < 0)
                    {
                        textStart = t.Start;
                    }

                    text.Append(source, t.Start, t.End - t.Start);
                }

                continue;
            }

            switch (t.Type)
            {
                case '!' or '=':
                    break;
                case 'n' or '&' or '{':
                    Flush();
                    current.Add(new Node(NodeKind.Variable, t.Name, t.Start) { Path = SplitPath(t.Name), Escaped = t.Type == 'n' });
                    break;
                case '>':
                    Flush();
                    {
                        var dynamic = t.Name.StartsWith('*');
                        var name = dynamic ? t.Name[1..].Trim() : t.Name;
                        current.Add(new Node(NodeKind.Partial, name, t.Start) { Dynamic = dynamic, Path = dynamic ? SplitPath(name) : [], Indent = t.Standalone ? t.Indent ?? string.Empty : string.Empty });
                    }

                    break;
                case '#' or '^' or '$' or '<':
                    Flush();
                    if (stack.Count >= MaxNesting)
                    {
                        throw Error(source, kibana, "Sections nested deeper than " + MaxNesting.ToString(CultureInfo.InvariantCulture) + " at " + t.Start.ToString(CultureInfo.InvariantCulture), "Sections nested too deep", t.Start, "at most " + MaxNesting.ToString(CultureInfo.InvariantCulture) + " nested sections");
                    }

                    stack.Push((i, current));
                    current = [];
                    break;
                case '/':
                    Flush();
                    if (stack.Count == 0)
                    {
                        throw Error(source, kibana, "Unopened section \"" + t.Name + "\" at " + t.Start.ToString(CultureInfo.InvariantCulture), "Unopened section \"" + t.Name + "\"", t.Start, "no closing tag");
                    }

                    {
                        var (openIndex, parent) = stack.Pop();
                        var o = tokens[openIndex];
                        if (!string.Equals(o.Name, t.Name, StringComparison.Ordinal))
                        {
                            throw Error(source, kibana, "Unclosed section \"" + o.Name + "\" at " + t.Start.ToString(CultureInfo.InvariantCulture), "Unclosed section \"" + o.Name + "\"", t.Start, "{{/" + o.Name + "}}");
                        }

                        var children = current.ToArray();
                        current = parent;
                        var dynamic = o.Type == '<' && o.Name.StartsWith('*');
                        var name = dynamic ? o.Name[1..].Trim() : o.Name;
                        var kind = o.Type switch
                        {
                            '#' => NodeKind.Section,
                            '^' => NodeKind.Inverted,
                            '$' => NodeKind.Block,
                            _ => NodeKind.Parent,
                        };
                        current.Add(new Node(kind, name, o.Start)
                        {
                            Path = kind is NodeKind.Section or NodeKind.Inverted || dynamic ? SplitPath(name) : [],
                            Children = children,
                            RawBody = source[o.End..t.Start],
                            OpenDelimiter = o.Open,
                            CloseDelimiter = o.Close,
                            Dynamic = dynamic,
                            Standalone = o.Standalone,
                            LineHadNewline = t.LineHadNewline,
                            Indent = kind == NodeKind.Block ? BlockIndent(source, tokens, openIndex) : (o.Standalone ? o.Indent ?? string.Empty : string.Empty),
                        });
                    }

                    break;
            }
        }

        Flush();
        if (stack.Count > 0)
        {
            var o = tokens[stack.Peek().TokenIndex];
            throw Error(source, kibana, "Unclosed section \"" + o.Name + "\" at " + source.Length.ToString(CultureInfo.InvariantCulture), "Unclosed section \"" + o.Name + "\"", o.Start, "{{/" + o.Name + "}}");
        }

        return current.ToArray();
    }

    internal static string[] SplitPath(string name) => name == "." ? [] : name.Split('.');

    private static MustacheParseException Error(string source, bool kibana, string kibanaMessage, string what, int position, string expected)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position && i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var column = position - lineStart + 1;
        var message = kibana
            ? kibanaMessage
            : string.Create(CultureInfo.InvariantCulture, $"{what} at line {line}, column {column}: expected {expected}");
        return new MustacheParseException(message, line, column, position, expected);
    }
}
