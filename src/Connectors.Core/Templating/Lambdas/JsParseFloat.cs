using System.Globalization;

namespace Connectors.Templating.Internal;

/// <summary>JavaScript's <c>parseFloat</c>.</summary>
internal static class JsParseFloat
{
    /// <summary>JavaScript's <c>parseFloat</c>: the longest numeric prefix after leading white space, else NaN.</summary>
    internal static double ParseFloat(string text)
    {
        var s = text.AsSpan().TrimStart();
        var sign = 1.0;
        var i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            sign = s[i] == '-' ? -1 : 1;
            i++;
        }

        if (s[i..].StartsWith("Infinity", StringComparison.Ordinal))
        {
            return sign * double.PositiveInfinity;
        }

        var start = i;
        var sawDigit = false;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            sawDigit = true;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                sawDigit = true;
            }
        }

        if (!sawDigit)
        {
            return double.NaN;
        }

        var end = i;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            var j = i + 1;
            if (j < s.Length && (s[j] == '+' || s[j] == '-'))
            {
                j++;
            }

            var expStart = j;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                j++;
            }

            if (j > expStart)
            {
                end = j;
            }
        }

        var number = s[start..end];
        if (number.Length > 0 && number[^1] == '.')
        {
            number = number[..^1];
        }

        if (number.Length > 0 && number[0] == '.')
        {
            return sign * double.Parse("0" + number.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return sign * double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
