using System.Globalization;

namespace Connectors.Templating.Internal;

/// <summary>
/// The non-ISO date strings JavaScript's <c>Date</c> accepts (V8's legacy parser, as observed): words for
/// months and week days, <c>M/D/Y</c> and <c>Y/M/D</c> numbers, a time with optional seconds, fraction and
/// AM/PM, and a zone (<c>GMT</c>/<c>UTC</c>/<c>Z</c>, US zone names, <c>±hhmm</c>, <c>±hh:mm</c>); text in
/// parentheses is a comment, and unknown words are ignored before the first number only. Without a zone the
/// date is local time.
/// </summary>
internal static class LegacyDate
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private static readonly Dictionary<string, int> ZoneWords = new(StringComparer.Ordinal)
    {
        ["ut"] = 0, ["utc"] = 0, ["gmt"] = 0, ["z"] = 0,
        ["est"] = -5 * 60, ["edt"] = -4 * 60, ["cst"] = -6 * 60, ["cdt"] = -5 * 60,
        ["mst"] = -7 * 60, ["mdt"] = -6 * 60, ["pst"] = -8 * 60, ["pdt"] = -7 * 60,
    };

    private enum Kind
    {
        Number,
        Word,
        Symbol,
    }

    private readonly record struct Token(Kind Kind, string Text, int Value);

    /// <summary>Parses <paramref name="text"/>; <see langword="null"/> when JavaScript's <c>Date</c> would be invalid.</summary>
    internal static DateTimeOffset? Parse(string text, TimeZoneInfo localZone)
    {
        var tokens = Tokenize(text);
        if (tokens is null)
        {
            return null;
        }

        var numbers = new List<Token>();
        int? month = null;
        int hour = -1, minute = 0, second = 0, millisecond = 0;
        int? offsetMinutes = null;
        var meridiem = 0; // 1 am, 2 pm
        var seenNumber = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind == Kind.Number && i + 1 < tokens.Count && tokens[i + 1].Text == ":" && hour < 0)
            {
                // h:mm[:ss[.fff]]
                if (i + 2 >= tokens.Count || tokens[i + 2].Kind != Kind.Number)
                {
                    return null;
                }

                hour = t.Value;
                minute = tokens[i + 2].Value;
                i += 2;
                if (i + 2 < tokens.Count && tokens[i + 1].Text == ":" && tokens[i + 2].Kind == Kind.Number)
                {
                    second = tokens[i + 2].Value;
                    i += 2;
                    if (i + 2 < tokens.Count && tokens[i + 1].Text == "." && tokens[i + 2].Kind == Kind.Number)
                    {
                        var digits = tokens[i + 2].Text;
                        millisecond = int.Parse(digits.PadRight(3, '0')[..3], CultureInfo.InvariantCulture);
                        i += 2;
                    }
                }

                seenNumber = true;
                continue;
            }

            if (t.Kind == Kind.Symbol && t.Text is "+" or "-" && (hour >= 0 || offsetMinutes is not null) && i + 1 < tokens.Count && tokens[i + 1].Kind == Kind.Number)
            {
                // a zone offset: +hhmm or +hh:mm (after a time or GMT/UTC)
                var n = tokens[i + 1];
                int minutes;
                if (n.Text.Length == 4)
                {
                    minutes = ((n.Value / 100) * 60) + (n.Value % 100);
                    i += 1;
                }
                else if (n.Text.Length <= 2 && i + 3 < tokens.Count && tokens[i + 2].Text == ":" && tokens[i + 3].Kind == Kind.Number)
                {
                    minutes = (n.Value * 60) + tokens[i + 3].Value;
                    i += 3;
                }
                else if (n.Text.Length <= 2)
                {
                    minutes = n.Value * 60;
                    i += 1;
                }
                else
                {
                    return null;
                }

                offsetMinutes = (offsetMinutes ?? 0) + (t.Text == "-" ? -minutes : minutes);
                continue;
            }

            switch (t.Kind)
            {
                case Kind.Number:
                    numbers.Add(t);
                    seenNumber = true;
                    break;
                case Kind.Word:
                    var word = t.Text;
                    if (word is "am" or "pm")
                    {
                        meridiem = word == "am" ? 1 : 2;
                    }
                    else if (ZoneWords.TryGetValue(word, out var zone))
                    {
                        offsetMinutes = zone;
                    }
                    else if (word.Length >= 3 && Array.IndexOf(Months, word[..3]) is var m and >= 0)
                    {
                        if (month is not null)
                        {
                            return null;
                        }

                        month = m + 1;
                    }
                    else if (word.Length >= 3 && Array.IndexOf(Days, word[..3]) >= 0)
                    {
                        // the week day is ignored
                    }
                    else if (word == "t" && seenNumber)
                    {
                        // the ISO date/time separator
                    }
                    else if (seenNumber)
                    {
                        return null;
                    }

                    break;
            }
        }

        return Compose(numbers, month, hour, minute, second, millisecond, meridiem, offsetMinutes, localZone);
    }

    private static DateTimeOffset? Compose(
        List<Token> numbers, int? month, int hour, int minute, int second, int millisecond, int meridiem, int? offsetMinutes, TimeZoneInfo localZone)
    {
        int year, day;
        int mon;
        if (month is { } named)
        {
            mon = named;
            switch (numbers.Count)
            {
                case 1:
                    year = numbers[0].Value;
                    day = 1;
                    break;
                case 2 when numbers[0].Text.Length >= 3 || numbers[0].Value > 31:
                    year = numbers[0].Value;
                    day = numbers[1].Value;
                    break;
                case 2:
                    day = numbers[0].Value;
                    year = numbers[1].Value;
                    year = Year(numbers[1], year);
                    break;
                default:
                    return null;
            }
        }
        else
        {
            switch (numbers.Count)
            {
                case 1 when numbers[0].Text.Length is >= 3 and <= 4:
                    year = numbers[0].Value;
                    mon = 1;
                    day = 1;
                    break;
                case 3 when numbers[0].Text.Length >= 3 || numbers[0].Value > 31:
                    year = numbers[0].Value;
                    mon = numbers[1].Value;
                    day = numbers[2].Value;
                    break;
                case 3:
                    mon = numbers[0].Value;
                    day = numbers[1].Value;
                    year = Year(numbers[2], numbers[2].Value);
                    break;
                default:
                    return null;
            }
        }

        if (meridiem != 0)
        {
            if (hour is < 0 or > 12)
            {
                return null;
            }

            hour = (hour % 12) + (meridiem == 2 ? 12 : 0);
        }

        if (hour < 0)
        {
            hour = 0;
        }

        var endOfDay = hour == 24 && minute == 0 && second == 0 && millisecond == 0;
        if (mon is < 1 or > 12 || day is < 1 or > 31 || (hour > 23 && !endOfDay) || minute > 59 || second > 59 || year is < 1 or > 9999)
        {
            return null;
        }

        // JavaScript's MakeDay rolls a day past the month's end over (Feb 30 is Mar 2).
        var wallClock = new DateTime(year, mon, 1, endOfDay ? 0 : hour, minute, second, millisecond, DateTimeKind.Unspecified)
            .AddDays(day - 1 + (endOfDay ? 1 : 0));
        return offsetMinutes is { } offset
            ? new DateTimeOffset(wallClock, TimeSpan.FromMinutes(offset))
            : MomentDate.InZone(wallClock, localZone);
    }

    // Two-digit years are 1950-2049.
    private static int Year(Token token, int value) =>
        token.Text.Length <= 2 ? (value < 50 ? 2000 + value : 1900 + value) : value;

    private static List<Token>? Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c == ',')
            {
                i++;
            }
            else if (c == '(')
            {
                var depth = 0;
                do
                {
                    depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
                    i++;
                }
                while (i < text.Length && depth > 0);
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                var digits = text[start..i];
                if (digits.Length > 9)
                {
                    return null;
                }

                tokens.Add(new Token(Kind.Number, digits, int.Parse(digits, CultureInfo.InvariantCulture)));
            }
            else if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiLetter(text[i]))
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Word, text[start..i].ToLowerInvariant(), 0));
            }
            else if (c is ':' or '.' or '/' or '-' or '+')
            {
                tokens.Add(new Token(Kind.Symbol, c.ToString(), 0));
                i++;
            }
            else
            {
                return null;
            }
        }

        return tokens;
    }
}
