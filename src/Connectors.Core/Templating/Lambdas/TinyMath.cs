
namespace Connectors.Templating.Internal;

/// <summary>
/// Evaluates tinymath expressions as <c>@kbn/tinymath</c> does: numbers and arrays of numbers, operators as
/// calls of add/subtract/multiply/divide, a function whose arguments are not all numbers yields NaN.
/// </summary>
internal static class TinyMath
{
    /// <summary>JavaScript's <c>undefined</c>, as <c>first([])</c> returns it.</summary>
    internal static readonly object Undefined = new();

    /// <summary>Evaluates <paramref name="expression"/>; variables come from <paramref name="resolve"/>.</summary>
    /// <returns>A <see cref="double"/>, a list of values, or a variable's raw value.</returns>
    internal static object? Evaluate(string expression, Func<string, object?> resolve)
    {
        var tree = TinyMathParser.Parse(expression);
        return Exec(tree, resolve);
    }

    /// <summary>JavaScript's <c>String(result)</c> for an evaluation result.</summary>
    internal static string Stringify(object? value) => value switch
    {
        null => "null",
        _ when ReferenceEquals(value, Undefined) => "undefined",
        double d => JsNumber.ToString(d),
        bool b => b ? "true" : "false",
        string s => s,
        IReadOnlyList<object?> list => string.Join(",", list.Select(v => v is null || ReferenceEquals(v, Undefined) ? string.Empty : Stringify(v))),
        _ => JsJson.Stringify(value),
    };

    private static object? Exec(TinyMathNode node, Func<string, object?> resolve)
    {
        switch (node)
        {
            case TinyMathNode.Number n:
                return n.Value;
            case TinyMathNode.Variable v:
                return Normalize(resolve(v.Name) ?? (v.Name.Contains('[', StringComparison.Ordinal) ? resolve(DotPath(v.Name)) : null))
                    ?? throw new TinyMathException("Unknown variable: " + v.Name);
            case TinyMathNode.NamedArgument a:
                throw new TinyMathException("Named arguments are not supported in tinymath itself, at " + a.Name);
            case TinyMathNode.Function f:
                if (!TinyMathFunctions.TryGet(f.Name, out var fn, out var skipValidation))
                {
                    throw new TinyMathException("No such function: " + f.Name);
                }

                var args = new object?[f.Args.Count];
                for (var i = 0; i < args.Length; i++)
                {
                    args[i] = Exec(f.Args[i], resolve);
                }

                return skipValidation || args.All(IsOperable) ? fn(args) : double.NaN;
            default:
                throw new TinyMathException("Unknown node");
        }
    }

    // lodash's get reads a[0].b and a["b"] as a.0.b and a.b.
    private static string DotPath(string path)
    {
        var sb = new System.Text.StringBuilder(path.Length);
        var i = 0;
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '[')
            {
                var close = path.IndexOf(']', i + 1);
                if (close < 0)
                {
                    sb.Append(path, i, path.Length - i);
                    break;
                }

                var inner = path[(i + 1)..close];
                if (inner.Length >= 2 && inner[0] is '"' or '\'' && inner[^1] == inner[0])
                {
                    inner = inner[1..^1];
                }

                if (sb.Length > 0)
                {
                    sb.Append('.');
                }

                sb.Append(inner);
                i = close + 1;
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }

        return sb.ToString();
    }

    private static object? Normalize(object? value) => value switch
    {
        IReadOnlyList<object?> list => list.Select(Normalize).ToList(),
        int i => (double)i,
        long l => (double)l,
        decimal m => (double)m,
        float f => (double)f,
        _ => value,
    };

    private static bool IsOperable(object? arg) => arg switch
    {
        IReadOnlyList<object?> list => list.All(IsOperable),
        double d => !double.IsNaN(d),
        _ => false,
    };
}
