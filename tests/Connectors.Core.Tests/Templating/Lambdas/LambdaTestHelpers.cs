using Connectors.Templating.Internal;

namespace Connectors.Core.Tests.Templating.Lambdas;

/// <summary>Runs a lambda the way the Mustache engine does, with a tiny stand-in for render and resolve.</summary>
internal static class LambdaTestHelpers
{
    /// <summary>Invokes <paramref name="name"/> with {{path}} substitution from <paramref name="view"/>.</summary>
    public static (string? Output, List<string> Warnings) Run(string name, string raw, object? view = null)
    {
        var warnings = new List<string>();
        var output = KibanaLambdas.Invoke(name, raw, s => Render(s, view), p => Resolve(view, p), warnings.Add);
        return (output, warnings);
    }

    public static object? Resolve(object? view, string path)
    {
        var current = view;
        foreach (var segment in path.Split('.'))
        {
            current = current switch
            {
                IReadOnlyDictionary<string, object?> d => d.TryGetValue(segment, out var v) ? v : null,
                IReadOnlyList<object?> l when int.TryParse(segment, out var i) && i < l.Count => l[i],
                _ => null,
            };
        }

        return current;
    }

    private static string Render(string template, object? view)
    {
        var sb = new System.Text.StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }

            var close = template.IndexOf("}}", open, StringComparison.Ordinal);
            sb.Append(template, i, open - i);
            var value = Resolve(view, template[(open + 2)..close].Trim());
            sb.Append(value switch
            {
                null => string.Empty,
                double d => JsNumber.ToString(d),
                IReadOnlyDictionary<string, object?> o => JsJson.Stringify(o),
                _ => value.ToString(),
            });
            i = close + 2;
        }

        return sb.ToString();
    }

    public static Dictionary<string, object?> Obj(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);
}
