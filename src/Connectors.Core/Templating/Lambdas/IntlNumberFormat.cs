using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Connectors.Templating.Internal;

/// <summary>
/// An emulation of JavaScript's <c>new Intl.NumberFormat(locales, options).format(n)</c> (ECMA-402 with
/// ICU/CLDR data as V8 ships it) for the options Kibana's <c>FormatNumber</c> lambda passes. Separators,
/// signs and currency placement come from .NET's ICU-backed <see cref="NumberFormatInfo"/>; compact
/// notation, units, currency names and foreign currency symbols come from small CLDR-derived tables.
/// Option errors throw <see cref="IntlNumberFormatException"/> with V8's messages.
/// </summary>
internal static partial class IntlNumberFormat
{
    private static readonly HashSet<string> SanctionedUnits = new(StringComparer.Ordinal)
    {
        "acre", "bit", "byte", "celsius", "centimeter", "day", "degree", "fahrenheit", "fluid-ounce", "foot", "gallon",
        "gigabit", "gigabyte", "gram", "hectare", "hour", "inch", "kilobit", "kilobyte", "kilogram", "kilometer", "liter",
        "megabit", "megabyte", "meter", "microsecond", "mile", "mile-scandinavian", "milliliter", "millimeter",
        "millisecond", "minute", "month", "nanosecond", "ounce", "percent", "petabyte", "pound", "second", "stone",
        "terabit", "terabyte", "week", "yard", "year",
    };

    [GeneratedRegex(@"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*(?:-[A-WY-Za-wy-z\d](?:-[A-Za-z\d]{2,8})+)*(?:-[Xx](?:-[A-Za-z\d]{1,8})+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"^[A-Za-z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyCode();

    /// <summary>Formats <paramref name="value"/> as <c>Intl.NumberFormat</c> would.</summary>
    internal static string Format(double value, IReadOnlyList<string> locales, IReadOnlyDictionary<string, object> options)
    {
        var culture = ResolveLocale(locales);
        var o = new Resolved(options);
        return new Formatter(culture, o).Format(value);
    }

    private static CultureInfo ResolveLocale(IReadOnlyList<string> locales)
    {
        CultureInfo? chosen = null;
        foreach (var tag in locales)
        {
            if (!LanguageTag().IsMatch(tag))
            {
                throw new IntlNumberFormatException("Incorrect locale information provided");
            }

            if (chosen is null)
            {
                try
                {
                    chosen = CultureInfo.GetCultureInfo(tag, predefinedOnly: true);
                }
                catch (CultureNotFoundException)
                {
                    try
                    {
                        chosen = CultureInfo.GetCultureInfo(tag.Split('-')[0], predefinedOnly: true);
                    }
                    catch (CultureNotFoundException)
                    {
                        // not supported: the next locale, or the default
                    }
                }
            }
        }

        return chosen ?? CultureInfo.GetCultureInfo("en-US");
    }

    /// <summary>The resolved options, read in V8's order so the first error is V8's first error.</summary>
    private sealed class Resolved
    {
        private static readonly int[] AllowedIncrements = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000];

        private readonly IReadOnlyDictionary<string, object> _options;

        public Resolved(IReadOnlyDictionary<string, object> options)
        {
            _options = options;
            _ = GetString("localeMatcher", ["lookup", "best fit"], "best fit");
            _ = GetString("numberingSystem", null, null);
            Style = GetString("style", ["decimal", "percent", "currency", "unit"], "decimal")!;
            Currency = GetString("currency", null, null);
            if (Currency is not null)
            {
                Currency = CurrencyCode().IsMatch(Currency)
                    ? Currency.ToUpperInvariant()
                    : throw new IntlNumberFormatException("Invalid currency code : " + Currency);
            }

            CurrencyDisplay = GetString("currencyDisplay", ["code", "symbol", "narrowSymbol", "name"], "symbol")!;
            CurrencySign = GetString("currencySign", ["standard", "accounting"], "standard")!;
            Unit = GetString("unit", null, null);
            if (Unit is not null && !IsSanctionedUnit(Unit))
            {
                throw new IntlNumberFormatException($"Invalid unit argument for Intl.NumberFormat() '{Unit}'");
            }

            UnitDisplay = GetString("unitDisplay", ["short", "narrow", "long"], "short")!;
            if (Style == "currency" && Currency is null)
            {
                throw new IntlNumberFormatException("Currency code is required with currency style.");
            }

            if (Style == "unit" && Unit is null)
            {
                throw new IntlNumberFormatException("Invalid unit argument for Intl.NumberFormat() ''");
            }

            Notation = GetString("notation", ["standard", "scientific", "engineering", "compact"], "standard")!;
            ResolveDigits();
            CompactDisplay = GetString("compactDisplay", ["short", "long"], "short")!;
            UseGrouping = ResolveGrouping(Notation == "compact" ? "min2" : "auto");
            SignDisplay = GetString("signDisplay", ["auto", "never", "always", "exceptZero", "negative"], "auto")!;
        }

        public string Style { get; }

        public string? Currency { get; }

        public string CurrencyDisplay { get; }

        public string CurrencySign { get; }

        public string? Unit { get; }

        public string UnitDisplay { get; }

        public string Notation { get; }

        public string CompactDisplay { get; }

        public string UseGrouping { get; }

        public string SignDisplay { get; }

        public int MinimumIntegerDigits { get; private set; }

        public int MinimumFractionDigits { get; private set; }

        public int MaximumFractionDigits { get; private set; }

        public int MinimumSignificantDigits { get; private set; }

        public int MaximumSignificantDigits { get; private set; }

        /// <summary>fractionDigits, significantDigits, morePrecision or lessPrecision.</summary>
        public string RoundingType { get; private set; } = "fractionDigits";

        public string RoundingMode { get; private set; } = "halfExpand";

        public int RoundingIncrement { get; private set; } = 1;

        public bool StripIfInteger { get; private set; }

        private static bool IsSanctionedUnit(string unit)
        {
            if (SanctionedUnits.Contains(unit))
            {
                return true;
            }

            var per = unit.IndexOf("-per-", StringComparison.Ordinal);
            return per > 0 && SanctionedUnits.Contains(unit[..per]) && SanctionedUnits.Contains(unit[(per + 5)..]);
        }

        private void ResolveDigits()
        {
            int mnfdDefault;
            int mxfdDefault;
            if (Style == "currency")
            {
                mnfdDefault = mxfdDefault = NumberFormatData.CurrencyDigits(Currency!);
            }
            else
            {
                mnfdDefault = 0;
                mxfdDefault = Style == "percent" ? 0 : 3;
            }

            MinimumIntegerDigits = GetNumber("minimumIntegerDigits", 1, 21, 1)!.Value;
            _options.TryGetValue("minimumFractionDigits", out var mnfd);
            _options.TryGetValue("maximumFractionDigits", out var mxfd);
            _options.TryGetValue("minimumSignificantDigits", out var mnsd);
            _options.TryGetValue("maximumSignificantDigits", out var mxsd);
            RoundingIncrement = GetNumber("roundingIncrement", 1, 5000, 1)!.Value;
            if (Array.IndexOf(AllowedIncrements, RoundingIncrement) < 0)
            {
                throw new IntlNumberFormatException("roundingIncrement value is out of range.");
            }

            if (RoundingIncrement != 1)
            {
                mxfdDefault = mnfdDefault;
            }

            RoundingMode = GetString("roundingMode", ["ceil", "floor", "expand", "trunc", "halfCeil", "halfFloor", "halfExpand", "halfTrunc", "halfEven"], "halfExpand")!;
            var roundingPriority = GetString("roundingPriority", ["auto", "morePrecision", "lessPrecision"], "auto")!;
            StripIfInteger = GetString("trailingZeroDisplay", ["auto", "stripIfInteger"], "auto") == "stripIfInteger";
            var hasSd = mnsd is not null || mxsd is not null;
            var hasFd = mnfd is not null || mxfd is not null;
            var needSd = true;
            var needFd = true;
            if (roundingPriority == "auto")
            {
                needSd = hasSd;
                if (needSd || (!hasFd && Notation == "compact"))
                {
                    needFd = false;
                }
            }

            if (needSd)
            {
                if (hasSd)
                {
                    MinimumSignificantDigits = DefaultNumber("minimumSignificantDigits", mnsd, 1, 21, 1);
                    MaximumSignificantDigits = DefaultNumber("maximumSignificantDigits", mxsd, MinimumSignificantDigits, 21, 21);
                }
                else
                {
                    MinimumSignificantDigits = 1;
                    MaximumSignificantDigits = 21;
                }
            }

            if (needFd)
            {
                if (hasFd)
                {
                    int? min = mnfd is null ? null : DefaultNumber("minimumFractionDigits", mnfd, 0, 100, 0);
                    int? max = mxfd is null ? null : DefaultNumber("maximumFractionDigits", mxfd, 0, 100, 0);
                    if (min is null)
                    {
                        min = Math.Min(mnfdDefault, max!.Value);
                    }
                    else if (max is null)
                    {
                        max = Math.Max(mxfdDefault, min.Value);
                    }
                    else if (min > max)
                    {
                        throw new IntlNumberFormatException("maximumFractionDigits value is out of range.");
                    }

                    MinimumFractionDigits = min.Value;
                    MaximumFractionDigits = max!.Value;
                }
                else
                {
                    MinimumFractionDigits = mnfdDefault;
                    MaximumFractionDigits = mxfdDefault;
                }
            }

            if (!needSd && !needFd)
            {
                MinimumFractionDigits = 0;
                MaximumFractionDigits = 0;
                MinimumSignificantDigits = 1;
                MaximumSignificantDigits = 2;
                RoundingType = "morePrecision";
            }
            else if (roundingPriority == "auto")
            {
                RoundingType = needSd ? "significantDigits" : "fractionDigits";
            }
            else
            {
                RoundingType = roundingPriority;
            }

            if (RoundingIncrement != 1)
            {
                if (RoundingType != "fractionDigits")
                {
                    throw new IntlNumberFormatException("RoundingType is not fractionDigits");
                }

                if (MaximumFractionDigits != MinimumFractionDigits)
                {
                    throw new IntlNumberFormatException("maximumFractionDigits not equal to minimumFractionDigits");
                }
            }
        }

        private string ResolveGrouping(string fallback)
        {
            if (!_options.TryGetValue("useGrouping", out var value))
            {
                return fallback;
            }

            if (value is true)
            {
                return "always";
            }

            if (value is false || (value is double d && (d == 0 || double.IsNaN(d))) || value is "")
            {
                return "false";
            }

            var s = ToJsString(value);
            if (s is "true" or "false")
            {
                return fallback;
            }

            return s is "min2" or "auto" or "always"
                ? s
                : throw new IntlNumberFormatException($"Value {s} out of range for Intl.NumberFormat options property useGrouping");
        }

        private string? GetString(string name, string[]? allowed, string? fallback)
        {
            if (!_options.TryGetValue(name, out var value))
            {
                return fallback;
            }

            var s = ToJsString(value);
            return allowed is null || allowed.Contains(s, StringComparer.Ordinal)
                ? s
                : throw new IntlNumberFormatException($"Value {s} out of range for Intl.NumberFormat options property {name}");
        }

        private int? GetNumber(string name, int min, int max, int? fallback) =>
            _options.TryGetValue(name, out var value) ? DefaultNumber(name, value, min, max, fallback ?? 0) : fallback;

        private static int DefaultNumber(string name, object? value, int min, int max, int fallback)
        {
            if (value is null)
            {
                return fallback;
            }

            var n = ToJsNumber(value);
            return double.IsNaN(n) || n < min || n > max
                ? throw new IntlNumberFormatException(name + " value is out of range.")
                : (int)Math.Floor(n);
        }

        private static string ToJsString(object value) => value switch
        {
            string s => s,
            bool b => b ? "true" : "false",
            double d => JsNumber.ToString(d),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
        };

        // JavaScript's ToNumber for the option value types Kibana produces.
        private static double ToJsNumber(object value) => value switch
        {
            double d => d,
            bool b => b ? 1 : 0,
            string s => StringToNumber(s.Trim()),
            _ => double.NaN,
        };
    }

    private static double StringToNumber(string t)
    {
        if (t.Length == 0)
        {
            return 0;
        }

        if (t is "Infinity" or "+Infinity" or "-Infinity")
        {
            return t[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (t.Length > 2 && t[0] == '0' && (t[1] | 0x20) == 'x')
        {
            return long.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : double.NaN;
        }

        return JsDecimal().IsMatch(t) ? double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture) : double.NaN;
    }

    [GeneratedRegex(@"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsDecimal();

    private sealed class Formatter(CultureInfo culture, Resolved o)
    {
        private readonly NumberFormatInfo _nfi = culture.NumberFormat;
        private readonly string _language = culture.TwoLetterISOLanguageName;

        public string Format(double value)
        {
            var negative = value < 0 || (value == 0 && double.IsNegative(value));
            string number;
            string compactSuffix = string.Empty;
            bool isZero;
            bool isOne;
            if (double.IsNaN(value))
            {
                number = _nfi.NaNSymbol;
                isZero = false;
                isOne = false;
                negative = false;
            }
            else if (double.IsInfinity(value))
            {
                number = "∞";
                isZero = false;
                isOne = false;
            }
            else
            {
                var digits = DecimalDigits.FromDouble(value);
                if (o.Style == "percent")
                {
                    digits = digits.Shift(2);
                }

                (number, compactSuffix, isZero, isOne) = o.Notation switch
                {
                    "scientific" or "engineering" => Exponential(digits, negative),
                    "compact" => Compact(digits, negative),
                    _ => Plain(digits, negative),
                };
            }

            var sign = o.SignDisplay switch
            {
                "never" => string.Empty,
                "always" => negative ? _nfi.NegativeSign : _nfi.PositiveSign,
                "exceptZero" => isZero ? string.Empty : negative ? _nfi.NegativeSign : _nfi.PositiveSign,
                "negative" => negative && !isZero ? _nfi.NegativeSign : string.Empty,
                _ => negative ? _nfi.NegativeSign : string.Empty,
            };
            var showsMinus = sign == _nfi.NegativeSign && sign.Length > 0;
            number += compactSuffix;

            return o.Style switch
            {
                "percent" => sign + Percent(number),
                "currency" => Currency(number, sign, showsMinus, isOne),
                "unit" => sign + NumberFormatData.Unit(_language, o.Unit!, o.UnitDisplay, number, isOne),
                _ => sign + number,
            };
        }

        private string Percent(string number) => _nfi.PercentPositivePattern switch
        {
            0 => number + "\u00A0" + _nfi.PercentSymbol,
            2 => _nfi.PercentSymbol + number,
            3 => _nfi.PercentSymbol + "\u00A0" + number,
            _ => number + _nfi.PercentSymbol,
        };

        private string Currency(string number, string sign, bool showsMinus, bool isOne)
        {
            var code = o.Currency!;
            if (o.CurrencyDisplay == "name")
            {
                return sign + NumberFormatData.CurrencyName(_language, code, number, isOne);
            }

            var symbol = o.CurrencyDisplay == "code" ? code : NumberFormatData.CurrencySymbol(code, culture, _language, o.CurrencyDisplay == "narrowSymbol");
            var suffix = _nfi.CurrencyPositivePattern is 1 or 3;
            string body;
            if (suffix)
            {
                body = number + (_nfi.CurrencyPositivePattern == 3 || char.IsLetter(symbol[0]) ? "\u00A0" : string.Empty) + symbol;
            }
            else
            {
                var space = _nfi.CurrencyPositivePattern == 2 || char.IsLetter(symbol[^1]) ? "\u00A0" : string.Empty;
                body = symbol + space + number;
            }

            if (o.CurrencySign == "accounting" && showsMinus && NumberFormatData.AccountingParentheses(_language))
            {
                return "(" + body + ")";
            }

            return sign + body;
        }

        private (string Number, string Suffix, bool IsZero, bool IsOne) Plain(DecimalDigits digits, bool negative)
        {
            var (rounded, minFraction) = Round(digits, negative);
            return (Render(rounded, minFraction, o.UseGrouping), string.Empty, rounded.IsZero, NumberFormatData.PluralOne(_language, rounded, minFraction));
        }

        private (string Number, string Suffix, bool IsZero, bool IsOne) Exponential(DecimalDigits digits, bool negative)
        {
            var step = o.Notation == "engineering" ? 3 : 1;
            int Exponent(int magnitude) => (int)Math.Floor(magnitude / (double)step) * step;
            var exponent = digits.IsZero ? 0 : Exponent(digits.Magnitude);
            var (rounded, minFraction) = Round(digits.Shift(-exponent), negative);
            if (!rounded.IsZero && rounded.Magnitude >= step)
            {
                exponent = Exponent(rounded.Magnitude + exponent);
                (rounded, minFraction) = Round(digits.Shift(-exponent), negative);
            }

            var text = Render(rounded, minFraction, "false") + "E" + (exponent < 0 ? _nfi.NegativeSign : string.Empty)
                + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
            return (text, string.Empty, rounded.IsZero, false);
        }

        private (string Number, string Suffix, bool IsZero, bool IsOne) Compact(DecimalDigits digits, bool negative)
        {
            var table = NumberFormatData.CompactTable(culture, o.CompactDisplay == "long");
            var entry = digits.IsZero ? null : NumberFormatData.CompactEntry(table, digits.Magnitude);
            var power = entry?.Divisor ?? 0;
            var (rounded, minFraction) = Round(digits.Shift(-power), negative);
            if (!rounded.IsZero)
            {
                var again = NumberFormatData.CompactEntry(table, rounded.Magnitude + power);
                if (again != entry)
                {
                    entry = again;
                    power = entry?.Divisor ?? 0;
                    (rounded, minFraction) = Round(digits.Shift(-power), negative);
                }
            }

            var isOne = NumberFormatData.PluralOne(_language, rounded, minFraction);
            if (IsExactlyOne(rounded, minFraction) && entry?.ExactOne is { } exactOne)
            {
                return (exactOne, string.Empty, false, true); // CLDR: exactly one thousand is "mille" in fr and it
            }

            var suffix = entry is null ? string.Empty : (isOne ? entry.One : entry.Other);
            return (Render(rounded, minFraction, o.UseGrouping), suffix, rounded.IsZero, isOne);
        }

        private static bool IsExactlyOne(DecimalDigits rounded, int minFraction) =>
            rounded.Digits == "1" && rounded.IntegerDigits == 1 && minFraction == 0;

        private (DecimalDigits Rounded, int MinFraction) Round(DecimalDigits digits, bool negative)
        {
            (DecimalDigits, int) ByFraction()
            {
                var r = o.RoundingIncrement == 1
                    ? digits.RoundToFraction(o.MaximumFractionDigits, o.RoundingMode, negative)
                    : digits.RoundToIncrement(o.MaximumFractionDigits, o.RoundingIncrement, o.RoundingMode, negative);
                return (r, o.MinimumFractionDigits);
            }

            (DecimalDigits, int) BySignificant()
            {
                var r = digits.RoundToSignificant(o.MaximumSignificantDigits, o.RoundingMode, negative);
                var integerDigits = r.IsZero ? 1 : r.IntegerDigits;
                return (r, Math.Max(0, o.MinimumSignificantDigits - integerDigits));
            }

            (DecimalDigits Rounded, int MinFraction) result;
            if (o.RoundingType is "morePrecision" or "lessPrecision")
            {
                var fdMagnitude = -o.MaximumFractionDigits;
                var sdMagnitude = digits.Magnitude - o.MaximumSignificantDigits + 1;
                var sdWins = o.RoundingType == "morePrecision" ? sdMagnitude <= fdMagnitude : sdMagnitude >= fdMagnitude;
                result = sdWins ? BySignificant() : ByFraction();
            }
            else
            {
                result = o.RoundingType == "significantDigits" ? BySignificant() : ByFraction();
            }

            if (o.StripIfInteger && result.Rounded.IntegerDigits >= result.Rounded.Digits.Length)
            {
                result.MinFraction = 0;
            }

            return result;
        }

        private string Render(DecimalDigits rounded, int minFraction, string grouping)
        {
            var (integer, fraction) = rounded.Split(o.MinimumIntegerDigits, minFraction);
            var group = grouping switch
            {
                "false" => false,
                "min2" => integer.Length >= 5,
                "auto" => NumberFormatData.MinimumGroupingTwo(culture) ? integer.Length >= 5 : true,
                _ => true,
            };
            var sb = new StringBuilder();
            if (group)
            {
                var sizes = _nfi.NumberGroupSizes is { Length: > 0 } s && s[0] > 0 ? s : [3];
                var groups = new List<string>();
                var end = integer.Length;
                var index = 0;
                while (end > 0)
                {
                    var size = sizes[Math.Min(index, sizes.Length - 1)];
                    if (size == 0)
                    {
                        groups.Add(integer[..end]);
                        break;
                    }

                    var start = Math.Max(0, end - size);
                    groups.Add(integer[start..end]);
                    end = start;
                    index++;
                }

                groups.Reverse();
                sb.AppendJoin(_nfi.NumberGroupSeparator, groups);
            }
            else
            {
                sb.Append(integer);
            }

            if (fraction.Length > 0)
            {
                sb.Append(_nfi.NumberDecimalSeparator).Append(fraction);
            }

            return sb.ToString();
        }
    }
}

/// <summary>An <c>Intl.NumberFormat</c> option error, with V8's message.</summary>
internal sealed class IntlNumberFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IntlNumberFormatException()
    {
    }

    /// <summary>Creates the exception with V8's message.</summary>
    public IntlNumberFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public IntlNumberFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
