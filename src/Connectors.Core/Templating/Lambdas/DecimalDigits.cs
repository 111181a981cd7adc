using System.Globalization;

namespace Connectors.Templating.Internal;

/// <summary>
/// A non-negative decimal as ICU's number formatter sees a double: the shortest round-trip digits, then
/// rounded in decimal. <see cref="Digits"/> has no leading or trailing zeros ("" is zero); the value is
/// <c>0.Digits × 10^IntegerDigits</c>.
/// </summary>
internal readonly record struct DecimalDigits(string Digits, int IntegerDigits)
{
    /// <summary>Zero.</summary>
    internal static readonly DecimalDigits Zero = new(string.Empty, 0);

    /// <summary>Whether the value is zero.</summary>
    internal bool IsZero => Digits.Length == 0;

    /// <summary>The power of ten of the first digit (floor(log10)); 0 for zero.</summary>
    internal int Magnitude => IsZero ? 0 : IntegerDigits - 1;

    /// <summary>The digits of |<paramref name="value"/>| (finite).</summary>
    internal static DecimalDigits FromDouble(double value)
    {
        value = Math.Abs(value);
        if (value == 0)
        {
            return Zero;
        }

        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
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
        while (lead < digits.Length && digits[lead] == '0')
        {
            lead++;
        }

        return new DecimalDigits(digits[lead..].TrimEnd('0'), pointPos - lead + exponent);
    }

    /// <summary>Multiplies by 10^<paramref name="power"/>.</summary>
    internal DecimalDigits Shift(int power) => IsZero ? this : this with { IntegerDigits = IntegerDigits + power };

    /// <summary>Rounds to <paramref name="fractionDigits"/> digits after the point.</summary>
    internal DecimalDigits RoundToFraction(int fractionDigits, string mode, bool negative) =>
        RoundAt(IntegerDigits + fractionDigits, mode, negative);

    /// <summary>Rounds to <paramref name="significantDigits"/> significant digits.</summary>
    internal DecimalDigits RoundToSignificant(int significantDigits, string mode, bool negative) =>
        RoundAt(significantDigits, mode, negative);

    /// <summary>Rounds to a multiple of <paramref name="increment"/> × 10^-<paramref name="fractionDigits"/>.</summary>
    internal DecimalDigits RoundToIncrement(int fractionDigits, int increment, string mode, bool negative)
    {
        if (IsZero)
        {
            return this;
        }

        // value × 10^fd = Digits × 10^exponent, an exact rational; divide by the increment and round to an integer.
        var exponent = IntegerDigits - Digits.Length + fractionDigits;
        var numerator = System.Numerics.BigInteger.Parse(Digits, CultureInfo.InvariantCulture);
        var denominator = new System.Numerics.BigInteger(increment);
        if (exponent >= 0)
        {
            numerator *= System.Numerics.BigInteger.Pow(10, exponent);
        }
        else
        {
            denominator *= System.Numerics.BigInteger.Pow(10, -exponent);
        }

        var quotient = System.Numerics.BigInteger.DivRem(numerator, denominator, out var remainder);
        var cmpHalf = (remainder * 2).CompareTo(denominator);
        var exact = remainder.IsZero;
        var up = !exact && mode switch
        {
            "ceil" => !negative,
            "floor" => negative,
            "expand" => true,
            "trunc" => false,
            "halfCeil" => cmpHalf > 0 || (cmpHalf == 0 && !negative),
            "halfFloor" => cmpHalf > 0 || (cmpHalf == 0 && negative),
            "halfTrunc" => cmpHalf > 0,
            "halfEven" => cmpHalf > 0 || (cmpHalf == 0 && !quotient.IsEven),
            _ => cmpHalf >= 0,
        };
        if (up)
        {
            quotient += 1;
        }

        var scaled = (quotient * increment).ToString(CultureInfo.InvariantCulture);
        if (scaled == "0")
        {
            return Zero;
        }

        var trimmed = scaled.TrimEnd('0');
        return new DecimalDigits(trimmed, scaled.Length - fractionDigits);
    }

    // Keeps the first `keep` digits (keep may be <= 0) and rounds by ECMA-402 rounding mode.
    private DecimalDigits RoundAt(int keep, string mode, bool negative)
    {
        if (IsZero || keep >= Digits.Length)
        {
            return this;
        }

        // Compare the discarded part with one half of the last kept unit.
        int cmpHalf;
        if (keep < 0)
        {
            cmpHalf = -1;
        }
        else
        {
            var first = Digits[keep];
            cmpHalf = first > '5' ? 1 : first < '5' ? -1 : (Digits.Length > keep + 1 ? 1 : 0);
        }

        var kept = keep > 0 ? Digits[..keep] : string.Empty;
        var lastOdd = kept.Length > 0 && (kept[^1] - '0') % 2 == 1;
        var up = mode switch
        {
            "ceil" => !negative,
            "floor" => negative,
            "expand" => true,
            "trunc" => false,
            "halfCeil" => cmpHalf > 0 || (cmpHalf == 0 && !negative),
            "halfFloor" => cmpHalf > 0 || (cmpHalf == 0 && negative),
            "halfTrunc" => cmpHalf > 0,
            "halfEven" => cmpHalf > 0 || (cmpHalf == 0 && lastOdd),
            _ => cmpHalf >= 0,
        };

        var integerDigits = IntegerDigits;
        if (!up)
        {
            var trimmed = kept.TrimEnd('0');
            return trimmed.Length == 0 ? Zero : new DecimalDigits(trimmed, integerDigits);
        }

        if (keep <= 0)
        {
            // Rounds up to one unit of the kept position.
            return new DecimalDigits("1", integerDigits - keep + 1);
        }

        var chars = kept.ToCharArray();
        var i = chars.Length - 1;
        while (i >= 0 && chars[i] == '9')
        {
            chars[i] = '0';
            i--;
        }

        if (i < 0)
        {
            return new DecimalDigits("1", integerDigits + 1);
        }

        chars[i]++;
        return new DecimalDigits(new string(chars, 0, i + 1), integerDigits);
    }

    /// <summary>The integer digits (at least "0") and the fraction digits, padded to the given minimums.</summary>
    internal (string Integer, string Fraction) Split(int minimumIntegerDigits, int minimumFractionDigits)
    {
        string integer;
        string fraction;
        if (IntegerDigits <= 0)
        {
            integer = "0";
            fraction = new string('0', -IntegerDigits) + Digits;
        }
        else if (IntegerDigits >= Digits.Length)
        {
            integer = Digits + new string('0', IntegerDigits - Digits.Length);
            fraction = string.Empty;
        }
        else
        {
            integer = Digits[..IntegerDigits];
            fraction = Digits[IntegerDigits..];
        }

        if (IsZero)
        {
            integer = "0";
            fraction = string.Empty;
        }

        if (integer.Length < minimumIntegerDigits)
        {
            integer = integer.PadLeft(minimumIntegerDigits, '0');
        }

        if (fraction.Length < minimumFractionDigits)
        {
            fraction = fraction.PadRight(minimumFractionDigits, '0');
        }

        return (integer, fraction);
    }

    /// <summary>The number of significant digits shown (at least 1).</summary>
    internal int SignificantDigits => Math.Max(Digits.Length, 1);
}
