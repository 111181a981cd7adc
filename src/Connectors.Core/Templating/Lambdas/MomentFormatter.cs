using System.Globalization;
using System.Text;

namespace Connectors.Templating.Internal;

/// <summary>
/// moment.js <c>format()</c> for the <c>en</c> locale, token for token: the same tokenizer rules (the first
/// matching token at each position, <c>[literal]</c> and <c>\x</c> escapes, unknown letters copied as they
/// are) and the same token outputs.
/// </summary>
internal static partial class MomentFormatter
{
    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;
    private static readonly string[] MonthShort = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames;
    private static readonly string[] DayNames = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;
    private static readonly string[] DayShort = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] DayMin = ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"];

    private static readonly Dictionary<string, string> LocalFormats = new(StringComparer.Ordinal)
    {
        ["LTS"] = "h:mm:ss A",
        ["LT"] = "h:mm A",
        ["L"] = "MM/DD/YYYY",
        ["LL"] = "MMMM D, YYYY",
        ["LLL"] = "MMMM D, YYYY h:mm A",
        ["LLLL"] = "dddd, MMMM D, YYYY h:mm A",
        ["l"] = "M/D/YYYY",
        ["ll"] = "MMM D, YYYY",
        ["lll"] = "MMM D, YYYY h:mm A",
        ["llll"] = "ddd, MMM D, YYYY h:mm A",
    };

    /// <summary>Formats <paramref name="value"/> (already in its display zone) with a moment format string.</summary>
    internal static string Format(DateTimeOffset value, string zoneId, string format)
    {
        format = ExpandLocalFormats(format);
        var sb = new StringBuilder(format.Length * 2);
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if (c == '[' && BracketEnd(format, i) is var close and > 0)
            {
                sb.Append(format, i + 1, close - i - 1);
                i = close + 1;
                continue;
            }

            if (c == '\\' && i + 1 < format.Length)
            {
                var escapedLength = MatchToken(format, i + 1);
                var escaped = format.Substring(i + 1, escapedLength);
                sb.Append(escaped.Replace("\\", string.Empty, StringComparison.Ordinal));
                i += 1 + escapedLength;
                continue;
            }

            var length = MatchToken(format, i);
            var token = format.Substring(i, length);
            var output = Token(token, value, zoneId);
            sb.Append(output ?? token.Replace("\\", string.Empty, StringComparison.Ordinal));
            i += length;
        }

        return sb.ToString();
    }

    private static string ExpandLocalFormats(string format)
    {
        // moment expands LTS|LT|LL?L?L?|l{1,4} (outside [..] escapes) before tokenizing, up to 5 times.
        for (var round = 0; round < 5; round++)
        {
            var sb = new StringBuilder();
            var changed = false;
            var i = 0;
            while (i < format.Length)
            {
                if (format[i] == '[' && BracketEnd(format, i) is var close and > 0)
                {
                    sb.Append(format, i, close - i + 1);
                    i = close + 1;
                    continue;
                }

                var len = 0;
                if (format.AsSpan(i).StartsWith("LTS", StringComparison.Ordinal))
                {
                    len = 3;
                }
                else if (format.AsSpan(i).StartsWith("LT", StringComparison.Ordinal))
                {
                    len = 2;
                }
                else if (format[i] is 'L' or 'l')
                {
                    while (len < 4 && i + len < format.Length && format[i + len] == format[i])
                    {
                        len++;
                    }
                }

                if (len > 0 && LocalFormats.TryGetValue(format.Substring(i, len), out var expanded))
                {
                    sb.Append(expanded);
                    changed = true;
                    i += len;
                }
                else
                {
                    sb.Append(format[i]);
                    i++;
                }
            }

            format = sb.ToString();
            if (!changed)
            {
                break;
            }
        }

        return format;
    }

    // moment's \[[^\[]*\] is greedy: the escape runs to the last ']' before the next '['; -1 when none.
    private static int BracketEnd(string format, int open)
    {
        var nextOpen = format.IndexOf('[', open + 1);
        var limit = nextOpen < 0 ? format.Length : nextOpen;
        return limit - open - 1 <= 0 ? -1 : format.LastIndexOf(']', limit - 1, limit - open - 1);
    }

    // The length of the token at position i, as moment's formattingTokens regex picks it (first alternative wins).
    private static int MatchToken(string f, int i)
    {
        bool At(int offset, string s) => string.CompareOrdinal(f, i + offset, s, 0, s.Length) == 0 && i + offset + s.Length <= f.Length;
        int Run(char c, int max)
        {
            var n = 0;
            while (n < max && i + n < f.Length && f[i + n] == c)
            {
                n++;
            }

            return n;
        }

        var ch = f[i];
        switch (ch)
        {
            case 'H' or 'h' when At(1, "mm"):
                return At(3, "ss") ? 5 : 3;
            case 'M':
                return At(1, "o") ? 2 : Run('M', 4);
            case 'D':
                if (At(1, "o"))
                {
                    return 2;
                }

                if (At(0, "DDDo"))
                {
                    return 4;
                }

                return Run('D', 4);
            case 'd':
                if (At(0, "dd"))
                {
                    return Run('d', 4);
                }

                return At(1, "o") ? 2 : 1;
            case 'w' or 'W':
                return i + 1 < f.Length && (f[i + 1] == 'o' || f[i + 1] == '|' || f[i + 1] == ch) ? 2 : 1;
            case 'Q':
                return At(1, "o") ? 2 : 1;
            case 'N':
                return Run('N', 5);
            case 'Y':
                var ys = Run('Y', 6);
                return ys >= 4 ? ys : ys >= 2 ? 2 : 1;
            case 'y':
                var yy = Run('y', 4);
                return yy >= 2 ? yy : At(1, "o") ? 2 : 1;
            case 'g' or 'G':
                var gs = Run(ch, 5);
                return gs >= 4 ? gs : gs >= 2 ? 2 : 1;
            case 'h' or 'H' or 'k' or 'm' or 's' or 'z' or 'Z':
                return Run(ch, 2);
            case 'S':
                return Run('S', 9);
            default:
                return char.IsSurrogatePair(f, i) ? 2 : 1;
        }
    }

    private static string? Token(string token, DateTimeOffset d, string zoneId)
    {
        var dow = (int)d.DayOfWeek;
        var hour12 = d.Hour % 12 == 0 ? 12 : d.Hour % 12;
        return token switch
        {
            "M" => N(d.Month),
            "Mo" => Ordinal(d.Month),
            "MM" => Pad(d.Month, 2),
            "MMM" => MonthShort[d.Month - 1],
            "MMMM" => MonthNames[d.Month - 1],
            "Q" => N(((d.Month - 1) / 3) + 1),
            "Qo" => Ordinal(((d.Month - 1) / 3) + 1),
            "D" => N(d.Day),
            "Do" => Ordinal(d.Day),
            "DD" => Pad(d.Day, 2),
            "DDD" => N(d.DayOfYear),
            "DDDo" => Ordinal(d.DayOfYear),
            "DDDD" => Pad(d.DayOfYear, 3),
            "d" or "e" => N(dow),
            "do" => Ordinal(dow),
            "dd" => DayMin[dow],
            "ddd" => DayShort[dow],
            "dddd" => DayNames[dow],
            "E" => N(dow == 0 ? 7 : dow),
            "w" => N(Week(d, 0, 6).Week),
            "wo" => Ordinal(Week(d, 0, 6).Week),
            "ww" => Pad(Week(d, 0, 6).Week, 2),
            "W" => N(Week(d, 1, 4).Week),
            "Wo" => Ordinal(Week(d, 1, 4).Week),
            "WW" => Pad(Week(d, 1, 4).Week, 2),
            "Y" => d.Year <= 9999 ? Pad(d.Year, 4) : "+" + N(d.Year),
            "YY" => Pad(d.Year % 100, 2),
            "YYYY" => Pad(d.Year, 4),
            "YYYYY" => Pad(d.Year, 5),
            "YYYYYY" => (d.Year >= 0 ? "+" : "-") + Pad(Math.Abs(d.Year), 6),
            "y" or "yy" or "yyy" or "yyyy" => Pad(d.Year, token.Length),
            "yo" => Ordinal(d.Year),
            "N" or "NN" or "NNN" or "NNNNN" => "AD",
            "NNNN" => "Anno Domini",
            "gg" => Pad(Week(d, 0, 6).Year % 100, 2),
            "gggg" => Pad(Week(d, 0, 6).Year, 4),
            "ggggg" => Pad(Week(d, 0, 6).Year, 5),
            "GG" => Pad(Week(d, 1, 4).Year % 100, 2),
            "GGGG" => Pad(Week(d, 1, 4).Year, 4),
            "GGGGG" => Pad(Week(d, 1, 4).Year, 5),
            "a" => d.Hour < 12 ? "am" : "pm",
            "A" => d.Hour < 12 ? "AM" : "PM",
            "H" => N(d.Hour),
            "HH" => Pad(d.Hour, 2),
            "h" => N(hour12),
            "hh" => Pad(hour12, 2),
            "k" => N(d.Hour == 0 ? 24 : d.Hour),
            "kk" => Pad(d.Hour == 0 ? 24 : d.Hour, 2),
            "hmm" => N(hour12) + Pad(d.Minute, 2),
            "hmmss" => N(hour12) + Pad(d.Minute, 2) + Pad(d.Second, 2),
            "Hmm" => N(d.Hour) + Pad(d.Minute, 2),
            "Hmmss" => N(d.Hour) + Pad(d.Minute, 2) + Pad(d.Second, 2),
            "m" => N(d.Minute),
            "mm" => Pad(d.Minute, 2),
            "s" => N(d.Second),
            "ss" => Pad(d.Second, 2),
            ['S', ..] when token.All(c => c == 'S') => Fraction(d.Millisecond, token.Length),
            "X" => N(Math.Floor(d.ToUnixTimeMilliseconds() / 1000d)),
            "x" => N(d.ToUnixTimeMilliseconds()),
            "Z" => Offset(d.Offset, ":"),
            "ZZ" => Offset(d.Offset, string.Empty),
            "z" or "zz" => Abbreviation(d, zoneId),
            _ => null,
        };
    }

    private static string N(double n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Pad(int n, int width) =>
        (n < 0 ? "-" : string.Empty) + Math.Abs(n).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');

    private static string Ordinal(int n)
    {
        var b = n % 10;
        var suffix = (n % 100) / 10 == 1 ? "th" : b switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return N(n) + suffix;
    }

    private static string Fraction(int millis, int length) => length switch
    {
        1 => N(millis / 100),
        2 => Pad(millis / 10, 2),
        _ => Pad(millis, 3) + new string('0', length - 3),
    };

    private static string Offset(TimeSpan offset, string separator)
    {
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return sign + Pad(abs.Hours, 2) + separator + Pad(abs.Minutes, 2);
    }

    private static string Abbreviation(DateTimeOffset d, string zoneId)
    {
        var minutes = (int)d.Offset.TotalMinutes;
        if (Abbreviations.TryGetValue(zoneId, out var known))
        {
            foreach (var (offset, abbreviation) in known)
            {
                if (offset == minutes)
                {
                    return abbreviation;
                }
            }
        }

        var sign = minutes < 0 ? '-' : '+';
        var abs = d.Offset.Duration();
        return sign + Pad(abs.Hours, 2) + (abs.Minutes != 0 ? Pad(abs.Minutes, 2) : string.Empty);
    }

    // moment's weekOfYear with the locale's first day of week (dow) and day of year that fixes week 1 (doy).
    private static (int Week, int Year) Week(DateTimeOffset d, int dow, int doy)
    {
        var year = d.Year;
        var offset = FirstWeekOffset(year, dow, doy);
        var week = (int)Math.Floor((d.DayOfYear - offset - 1) / 7d) + 1;

        if (week < 1)
        {
            return (week + WeeksInYear(year - 1, dow, doy), year - 1);
        }

        var weeks = WeeksInYear(year, dow, doy);
        return week > weeks ? (week - weeks, year + 1) : (week, year);
    }

    private static int FirstWeekOffset(int year, int dow, int doy)
    {
        var fwd = 7 + dow - doy;
        var fwdDay = (int)new DateTime(year, 1, 1).AddDays(fwd - 1).DayOfWeek;
        var fwdlw = (7 + fwdDay - dow) % 7;
        return -fwdlw + fwd - 1;
    }

    private static int WeeksInYear(int year, int dow, int doy) =>
        ((DateTime.IsLeapYear(year) ? 366 : 365) - FirstWeekOffset(year, dow, doy) + FirstWeekOffset(year + 1, dow, doy)) / 7;
}
