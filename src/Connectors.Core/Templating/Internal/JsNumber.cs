using System.Globalization;

namespace Connectors.Templating.Internal;

/// <summary>Formats numbers as JavaScript's <c>Number.prototype.toString()</c> does.</summary>
internal static class JsNumber
{
    /// <summary>Formats <paramref name="value"/> into <paramref name="destination"/> (at least 32 chars); returns the length.</summary>
    public static int Format(double value, Span<char> destination)
    {
        if (double.IsNaN(value))
        {
            "NaN".CopyTo(destination);
            return 3;
        }

        if (double.IsInfinity(value))
        {
            var s = value > 0 ? "Infinity" : "-Infinity";
            s.CopyTo(destination);
            return s.Length;
        }

        if (value == 0)
        {
            destination[0] = '0';
            return 1;
        }

        if (Math.Abs(value) < 9e15 && value == Math.Floor(value))
        {
            ((long)value).TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
            return written;
        }

        var abs = Math.Abs(value);
        if (abs < 1e15 && TryFormatShortDecimal(value, destination, out var shortLength))
        {
            return shortLength;
        }

        if (abs >= 1e-4 && abs < 1e15)
        {
            // .NET's shortest round-trip text uses plain notation in this range, exactly as JavaScript does.
            value.TryFormat(destination, out var plain, default, CultureInfo.InvariantCulture);
            return plain;
        }

        return FormatGeneral(value, destination);
    }

    /// <summary>The general algorithm (ECMAScript Number::toString over .NET's shortest round-trip digits).</summary>
    internal static int FormatGeneral(double value, Span<char> destination)
    {
        Span<char> r = stackalloc char[40];
        value.TryFormat(r, out var len, "R", CultureInfo.InvariantCulture);
        r = r[..len];
        var pos = 0;
        var negative = r[0] == '-';
        if (negative)
        {
            destination[pos++] = '-';
            r = r[1..];
        }

        // Collect the significant digits and the decimal exponent n (value = 0.d1d2…dk × 10^n).
        Span<char> digits = stackalloc char[40];
        var k = 0;
        var exponent = 0;
        var ePos = r.IndexOfAny('E', 'e');
        var mantissa = ePos >= 0 ? r[..ePos] : r;
        if (ePos >= 0)
        {
            exponent = int.Parse(r[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        var dot = mantissa.IndexOf('.');
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : [];
        int n;
        if (intPart.Length == 1 && intPart[0] == '0')
        {
            var z = 0;
            while (z < fracPart.Length && fracPart[z] == '0')
            {
                z++;
            }

            fracPart[z..].CopyTo(digits);
            k = fracPart.Length - z;
            n = -z + exponent;
        }
        else
        {
            intPart.CopyTo(digits);
            fracPart.CopyTo(digits[intPart.Length..]);
            k = intPart.Length + fracPart.Length;
            n = intPart.Length + exponent;
        }

        while (k > 1 && digits[k - 1] == '0')
        {
            k--;
        }

        var d = digits[..k];
        if (k <= n && n <= 21)
        {
            d.CopyTo(destination[pos..]);
            pos += k;
            for (var i = 0; i < n - k; i++)
            {
                destination[pos++] = '0';
            }
        }
        else if (n > 0 && n <= 21)
        {
            d[..n].CopyTo(destination[pos..]);
            pos += n;
            destination[pos++] = '.';
            d[n..].CopyTo(destination[pos..]);
            pos += k - n;
        }
        else if (n > -6 && n <= 0)
        {
            destination[pos++] = '0';
            destination[pos++] = '.';
            for (var i = 0; i < -n; i++)
            {
                destination[pos++] = '0';
            }

            d.CopyTo(destination[pos..]);
            pos += k;
        }
        else
        {
            destination[pos++] = d[0];
            if (k > 1)
            {
                destination[pos++] = '.';
                d[1..].CopyTo(destination[pos..]);
                pos += k - 1;
            }

            destination[pos++] = 'e';
            var e = n - 1;
            destination[pos++] = e < 0 ? '-' : '+';
            Math.Abs(e).TryFormat(destination[pos..], out var w, default, CultureInfo.InvariantCulture);
            pos += w;
        }

        return pos;
    }

    private static readonly double[] Powers = [1, 10, 100, 1000, 10000];

    /// <summary>
    /// The common case of a few decimals (91.5, 0.25): value × 10^k is an integer n with n / 10^k == value
    /// exactly; the smallest such k gives the shortest round-trip text. |n| &lt; 2^50 keeps n unique.
    /// </summary>
    private static bool TryFormatShortDecimal(double value, Span<char> destination, out int length)
    {
        for (var k = 1; k < Powers.Length; k++)
        {
            var scaled = value * Powers[k];
            if (Math.Abs(scaled) >= 1125899906842624.0)
            {
                break;
            }

            if (scaled == Math.Floor(scaled) && scaled / Powers[k] == value)
            {
                var n = (long)scaled;
                var pos = 0;
                if (n < 0)
                {
                    destination[pos++] = '-';
                    n = -n;
                }

                Span<char> digits = stackalloc char[20];
                n.TryFormat(digits, out var count, default, CultureInfo.InvariantCulture);
                var places = k;
                while (places > 0 && digits[count - 1] == '0')
                {
                    count--;
                    places--;
                }

                if (places == 0)
                {
                    digits[..count].CopyTo(destination[pos..]);
                    length = pos + count;
                    return true;
                }

                k = places;
                if (count <= k)
                {
                    destination[pos++] = '0';
                    destination[pos++] = '.';
                    for (var z = 0; z < k - count; z++)
                    {
                        destination[pos++] = '0';
                    }

                    digits[..count].CopyTo(destination[pos..]);
                    pos += count;
                }
                else
                {
                    digits[..(count - k)].CopyTo(destination[pos..]);
                    pos += count - k;
                    destination[pos++] = '.';
                    digits[(count - k)..count].CopyTo(destination[pos..]);
                    pos += k;
                }

                length = pos;
                return true;
            }
        }

        length = 0;
        return false;
    }

    /// <summary>Formats a number as a string (allocates; for slow paths).</summary>
    public static string ToString(double value)
    {
        Span<char> buffer = stackalloc char[64];
        return new string(buffer[..Format(value, buffer)]);
    }
}
