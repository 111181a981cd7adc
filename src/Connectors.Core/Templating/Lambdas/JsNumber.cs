using System.Globalization;
using System.Text;

namespace Connectors.Templating.Internal;

/// <summary>JavaScript's <c>Number.prototype.toString()</c> (ECMA-262 Number::toString, radix 10).</summary>
internal static class JsNumber
{
    /// <summary>Formats <paramref name="value"/> exactly as JavaScript's <c>String(value)</c> does.</summary>
    internal static string ToString(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return "0";
        }

        // "R" is the shortest round-trip form on .NET Core 3.0+; only its layout differs from JavaScript's.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        var mantissa = shortest;
        if (e >= 0)
        {
            exponent = int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = shortest[..e];
        }

        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var pointPos = point < 0 ? mantissa.Length : point;
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
        }

        digits = digits[lead..].TrimEnd('0');
        var n = pointPos - lead + exponent;
        var k = digits.Length;
        var sb = new StringBuilder(32);
        if (value < 0)
        {
            sb.Append('-');
        }

        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (n > 0 && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (n > -6 && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            sb.Append(digits[0]);
            if (k > 1)
            {
                sb.Append('.').Append(digits, 1, k - 1);
            }

            var exp = n - 1;
            sb.Append('e').Append(exp >= 0 ? '+' : '-').Append(Math.Abs(exp).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

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
