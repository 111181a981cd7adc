using System.Globalization;

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
        ArgumentNullException.ThrowIfNull(rawText);
        ArgumentNullException.ThrowIfNull(render);
        ArgumentNullException.ThrowIfNull(resolve);
        // As in Kibana, rendering the section happens outside the lambda's error handling.
        var result = name switch
        {
            "EvalMath" => Guard(render(rawText.Trim()), t => EvalMath(t, resolve), "error evaluating tinymath expression \"{0}\": {1}"),
            "ParseHjson" => Guard(render(rawText.Trim()), ParseHjson, "error parsing Hjson \"{0}\": {1}"),
            "FormatDate" => Guard(render(rawText.Trim()).Trim(), t => FormatDate(t), "error evaluating moment format \"{0}\": {1}"),
            "FormatNumber" => Guard(render(rawText.Trim()).Trim(), FormatNumber, "error formatting number: {1}"),
            "EncodeURI" => Guard(render(rawText), t => EncodeUri(t, component: false), "error evaluating encodeURI(\"{0}\"): {1}"),
            "EncodeURIComponent" => Guard(render(rawText), t => EncodeUri(t, component: true), "error evaluating encodeURIComponent(\"{0}\"): {1}"),
            _ => (LambdaResult?)null,
        };
        if (result is not { } r)
        {
            return null;
        }

        if (r.IsError)
        {
            warn?.Invoke("mustache render error: " + r.Text);
        }

        return r.Text;
    }

    // A lambda never throws: an unexpected failure becomes an error text like the lambda's own.
    private static LambdaResult Guard(string text, Func<string, LambdaResult> lambda, string errorFormat)
    {
        try
        {
            return lambda(text);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            return LambdaResult.Error(string.Format(CultureInfo.InvariantCulture, errorFormat, text, ex.Message));
        }
    }

    /// <summary>Runs <c>EvalMath</c> on an already rendered expression.</summary>
    internal static LambdaResult EvalMath(string expression, Func<string, object?> resolve)
    {
        try
        {
            return LambdaResult.Ok(TinyMath.Stringify(TinyMath.Evaluate(expression, resolve)));
        }
        catch (TinyMathException ex)
        {
            return LambdaResult.Error($"error evaluating tinymath expression \"{expression}\": {ex.Message}");
        }
    }

    /// <summary>Runs <c>ParseHjson</c> on an already rendered text.</summary>
    internal static LambdaResult ParseHjson(string text)
    {
        try
        {
            return LambdaResult.Ok(JsJson.Stringify(HjsonReader.Parse(text)));
        }
        catch (FormatException ex)
        {
            return LambdaResult.Error($"error parsing Hjson \"{text}\": {ex.Message}");
        }
    }

    /// <summary>Runs <c>FormatDate</c> on an already rendered and trimmed text.</summary>
    /// <param name="text"><c>date; timeZone; format</c>.</param>
    /// <param name="localZone">
    /// The zone a date without an offset is read in (JavaScript's local zone). Kibana's servers run in UTC,
    /// the default; Kibana's own tests ran west of UTC, which <c>L08</c> shows.
    /// </param>
    internal static LambdaResult FormatDate(string text, TimeZoneInfo? localZone = null)
    {
        var parts = JsSplit(text, ';', 3);
        var date = parts.Length > 0 ? parts[0] : string.Empty;
        var timeZone = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : "UTC";
        var format = parts.Length > 2 && parts[2].Length > 0 ? parts[2] : "YYYY-MM-DD hh:mma";
        if (date.Length == 0)
        {
            return LambdaResult.Error("date is empty");
        }

        if (MomentDate.Parse(date, localZone ?? TimeZoneInfo.Utc) is not { } instant)
        {
            return LambdaResult.Error($"invalid date \"{date}\"");
        }

        if (!TryFindIanaZone(timeZone, out var zone))
        {
            return LambdaResult.Error($"unknown timeZone value \"{timeZone}\"");
        }

        try
        {
            var inZone = TimeZoneInfo.ConvertTime(instant, zone);
            return LambdaResult.Ok(MomentFormatter.Format(inZone, timeZone, format));
        }
        catch (ArgumentException ex)
        {
            return LambdaResult.Error($"error evaluating moment format \"{format}\": {ex.Message}");
        }
    }

    /// <summary>JavaScript's <c>s.split(sep, limit)</c> followed by trimming each part.</summary>
    internal static string[] JsSplit(string text, char separator, int limit) =>
        text.Split(separator).Take(limit).Select(p => p.Trim()).ToArray();

    private static bool TryFindIanaZone(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        // moment-timezone knows the tzdb zone names only: no Windows ids, no paths, and none of the
        // files that sit beside the zones in /usr/share/zoneinfo.
        if (id.Length == 0 || id.Contains(' ', StringComparison.Ordinal) || id.Contains("..", StringComparison.Ordinal)
            || id.StartsWith('/') || id.Contains('.', StringComparison.Ordinal)
            || id.StartsWith("posix/", StringComparison.Ordinal) || id.StartsWith("right/", StringComparison.Ordinal)
            || id is "Local" or "Factory" or "localtime" or "posixrules" or "leapseconds")
        {
            return false;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone))
        {
            return false;
        }

        if (!string.Equals(zone.Id, id, StringComparison.Ordinal) && !id.Equals("UTC", StringComparison.Ordinal))
        {
            zone = null;
            return false;
        }

        return true;
    }

    /// <summary>Runs <c>FormatNumber</c> on an already rendered and trimmed text (<c>number; locales; options</c>).</summary>
    internal static LambdaResult FormatNumber(string text)
    {
        var parts = text.Split(';').Take(3).ToArray();
        if (parts.Length < 3)
        {
            return LambdaResult.Error($"invalid format, missing semicolons: '{text}'");
        }

        var numberText = parts[0].Trim();
        var number = JsParseFloat.ParseFloat(numberText);
        if (double.IsNaN(number))
        {
            return LambdaResult.Error($"invalid number: '{numberText}'");
        }

        var locales = parts[1].Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        if (locales.Count == 0)
        {
            locales.Add("en-US");
        }

        var options = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var item in parts[2].Trim().Split(',').Select(s => s.Trim()))
        {
            if (item.Length == 0)
            {
                continue;
            }

            var kv = item.Split(':');
            if (kv.Length < 2)
            {
                return LambdaResult.Error($"invalid options: missing colon in option: '{item}'");
            }

            var value = kv[1].Trim();
            var asNumber = JsParseFloat.ParseFloat(value);
            options[kv[0].Trim()] = !double.IsNaN(asNumber) ? asNumber : value switch
            {
                "true" => true,
                "false" => false,
                _ => value,
            };
        }

        try
        {
            return LambdaResult.Ok(IntlNumberFormat.Format(number, locales, options));
        }
        catch (IntlNumberFormatException ex)
        {
            return LambdaResult.Error("error formatting number: " + ex.Message);
        }
    }

    /// <summary>Runs <c>EncodeURI</c> or <c>EncodeURIComponent</c> on an already rendered text.</summary>
    internal static LambdaResult EncodeUri(string text, bool component)
    {
        var encoded = component ? JsUri.EncodeUriComponent(text) : JsUri.EncodeUri(text);
        return encoded is null
            ? LambdaResult.Error($"error evaluating {(component ? "encodeURIComponent" : "encodeURI")}(\"{text}\"): URI malformed")
            : LambdaResult.Ok(encoded);
    }
}

/// <summary>A lambda's output text and whether it is an error text.</summary>
internal readonly record struct LambdaResult(string Text, bool IsError)
{
    /// <summary>A successful result.</summary>
    internal static LambdaResult Ok(string text) => new(text, false);

    /// <summary>An error text.</summary>
    internal static LambdaResult Error(string text) => new(text, true);
}
