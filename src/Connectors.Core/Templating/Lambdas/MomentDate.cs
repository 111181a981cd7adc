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
    [GeneratedRegex(@"^\s*([+-]\d{6}|\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d\d(?::?\d\d)?)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"\s(GMT|UTC|UT|Z)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex GmtSuffix();

    [GeneratedRegex(@"^\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex DigitsOnly();

    private static readonly string[] LegacyFormats =
    [
        "ddd, d MMM yyyy HH:mm:ss", "ddd, dd MMM yyyy HH:mm:ss", "d MMM yyyy HH:mm:ss", "dd MMM yyyy HH:mm:ss",
        "ddd, d MMM yyyy HH:mm", "d MMM yyyy", "dd MMM yyyy",
        "MMM d yyyy", "MMM d, yyyy", "MMM dd yyyy", "MMM dd, yyyy", "MMMM d yyyy", "MMMM d, yyyy",
        "MMM d yyyy HH:mm:ss", "MMM d, yyyy HH:mm:ss", "ddd MMM d yyyy", "ddd MMM dd yyyy", "ddd MMM dd yyyy HH:mm:ss",
        "M/d/yyyy", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "yyyy/M/d", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm",
    ];

    /// <summary>Parses <paramref name="text"/>; <see langword="null"/> when JavaScript would call it an invalid date.</summary>
    internal static DateTimeOffset? Parse(string text, TimeZoneInfo localZone)
    {
        if (DigitsOnly().IsMatch(text) && text.Length > 6)
        {
            return null;
        }

        var m = IsoPattern().Match(text);
        if (m.Success)
        {
            return FromIso(m, localZone);
        }

        var s = text.Trim();
        var utc = false;
        var gmt = GmtSuffix().Match(s);
        if (gmt.Success)
        {
            utc = true;
            s = s[..gmt.Index].TrimEnd();
        }

        if (DateTime.TryParseExact(s, LegacyFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dt))
        {
            return utc ? new DateTimeOffset(dt, TimeSpan.Zero) : InZone(dt, localZone);
        }

        if (DateTimeOffset.TryParseExact(s, ["ddd, d MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss zzzz", "d MMM yyyy HH:mm:ss zzz"], CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dto))
        {
            return dto;
        }

        return null;
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
    private static DateTimeOffset InZone(DateTime wallClock, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}
