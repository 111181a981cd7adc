using System.Globalization;
using System.Text.RegularExpressions;

namespace Connectors.Templating.Internal;

/// <summary>
/// Date parsing for <c>FormatDate</c>: what <c>new Date(s)</c> accepts and <c>moment(s)</c> then reads.
/// ISO 8601 forms (with or without a time, offset or <c>Z</c>) and the common legacy forms; a date and time
/// without an offset is read in the local zone (moment's rule), which is UTC on Kibana's servers.
/// A string of digits alone is not a date in JavaScript (<c>new Date("1669737164000")</c> is invalid).
/// </summary>
internal static partial class MomentDate
{
    [GeneratedRegex(@"^\s*([+-]\d{6}|\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d\d:?\d\d)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();

    /// <summary>Parses <paramref name="text"/>; <see langword="null"/> when JavaScript would call it an invalid date.</summary>
    internal static DateTimeOffset? Parse(string text, TimeZoneInfo localZone)
    {
        var m = IsoPattern().Match(text);
        if (m.Success)
        {
            return FromIso(m, localZone);
        }

        return LegacyDate.Parse(text, localZone);
    }

    private static DateTimeOffset? FromIso(Match m, TimeZoneInfo localZone)
    {
        try
        {
            var year = int.Parse(m.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            var month = m.Groups[2].Success ? Int(m.Groups[2]) : 1;
            var day = m.Groups[3].Success ? Int(m.Groups[3]) : 1;
            var hour = m.Groups[4].Success ? Int(m.Groups[4]) : 0;
            var minute = m.Groups[5].Success ? Int(m.Groups[5]) : 0;
            var second = m.Groups[6].Success ? Int(m.Groups[6]) : 0;
            var fraction = m.Groups[7].Success ? m.Groups[7].Value : string.Empty;
            var millis = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(3, '0')[..3], CultureInfo.InvariantCulture);
            var extraDay = false;
            if (hour == 24 && minute == 0 && second == 0 && millis == 0)
            {
                hour = 0;
                extraDay = true;
            }

            var local = new DateTime(year, month, day, hour, minute, second, millis, DateTimeKind.Unspecified);
            if (extraDay)
            {
                local = local.AddDays(1);
            }

            if (!m.Groups[8].Success)
            {
                return InZone(local, localZone);
            }

            var zone = m.Groups[8].Value;
            if (zone is "Z" or "z")
            {
                return new DateTimeOffset(local, TimeSpan.Zero);
            }

            var digits = zone[1..].Replace(":", string.Empty, StringComparison.Ordinal);
            var offset = new TimeSpan(int.Parse(digits[..2], CultureInfo.InvariantCulture), digits.Length > 2 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0, 0);
            return new DateTimeOffset(local, zone[0] == '-' ? -offset : offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static int Int(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);

    /// <summary>The instant of a wall-clock time in <paramref name="zone"/> (a skipped time moves forward, as JavaScript does).</summary>
    internal static DateTimeOffset InZone(DateTime wallClock, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}
