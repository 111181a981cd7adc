using System.Globalization;
using System.Text;

namespace Connectors.Templating.Internal;

/// <summary>
/// An Hjson reader with hjson-js's behaviour (legacy root: braces optional at the root): quoteless keys and
/// strings, <c>#</c>, <c>//</c> and <c>/* */</c> comments, optional and trailing commas, <c>'''</c> multiline
/// strings, single- and double-quoted strings, numbers only where the whole quoteless value is a number, and
/// hjson-js's error texts with their <c>at line L,C &gt;&gt;&gt;excerpt ...</c> suffix.
/// Values come out as <see cref="JsObject"/>, <see cref="List{T}"/>, <see cref="string"/>, <see cref="double"/>,
/// <see cref="bool"/> or <see langword="null"/>.
/// </summary>
internal sealed class HjsonReader
{
    private const int End = -1;
    private const int MaxDepth = 500;
    private readonly string _text;
    private int _at;
    private int _ch;
    private int _depth;

    private HjsonReader(string text)
    {
        _text = text;
        ResetAt();
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> with hjson-js's message.</summary>
    internal static object? Parse(string text) => new HjsonReader(text).LegacyRootValue();

    private void ResetAt()
    {
        _at = 0;
        _ch = ' ';
    }

    private static bool IsPunctuator(int c) => c is '{' or '}' or '[' or ']' or ',' or ':';

    private FormatException Error(string message)
    {
        var col = 0;
        var line = 1;
        var i = _at - 1;
        for (; i > 0 && CharAt(i) != '\n'; i--)
        {
            col++;
        }

        for (; i > 0; i--)
        {
            if (CharAt(i) == '\n')
            {
                line++;
            }
        }

        var start = Math.Max(0, _at - col);
        var excerpt = start < _text.Length ? _text.Substring(start, Math.Min(20, _text.Length - start)) : string.Empty;
        return new FormatException(string.Create(CultureInfo.InvariantCulture, $"{message} at line {line},{col} >>>{excerpt} ..."));
    }

    private int CharAt(int index) => index >= 0 && index < _text.Length ? _text[index] : End;

    private int Next()
    {
        _ch = CharAt(_at);
        _at++;
        return _ch;
    }

    private int Peek(int offset) => CharAt(_at + offset);

    private string Ch => _ch == End ? string.Empty : ((char)_ch).ToString();

    private string ReadString(bool allowMultiline)
    {
        var sb = new StringBuilder();
        var exit = _ch;
        while (Next() != End)
        {
            if (_ch == exit)
            {
                Next();
                if (allowMultiline && exit == '\'' && _ch == '\'' && sb.Length == 0)
                {
                    Next();
                    return MultilineString();
                }

                return sb.ToString();
            }

            if (_ch == '\\')
            {
                Next();
                if (_ch == 'u')
                {
                    var code = 0;
                    for (var i = 0; i < 4; i++)
                    {
                        Next();
                        var hex = _ch switch
                        {
                            >= '0' and <= '9' => _ch - '0',
                            >= 'a' and <= 'f' => _ch - 'a' + 10,
                            >= 'A' and <= 'F' => _ch - 'A' + 10,
                            _ => throw Error("Bad \\u char " + Ch),
                        };
                        code = (code * 16) + hex;
                    }

                    sb.Append((char)code);
                }
                else
                {
                    string? escaped = _ch switch
                    {
                        '"' => "\"",
                        '\'' => "'",
                        '\\' => "\\",
                        '/' => "/",
                        'b' => "\b",
                        'f' => "\f",
                        'n' => "\n",
                        'r' => "\r",
                        't' => "\t",
                        _ => null,
                    };
                    if (escaped is null)
                    {
                        break;
                    }

                    sb.Append(escaped);
                }
            }
            else if (_ch is '\n' or '\r')
            {
                throw Error("Bad string containing newline");
            }
            else
            {
                sb.Append((char)_ch);
            }
        }

        throw Error("Bad string");
    }

    private string MultilineString()
    {
        var sb = new StringBuilder();
        var triple = 0;

        // we are just past ''' : the indent is the column of the opening quotes
        var indent = 0;
        while (true)
        {
            var c = Peek(-indent - 5);
            if (c is End or '\n')
            {
                break;
            }

            indent++;
        }

        void SkipIndent()
        {
            var skip = indent;
            while (_ch != End && _ch <= ' ' && _ch != '\n' && skip-- > 0)
            {
                Next();
            }
        }

        while (_ch != End && _ch <= ' ' && _ch != '\n')
        {
            Next();
        }

        if (_ch == '\n')
        {
            Next();
            SkipIndent();
        }

        while (true)
        {
            if (_ch == End)
            {
                throw Error("Bad multiline string");
            }

            if (_ch == '\'')
            {
                triple++;
                Next();
                if (triple == 3)
                {
                    if (sb.Length > 0 && sb[^1] == '\n')
                    {
                        sb.Length--;
                    }

                    return sb.ToString();
                }

                continue;
            }

            while (triple > 0)
            {
                sb.Append('\'');
                triple--;
            }

            if (_ch == '\n')
            {
                sb.Append('\n');
                Next();
                SkipIndent();
            }
            else
            {
                if (_ch != '\r')
                {
                    sb.Append((char)_ch);
                }

                Next();
            }
        }
    }

    private string KeyName()
    {
        if (_ch is '"' or '\'')
        {
            return ReadString(allowMultiline: false);
        }

        var name = new StringBuilder();
        var start = _at;
        var space = -1;
        while (true)
        {
            if (_ch == ':')
            {
                if (name.Length == 0)
                {
                    throw Error("Found ':' but no key name (for an empty key name use quotes)");
                }

                if (space >= 0 && space != name.Length)
                {
                    _at = start + space;
                    throw Error("Found whitespace in your key name (use quotes to include)");
                }

                return name.ToString();
            }

            if (_ch <= ' ')
            {
                if (_ch == End)
                {
                    throw Error("Found EOF while looking for a key name (check your syntax)");
                }

                if (space < 0)
                {
                    space = name.Length;
                }
            }
            else if (IsPunctuator(_ch))
            {
                throw Error("Found '" + Ch + "' where a key name was expected (check your syntax or use quotes if the key name includes {}[],: or whitespace)");
            }
            else
            {
                name.Append((char)_ch);
            }

            Next();
        }
    }

    private void White()
    {
        while (_ch != End)
        {
            while (_ch != End && _ch <= ' ')
            {
                Next();
            }

            if (_ch == '#' || (_ch == '/' && Peek(0) == '/'))
            {
                while (_ch != End && _ch != '\n')
                {
                    Next();
                }
            }
            else if (_ch == '/' && Peek(0) == '*')
            {
                Next();
                Next();
                while (_ch != End && !(_ch == '*' && Peek(0) == '/'))
                {
                    Next();
                }

                if (_ch != End)
                {
                    Next();
                    Next();
                }
            }
            else
            {
                break;
            }
        }
    }

    // A quoteless value: true, false, null, a number, or a string up to the end of the line.
    private object? QuotelessValue()
    {
        if (IsPunctuator(_ch))
        {
            throw Error("Found a punctuator character '" + Ch + "' when expecting a quoteless string (check your syntax)");
        }

        var value = new StringBuilder(Ch);
        while (true)
        {
            Next();
            var isEol = _ch is '\r' or '\n' or End;
            if (isEol || _ch is ',' or '}' or ']' or '#' || (_ch == '/' && Peek(0) is '/' or '*'))
            {
                var s = value.ToString();
                switch (s.Length > 0 ? s[0] : '\0')
                {
                    case 'f' when s.Trim() == "false":
                        return false;
                    case 'n' when s.Trim() == "null":
                        return null;
                    case 't' when s.Trim() == "true":
                        return true;
                    case '-' or (>= '0' and <= '9'):
                        if (TryParseNumber(s) is { } number)
                        {
                            return number;
                        }

                        break;
                }

                if (isEol)
                {
                    return s.Trim();
                }
            }

            value.Append((char)_ch);
        }
    }

    // A whole quoteless value as a number (no leading zeros, finite, only trailing white space).
    private static double? TryParseNumber(string text)
    {
        var i = 0;
        var sb = new StringBuilder();
        int C(int index) => index < text.Length ? text[index] : End;
        if (C(i) == '-')
        {
            sb.Append('-');
            i++;
        }

        var leadingZeros = 0;
        var testLeading = true;
        while (C(i) is >= '0' and <= '9')
        {
            if (testLeading)
            {
                if (C(i) == '0')
                {
                    leadingZeros++;
                }
                else
                {
                    testLeading = false;
                }
            }

            sb.Append(text[i++]);
        }

        if (testLeading)
        {
            leadingZeros--;
        }

        if (C(i) == '.')
        {
            sb.Append('.');
            i++;
            while (C(i) is >= '0' and <= '9')
            {
                sb.Append(text[i++]);
            }
        }

        if (C(i) is 'e' or 'E')
        {
            sb.Append(text[i++]);
            if (C(i) is '-' or '+')
            {
                sb.Append(text[i++]);
            }

            while (C(i) is >= '0' and <= '9')
            {
                sb.Append(text[i++]);
            }
        }

        while (C(i) != End && C(i) <= ' ')
        {
            i++;
        }

        if (C(i) != End || leadingZeros != 0)
        {
            return null;
        }

        var number = JsToNumber(sb.ToString());
        return double.IsFinite(number) ? number : null;
    }

    // JavaScript's +string for the shapes TryParseNumber builds ("-", "1.", "1e", ".5" are possible).
    private static double JsToNumber(string s)
    {
        if (s.Length == 0)
        {
            return 0;
        }

        if (s.EndsWith('e') || s.EndsWith('E') || s.EndsWith('+') || s.EndsWith('-') || s == "." || s == "-.")
        {
            return double.NaN;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;
    }

    private List<object?> Array()
    {
        var array = new List<object?>();
        Next();
        White();
        if (_ch == ']')
        {
            Next();
            return array;
        }

        while (_ch != End)
        {
            array.Add(Value());
            White();
            if (_ch == ',')
            {
                Next();
                White();
            }

            if (_ch == ']')
            {
                Next();
                return array;
            }

            White();
        }

        throw Error("End of input while parsing an array (missing ']')");
    }

    private JsObject Object(bool withoutBraces)
    {
        var obj = new JsObject();
        if (!withoutBraces)
        {
            Next();
        }

        White();
        if (_ch == '}' && !withoutBraces)
        {
            Next();
            return obj;
        }

        while (_ch != End)
        {
            var key = KeyName();
            White();
            if (_ch != ':')
            {
                throw Error("Expected ':' instead of '" + Ch + "'");
            }

            Next();
            obj[key] = Value();
            White();
            if (_ch == ',')
            {
                Next();
                White();
            }

            if (_ch == '}' && !withoutBraces)
            {
                Next();
                return obj;
            }

            White();
        }

        return withoutBraces ? obj : throw Error("End of input while parsing an object (missing '}')");
    }

    private object? Value()
    {
        White();
        switch (_ch)
        {
            case '{' or '[':
                if (++_depth > MaxDepth)
                {
                    // hjson-js would hit JavaScript's stack limit; this reader stops well before .NET's does.
                    throw new FormatException("Maximum call stack size exceeded");
                }

                try
                {
                    return _ch == '{' ? Object(withoutBraces: false) : Array();
                }
                finally
                {
                    _depth--;
                }

            case '\'' or '"':
                return ReadString(allowMultiline: true);
            default:
                return QuotelessValue();
        }
    }

    private object? CheckTrailing(object? value)
    {
        White();
        return _ch != End ? throw Error("Syntax error, found trailing characters") : value;
    }

    private object? LegacyRootValue()
    {
        White();
        switch (_ch)
        {
            case '{':
                return CheckTrailing(Object(withoutBraces: false));
            case '[':
                return CheckTrailing(Array());
        }

        try
        {
            return CheckTrailing(Object(withoutBraces: true));
        }
        catch (FormatException original)
        {
            ResetAt();
            try
            {
                return CheckTrailing(Value());
            }
            catch (FormatException)
            {
                throw original;
            }
        }
    }
}
