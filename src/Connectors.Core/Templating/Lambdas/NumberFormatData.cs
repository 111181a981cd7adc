using System.Globalization;

namespace Connectors.Templating.Internal;

/// <summary>
/// The CLDR facts <see cref="IntlNumberFormat"/> needs that .NET does not expose: compact-notation
/// suffixes, unit labels, currency names, symbols of foreign currencies and currency digits.
/// Unit labels and currency names are English (other locales fall back to them).
/// </summary>
internal static partial class NumberFormatData
{
    // unit: short one/other, narrow one/other, long one/other; "{0}" is the number.
    private static readonly Dictionary<string, string[]> Units = new(StringComparer.Ordinal)
    {
        ["bit"] = ["{0} bit", "{0} bit", "{0}bit", "{0}bit", "{0} bit", "{0} bits"],
        ["byte"] = ["{0} byte", "{0} byte", "{0}B", "{0}B", "{0} byte", "{0} bytes"],
        ["kilobit"] = Simple("kb", "kilobit"),
        ["kilobyte"] = Simple("kB", "kilobyte"),
        ["megabit"] = Simple("Mb", "megabit"),
        ["megabyte"] = Simple("MB", "megabyte"),
        ["gigabit"] = Simple("Gb", "gigabit"),
        ["gigabyte"] = Simple("GB", "gigabyte"),
        ["terabit"] = Simple("Tb", "terabit"),
        ["terabyte"] = Simple("TB", "terabyte"),
        ["petabyte"] = Simple("PB", "petabyte"),
        ["percent"] = ["{0}%", "{0}%", "{0}%", "{0}%", "{0} percent", "{0} percent"],
        ["millisecond"] = Simple("ms", "millisecond"),
        ["microsecond"] = Simple("μs", "microsecond"),
        ["nanosecond"] = Simple("ns", "nanosecond"),
        ["second"] = ["{0} sec", "{0} sec", "{0}s", "{0}s", "{0} second", "{0} seconds"],
        ["minute"] = ["{0} min", "{0} min", "{0}m", "{0}m", "{0} minute", "{0} minutes"],
        ["hour"] = ["{0} hr", "{0} hr", "{0}h", "{0}h", "{0} hour", "{0} hours"],
        ["day"] = ["{0} day", "{0} days", "{0}d", "{0}d", "{0} day", "{0} days"],
        ["week"] = ["{0} wk", "{0} wks", "{0}w", "{0}w", "{0} week", "{0} weeks"],
        ["month"] = ["{0} mth", "{0} mths", "{0}m", "{0}m", "{0} month", "{0} months"],
        ["year"] = ["{0} yr", "{0} yrs", "{0}y", "{0}y", "{0} year", "{0} years"],
        ["millimeter"] = Simple("mm", "millimeter"),
        ["centimeter"] = Simple("cm", "centimeter"),
        ["meter"] = Simple("m", "meter"),
        ["kilometer"] = Simple("km", "kilometer"),
        ["inch"] = ["{0} in", "{0} in", "{0}″", "{0}″", "{0} inch", "{0} inches"],
        ["foot"] = ["{0} ft", "{0} ft", "{0}′", "{0}′", "{0} foot", "{0} feet"],
        ["yard"] = Simple("yd", "yard"),
        ["mile"] = Simple("mi", "mile"),
        ["mile-scandinavian"] = ["{0} smi", "{0} smi", "{0}smi", "{0}smi", "{0} mile-scandinavian", "{0} miles-scandinavian"],
        ["gram"] = Simple("g", "gram"),
        ["kilogram"] = Simple("kg", "kilogram"),
        ["ounce"] = Simple("oz", "ounce"),
        ["pound"] = ["{0} lb", "{0} lb", "{0}#", "{0}#", "{0} pound", "{0} pounds"],
        ["stone"] = Simple("st", "stone"),
        ["celsius"] = ["{0}°C", "{0}°C", "{0}°C", "{0}°C", "{0} degree Celsius", "{0} degrees Celsius"],
        ["fahrenheit"] = ["{0}°F", "{0}°F", "{0}°", "{0}°", "{0} degree Fahrenheit", "{0} degrees Fahrenheit"],
        ["degree"] = ["{0} deg", "{0} deg", "{0}°", "{0}°", "{0} degree", "{0} degrees"],
        ["milliliter"] = Simple("mL", "milliliter"),
        ["liter"] = Simple("L", "liter"),
        ["fluid-ounce"] = ["{0} fl oz", "{0} fl oz", "{0}fl oz", "{0}fl oz", "{0} fluid ounce", "{0} fluid ounces"],
        ["gallon"] = Simple("gal", "gallon"),
        ["acre"] = Simple("ac", "acre"),
        ["hectare"] = Simple("ha", "hectare"),
        ["kilometer-per-hour"] = ["{0} km/h", "{0} km/h", "{0}km/h", "{0}km/h", "{0} kilometer per hour", "{0} kilometers per hour"],
        ["mile-per-hour"] = ["{0} mph", "{0} mph", "{0}mph", "{0}mph", "{0} mile per hour", "{0} miles per hour"],
        ["mile-per-gallon"] = ["{0} mpg", "{0} mpg", "{0}mpg", "{0}mpg", "{0} mile per gallon", "{0} miles per gallon"],
    };

    private static readonly Dictionary<string, (string Symbol, string Narrow)> EnSymbols = new(StringComparer.Ordinal)
    {
        ["USD"] = ("$", "$"), ["EUR"] = ("€", "€"), ["GBP"] = ("£", "£"), ["JPY"] = ("¥", "¥"), ["CNY"] = ("CN¥", "¥"),
        ["CAD"] = ("CA$", "$"), ["AUD"] = ("A$", "$"), ["NZD"] = ("NZ$", "$"), ["HKD"] = ("HK$", "$"), ["TWD"] = ("NT$", "$"),
        ["MXN"] = ("MX$", "$"), ["BRL"] = ("R$", "R$"), ["INR"] = ("₹", "₹"), ["KRW"] = ("₩", "₩"), ["ILS"] = ("₪", "₪"),
        ["VND"] = ("₫", "₫"), ["PHP"] = ("₱", "₱"), ["XAF"] = ("FCFA", "FCFA"), ["XOF"] = ("F\u202FCFA", "F\u202FCFA"),
        ["CHF"] = ("CHF", "CHF"), ["SEK"] = ("SEK", "kr"), ["NOK"] = ("NOK", "kr"), ["DKK"] = ("DKK", "kr"),
        ["PLN"] = ("PLN", "zł"), ["RUB"] = ("RUB", "₽"), ["TRY"] = ("TRY", "₺"), ["ZAR"] = ("ZAR", "R"), ["SGD"] = ("SGD", "$"),
        ["THB"] = ("THB", "฿"), ["UAH"] = ("UAH", "₴"), ["CZK"] = ("CZK", "Kč"), ["HUF"] = ("HUF", "Ft"),
    };

    private static readonly Dictionary<string, (string One, string Other)> CurrencyNames = new(StringComparer.Ordinal)
    {
        ["USD"] = ("US dollar", "US dollars"), ["EUR"] = ("euro", "euros"), ["GBP"] = ("British pound", "British pounds"),
        ["JPY"] = ("Japanese yen", "Japanese yen"), ["CNY"] = ("Chinese yuan", "Chinese yuan"),
        ["CAD"] = ("Canadian dollar", "Canadian dollars"), ["AUD"] = ("Australian dollar", "Australian dollars"),
        ["NZD"] = ("New Zealand dollar", "New Zealand dollars"), ["HKD"] = ("Hong Kong dollar", "Hong Kong dollars"),
        ["SGD"] = ("Singapore dollar", "Singapore dollars"), ["CHF"] = ("Swiss franc", "Swiss francs"),
        ["INR"] = ("Indian rupee", "Indian rupees"), ["KRW"] = ("South Korean won", "South Korean won"),
        ["BRL"] = ("Brazilian real", "Brazilian reals"), ["MXN"] = ("Mexican peso", "Mexican pesos"),
        ["SEK"] = ("Swedish krona", "Swedish kronor"), ["NOK"] = ("Norwegian krone", "Norwegian kroner"),
        ["DKK"] = ("Danish krone", "Danish kroner"), ["PLN"] = ("Polish zloty", "Polish zlotys"),
        ["RUB"] = ("Russian ruble", "Russian rubles"), ["ZAR"] = ("South African rand", "South African rand"),
        ["TRY"] = ("Turkish lira", "Turkish Lira"), ["ILS"] = ("Israeli new shekel", "Israeli new shekels"),
        ["CZK"] = ("Czech koruna", "Czech korunas"), ["HUF"] = ("Hungarian forint", "Hungarian forints"),
    };

    private static readonly Dictionary<string, int> CurrencyDigitTable = new(StringComparer.Ordinal)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 0, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3, ["CLF"] = 4, ["UYW"] = 4,
    };

    /// <summary>ISO 4217 minor digits as CLDR has them (2 unless listed).</summary>
    internal static int CurrencyDigits(string code) => CurrencyDigitTable.GetValueOrDefault(code, 2);

    /// <summary>The currency symbol in <paramref name="culture"/>.</summary>
    internal static string CurrencySymbol(string code, CultureInfo culture, string language, bool narrow)
    {
        if (!culture.IsNeutralCulture && culture.Name.Contains('-', StringComparison.Ordinal))
        {
            try
            {
                var region = new RegionInfo(culture.Name);
                if (region.ISOCurrencySymbol == code && !narrow)
                {
                    return culture.NumberFormat.CurrencySymbol;
                }
            }
            catch (ArgumentException)
            {
                // no region: use the table
            }
        }

        switch (language, code)
        {
            case ("ja", "JPY"):
                return narrow ? "¥" : "￥";
            case ("ja", "CNY"):
                return narrow ? "¥" : "元";
            case ("fr", "USD"):
                return narrow ? "$" : "$US";
            case ("fr", "JPY"):
                return narrow ? "¥" : "JPY";
            case ("fr", "GBP"):
                return narrow ? "£" : "£GB";
            case ("fr", "CAD"):
                return narrow ? "$" : "$CA";
            case ("fr", "AUD"):
                return narrow ? "$" : "$AU";
            case ("de", "AUD"):
                return narrow ? "$" : "AU$";
            case ("en", "USD") when culture.Name is not "en-US" and not "en" and not "en-PR" and not "en-AS" and not "en-GU" and not "en-VI" and not "en-IN":
                return narrow ? "$" : "US$";
            case ("it" or "pl", "USD"):
                return narrow ? "$" : "USD";
            case ("zh" or "ko" or "es" or "pt" or "nl" or "sv" or "da" or "nb", "USD"):
                return narrow ? "$" : "US$";
        }

        return EnSymbols.TryGetValue(code, out var s) ? (narrow ? s.Narrow : s.Symbol) : code;
    }

    /// <summary>A number with its currency name in the language (English when the tables lack it).</summary>
    internal static string CurrencyName(string language, string code, string number, bool one)
    {
        if (LocalizedCurrencyNames.TryGetValue(language + ":" + code, out var pattern))
        {
            return (one ? pattern.One : pattern.Other).Replace("{0}", number, StringComparison.Ordinal);
        }

        return number + " " + (CurrencyNames.TryGetValue(code, out var n) ? (one ? n.One : n.Other) : code);
    }

    /// <summary>Whether CLDR's plural category of the shown number is "one" in the language.</summary>
    internal static bool PluralOne(string language, DecimalDigits rounded, int fractionDigitsShown) => language switch
    {
        "ja" or "zh" or "ko" or "th" or "vi" or "id" => false,
        "fr" or "pt" => rounded.IsZero || rounded.IntegerDigits <= 0 || (rounded.IntegerDigits == 1 && rounded.Digits[0] == '1'),
        _ => rounded.Digits == "1" && rounded.IntegerDigits == 1 && fractionDigitsShown == 0,
    };

    /// <summary>Whether accounting format wraps negatives in parentheses in this language.</summary>
    internal static bool AccountingParentheses(string language) =>
        language is "en" or "ja" or "fr" or "zh" or "ko" or "nl" or "pl" or "th" or "he";

    /// <summary>Whether the language groups only from five integer digits (CLDR minimumGroupingDigits 2).</summary>
    internal static bool MinimumGroupingTwo(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName is "es" or "pl" or "it" or "hu" or "bg" or "lv" or "lt" or "hr" or "sl" or "et"
        || culture.Name == "pt-PT";

    /// <summary>The compact-notation table of a culture (by name, then language; English otherwise).</summary>
    internal static CompactPattern[] CompactTable(CultureInfo culture, bool isLong)
    {
        var display = isLong ? ":long" : ":short";
        return CompactTables.TryGetValue(culture.Name + display, out var table)
            || CompactTables.TryGetValue(culture.TwoLetterISOLanguageName + display, out table)
            || CompactTables.TryGetValue("en" + display, out table)
            ? table
            : [];
    }

    /// <summary>The pattern for a number of the given magnitude; <see langword="null"/> when it is not compacted.</summary>
    internal static CompactPattern? CompactEntry(CompactPattern[] table, int magnitude)
    {
        if (table.Length == 0 || magnitude < table[0].Magnitude)
        {
            return null;
        }

        var capped = Math.Min(magnitude, table[^1].Magnitude);
        return Array.Find(table, e => e.Magnitude == capped);
    }

    /// <summary>Formats a number with a unit label in the language (English labels when the tables lack it).</summary>
    internal static string Unit(string language, string unit, string display, string number, bool one)
    {
        var offset = display switch { "narrow" => 2, "long" => 4, _ => 0 } + (one ? 0 : 1);
        if (LocalizedUnits.TryGetValue(language + ":" + unit, out var localized))
        {
            return localized[offset].Replace("{0}", number, StringComparison.Ordinal);
        }

        if (Units.TryGetValue(unit, out var patterns))
        {
            return patterns[offset].Replace("{0}", number, StringComparison.Ordinal);
        }

        var per = unit.IndexOf("-per-", StringComparison.Ordinal);
        var numerator = Units[unit[..per]];
        var denominator = Units[unit[(per + 5)..]];
        string Label(string[] p, int index) => p[index].Replace("{0}", string.Empty, StringComparison.Ordinal).Trim();
        return display switch
        {
            "long" => numerator[offset].Replace("{0}", number, StringComparison.Ordinal) + " per " + Label(denominator, 4),
            "narrow" => number + Label(numerator, 2) + "/" + Label(denominator, 2),
            _ => number + " " + Label(numerator, 0) + "/" + Label(denominator, 0),
        };
    }

    private static string[] Simple(string symbol, string name) =>
        ["{0} " + symbol, "{0} " + symbol, "{0}" + symbol, "{0}" + symbol, "{0} " + name, "{0} " + name + "s"];
}
