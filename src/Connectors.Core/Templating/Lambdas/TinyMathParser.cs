using System.Globalization;
using System.Text;

namespace Connectors.Templating.Internal;

/// <summary>
/// A packrat-free PEG parser for the <c>@kbn/tinymath</c> grammar, written from its grammar's behaviour:
/// the same ordered choices, the same quirks (a leading <c>-</c> belongs to a number literal or a variable
/// name) and peggy-style failure reports (<c>Expected "(", function, literal, or whitespace but ")" found.</c>).
/// </summary>
internal sealed class TinyMathParser
{
    private const string ValidChars = "._@[]-";
    private const int MaxDepth = 200;
    private readonly string _input;
    private readonly SortedSet<string> _expected = new(StringComparer.Ordinal);
    private int _pos;
    private int _silent;
    private int _maxFailPos;
    private int _depth;

    private TinyMathParser(string input) => _input = input;

    /// <summary>Parses <paramref name="expression"/> into a tree; throws <see cref="TinyMathException"/> on a syntax error.</summary>
    internal static TinyMathNode Parse(string expression)
    {
        var parser = new TinyMathParser(expression);
        var node = parser.Expression();
        if (node is not null && parser._pos == expression.Length)
        {
            return node;
        }

        if (node is not null)
        {
            parser.Fail("end of input");
        }

        throw new TinyMathException("Failed to parse expression. " + parser.BuildMessage());
    }

    private string BuildMessage()
    {
        var list = _expected.ToList();
        var expected = list.Count switch
        {
            0 => string.Empty,
            1 => list[0],
            2 => list[0] + " or " + list[1],
            _ => string.Join(", ", list.Take(list.Count - 1)) + ", or " + list[^1],
        };
        var found = _maxFailPos < _input.Length ? Quote(_input[_maxFailPos].ToString()) : "end of input";
        return "Expected " + expected + " but " + found + " found.";
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            _ = c switch
            {
                '\\' => sb.Append("\\\\"),
                '"' => sb.Append("\\\""),
                '\0' => sb.Append("\\0"),
                '\t' => sb.Append("\\t"),
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                < ' ' or (>= '\x7F' and <= '\x9F') => sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture)),
                _ => sb.Append(c),
            };
        }

        return sb.Append('"').ToString();
    }

    private void Fail(string description)
    {
        if (_silent > 0 || _pos < _maxFailPos)
        {
            return;
        }

        if (_pos > _maxFailPos)
        {
            _maxFailPos = _pos;
            _expected.Clear();
        }

        _expected.Add(description);
    }

    private bool Char(char c)
    {
        if (_pos < _input.Length && _input[_pos] == c)
        {
            _pos++;
            return true;
        }

        Fail("\"" + c + "\"");
        return false;
    }

    private bool Class(Func<char, bool> predicate, string description)
    {
        if (_pos < _input.Length && predicate(_input[_pos]))
        {
            _pos++;
            return true;
        }

        Fail(description);
        return false;
    }

    private static bool IsValidChar(char c) => char.IsAsciiLetterOrDigit(c) || ValidChars.Contains(c, StringComparison.Ordinal);

    // _ "whitespace" = [ \t\n\r]*  (a named rule: its inner failure is reported under its name)
    private void Ws()
    {
        while (_pos < _input.Length && _input[_pos] is ' ' or '\t' or '\n' or '\r')
        {
            _pos++;
        }

        Fail("whitespace");
    }

    // JavaScript runs out of stack on absurd nesting and says so; this parser stops well before .NET's stack does.
    private TinyMathNode? Expression()
    {
        if (++_depth > MaxDepth)
        {
            throw new TinyMathException("Maximum call stack size exceeded");
        }

        try
        {
            return AddSubtract();
        }
        finally
        {
            _depth--;
        }
    }

    private TinyMathNode? AddSubtract() => Binary(MultiplyDivide, '+', '-', "add", "subtract");

    private TinyMathNode? MultiplyDivide() => Binary(Factor, '*', '/', "multiply", "divide");

    private TinyMathNode? Binary(Func<TinyMathNode?> operand, char op1, char op2, string name1, string name2)
    {
        var start = _pos;
        Ws();
        var left = operand();
        if (left is null)
        {
            _pos = start;
            return null;
        }

        while (true)
        {
            var save = _pos;
            string name;
            if (Char(op1))
            {
                name = name1;
            }
            else if (Char(op2))
            {
                name = name2;
            }
            else
            {
                break;
            }

            var right = operand();
            if (right is null)
            {
                _pos = save;
                break;
            }

            left = new TinyMathNode.Function(name, [left, right]);
        }

        Ws();
        return left;
    }

    private TinyMathNode? Factor() => Group() ?? Function() ?? Literal();

    private TinyMathNode? Group()
    {
        var start = _pos;
        Ws();
        if (!Char('('))
        {
            _pos = start;
            return null;
        }

        Ws();
        var expr = Expression();
        if (expr is null)
        {
            _pos = start;
            return null;
        }

        Ws();
        if (!Char(')'))
        {
            _pos = start;
            return null;
        }

        Ws();
        return expr;
    }

    private TinyMathNode? Named(string name, Func<TinyMathNode?> rule)
    {
        var start = _pos;
        _silent++;
        var result = rule();
        _silent--;
        if (result is null)
        {
            _pos = start;
            Fail(name);
        }

        return result;
    }

    private TinyMathNode? Function() => Named("function", () =>
    {
        var start = _pos;
        Ws();
        var nameStart = _pos;
        while (Class(c => char.IsAsciiLetter(c) || c is '_' or '-', "[a-zA-Z_-]"))
        {
        }

        if (_pos == nameStart || !Char('('))
        {
            _pos = start;
            return null;
        }

        var name = _input[nameStart..(_pos - 1)];
        Ws();
        var args = ArgumentList() ?? [];
        Ws();
        if (!Char(')'))
        {
            _pos = start;
            return null;
        }

        Ws();
        return new TinyMathNode.Function(name, args);
    });

    private List<TinyMathNode>? ArgumentList()
    {
        var start = _pos;
        _silent++;
        try
        {
            var first = Argument();
            if (first is null)
            {
                _pos = start;
                _silent--;
                Fail("arguments");
                _silent++;
                return null;
            }

            var list = new List<TinyMathNode> { first };
            while (true)
            {
                var save = _pos;
                Ws();
                if (!Char(','))
                {
                    _pos = save;
                    break;
                }

                Ws();
                var next = Argument();
                if (next is null)
                {
                    _pos = save;
                    break;
                }

                list.Add(next);
            }

            Ws();
            _ = Char(',');
            return list;
        }
        finally
        {
            _silent--;
        }
    }

    private TinyMathNode? Argument()
    {
        var start = _pos;
        var nameStart = _pos;
        while (Class(c => char.IsAsciiLetter(c) || c == '_', "[a-zA-Z_]"))
        {
        }

        if (_pos > nameStart)
        {
            var name = _input[nameStart.._pos];
            Ws();
            if (Char('='))
            {
                Ws();
                if (Number() is not null || StringValue())
                {
                    Ws();
                    return new TinyMathNode.NamedArgument(name);
                }
            }
        }

        _pos = start;
        return Expression();
    }

    private bool StringValue()
    {
        var start = _pos;
        foreach (var quote in (ReadOnlySpan<char>)['"', '\''])
        {
            if (Char(quote))
            {
                while (_pos < _input.Length)
                {
                    if (_input[_pos] == '\\' && _pos + 1 < _input.Length && _input[_pos + 1] == quote)
                    {
                        _pos += 2;
                    }
                    else if (_input[_pos] != quote)
                    {
                        _pos++;
                    }
                    else
                    {
                        break;
                    }
                }

                if (Char(quote))
                {
                    return true;
                }

                _pos = start;
                return false;
            }
        }

        var validStart = _pos;
        while (Class(IsValidChar, "[0-9A-Za-z._@\\[\\]-]"))
        {
        }

        return _pos > validStart;
    }

    private TinyMathNode? Literal() => Named("literal", () =>
    {
        var start = _pos;
        Ws();
        var literal = Number() ?? Variable();
        if (literal is null)
        {
            _pos = start;
            return null;
        }

        Ws();
        return literal;
    });

    private TinyMathNode? Number()
    {
        var start = _pos;
        _ = Char('-');
        if (Char('0'))
        {
        }
        else if (Class(c => c is >= '1' and <= '9', "[1-9]"))
        {
            while (Class(char.IsAsciiDigit, "[0-9]"))
            {
            }
        }
        else
        {
            _pos = start;
            return null;
        }

        var save = _pos;
        if (!(Char('.') && Digits()))
        {
            _pos = save;
        }

        save = _pos;
        if (Class(c => c is 'e' or 'E', "[eE]"))
        {
            _ = Char('-');
            if (!Digits())
            {
                _pos = save;
            }
        }

        return new TinyMathNode.Number(JsParseFloat.ParseFloat(_input[start.._pos]));
    }

    private bool Digits()
    {
        var start = _pos;
        while (Class(char.IsAsciiDigit, "[0-9]"))
        {
        }

        return _pos > start;
    }

    private TinyMathNode? Variable()
    {
        var start = _pos;
        Ws();
        foreach (var (quote, other) in (ReadOnlySpan<(char, char)>)[('\'', '"'), ('"', '\'')])
        {
            var quoteStart = _pos;
            if (Char(quote))
            {
                var valueStart = _pos;
                while (Class(c => IsValidChar(c) || c == ' ' || c == other, "char"))
                {
                }

                var value = _input[valueStart.._pos];
                if (Char(quote))
                {
                    Ws();
                    return new TinyMathNode.Variable(value);
                }

                _pos = quoteStart;
            }
        }

        var nameStart = _pos;
        while (Class(IsValidChar, "[0-9A-Za-z._@\\[\\]-]"))
        {
        }

        if (_pos == nameStart)
        {
            _pos = start;
            return null;
        }

        var name = _input[nameStart.._pos];
        Ws();
        return new TinyMathNode.Variable(name);
    }
}

/// <summary>A node of a parsed tinymath expression.</summary>
internal abstract record TinyMathNode
{
    /// <summary>A number literal.</summary>
    internal sealed record Number(double Value) : TinyMathNode;

    /// <summary>A variable path.</summary>
    internal sealed record Variable(string Name) : TinyMathNode;

    /// <summary>A function call (operators are calls of add, subtract, multiply and divide).</summary>
    internal sealed record Function(string Name, IReadOnlyList<TinyMathNode> Args) : TinyMathNode;

    /// <summary>A named argument (<c>name=value</c>), which tinymath parses but does not evaluate.</summary>
    internal sealed record NamedArgument(string Name) : TinyMathNode;
}

/// <summary>A tinymath parse or evaluation error, with tinymath's message.</summary>
internal sealed class TinyMathException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TinyMathException()
    {
    }

    /// <summary>Creates the exception with tinymath's message.</summary>
    public TinyMathException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TinyMathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
