using Connectors.Templating.Internal;
using static Connectors.Core.Tests.Templating.Lambdas.LambdaTestHelpers;

namespace Connectors.Core.Tests.Templating.Lambdas;

public sealed class FormatDateTests
{
    private static readonly Dictionary<string, object?> Nov29 = Obj(("timeStamp", "2022-11-29T15:52:44Z"));

    [Theory]
    [InlineData(" {{timeStamp}} ", "2022-11-29 03:52pm")] // L01
    [InlineData(" {{timeStamp}} ; America/New_York ", "2022-11-29 10:52am")] // L02
    [InlineData(" {{timeStamp}} ;; dddd MMM Do YYYY HH:mm:ss.SSS ", "Tuesday Nov 29th 2022 15:52:44.000")] // L03
    [InlineData(" {{timeStamp}};America/New_York;dddd MMM Do YYYY HH:mm:ss.SSS ", "Tuesday Nov 29th 2022 10:52:44.000")] // L04
    public void Invoke_KibanaVectors_FormatLikeMoment(string raw, string expected)
    {
        var (output, warnings) = Run("FormatDate", raw, Nov29);
        Assert.Equal(expected, output);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Invoke_L05_EmptyDate_ReturnsDateIsEmpty()
    {
        var (output, warnings) = Run("FormatDate", "   ", Obj(("timeStamp", "")));
        Assert.Equal("date is empty", output);
        Assert.Equal(["mustache render error: date is empty"], warnings);
    }

    [Fact]
    public void Invoke_L06_NotADate_ReturnsInvalidDate() =>
        Assert.Equal("invalid date \"this is not a d4t3\"", Run("FormatDate", "{{timeStamp}}", Obj(("timeStamp", "this is not a d4t3"))).Output);

    [Fact]
    public void Invoke_L07_UnknownZone_ReturnsUnknownTimeZone() =>
        Assert.Equal("unknown timeZone value \"NotATime Zone!\"", Run("FormatDate", "{{timeStamp}};NotATime Zone!", Obj(("timeStamp", "2023-04-10T23:52:39"))).Output);

    // Kibana's test ran in a local zone west of UTC: "2023-04-10T23:52:39" (no offset, so local time) is
    // already Tuesday 11 April in UTC, hence "am" and weekday 2. The same local zone gives the same bytes.
    [Fact]
    public void FormatDate_L08_GarbageFormatInKibanaTestZone_CopiesUnknownLetters() =>
        Assert.Equal("gamrbamg2", KibanaLambdas.FormatDate("2023-04-10T23:52:39;;garbage", TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).Text);

    // On a UTC server (Kibana's production setting and ours by default) the same input is Monday 23:52.
    [Fact]
    public void Invoke_L08_GarbageFormatOnUtcServer_CopiesUnknownLetters() =>
        Assert.Equal("gpmrbpmg1", Run("FormatDate", "{{timeStamp}};;garbage", Obj(("timeStamp", "2023-04-10T23:52:39"))).Output);

    [Theory]
    [InlineData("2022-11-29", "UTC", "YYYY-MM-DD HH:mm", "2022-11-29 00:00")]
    [InlineData("2022-11-29T15:52:44.123+05:30", "UTC", "HH:mm:ss.SSS Z ZZ", "10:22:44.123 +00:00 +0000")]
    [InlineData("2022-11-29T15:52:44Z", "Asia/Kolkata", "HH:mm Z", "21:22 +05:30")]
    [InlineData("2022-11-29 15:52:44", "UTC", "LLLL", "Tuesday, November 29, 2022 3:52 PM")]
    [InlineData("Tue Nov 29 2022 10:52:44 GMT-0500 (Eastern Standard Time)", "UTC", "HH:mm:ss", "15:52:44")]
    [InlineData("November 29, 2022 3:52 PM EST", "UTC", "YYYY-MM-DD HH:mm", "2022-11-29 20:52")]
    [InlineData("11/29/22", "UTC", "YYYY-MM-DD", "2022-11-29")]
    [InlineData("Feb 30 2022", "UTC", "YYYY-MM-DD", "2022-03-02")]
    [InlineData("garbage 2022", "UTC", "YYYY-MM-DD", "2022-01-01")]
    [InlineData("Tue, 29 Nov 2022 15:52:44 GMT", "UTC", "lll", "Nov 29, 2022 3:52 PM")]
    [InlineData("2022-01-01T00:00:00Z", "UTC", "W WW Wo GGGG w ww wo gggg", "52 52 52nd 2021 1 01 1st 2022")]
    [InlineData("2022-11-29T15:52:44Z", "UTC", "Y YY M Mo MMMM D DDD DDDD DDDo d do dd ddd E e Q Qo", "2022 22 11 11th November 29 333 333 333rd 2 2nd Tu Tue 2 2 4 4th")]
    [InlineData("2022-11-29T00:05:09.007Z", "UTC", "H HH h hh k kk m mm s ss S SS SSS SSSS a A", "0 00 12 12 24 24 5 05 9 09 0 00 007 0070 am AM")]
    [InlineData("2022-11-29T15:52:44Z", "UTC", "X x", "1669737164 1669737164000")]
    [InlineData("2022-11-29T15:52:44Z", "UTC", "[Today is] dddd [at] LT", "Today is Tuesday at 3:52 PM")]
    [InlineData("2022-11-29T15:52:44Z", "UTC", "\\H\\m H", "Hm 15")]
    [InlineData("2022-11-29T15:52:44Z", "America/New_York", "z zz", "EST EST")]
    [InlineData("2022-07-01T15:52:44Z", "America/New_York", "z", "EDT")]
    [InlineData("2022-11-29T15:52:44Z", "UTC", "Hmm hmmss", "1552 35244")]
    public void FormatDate_Tokens_MatchMoment(string date, string zone, string format, string expected) =>
        Assert.Equal(expected, KibanaLambdas.FormatDate($"{date};{zone};{format}").Text);

    [Theory]
    [InlineData("1669737164000")]
    [InlineData("2022-13-01")]
    [InlineData("2022-02-30T00:00:00Z")]
    public void FormatDate_NotAJavaScriptDate_ReturnsInvalidDate(string date)
    {
        var result = KibanaLambdas.FormatDate(date);
        Assert.True(result.IsError);
        Assert.Equal($"invalid date \"{date}\"", result.Text);
    }

    [Theory]
    [InlineData("Eastern Standard Time")]
    [InlineData("america/new_york")]
    [InlineData("Nowhere/Special")]
    [InlineData("posix/Europe/Berlin")]
    [InlineData("right/UTC")]
    [InlineData("localtime")]
    [InlineData("Factory")]
    [InlineData("zone.tab")]
    public void FormatDate_NotAnIanaName_ReturnsUnknownTimeZone(string zone) =>
        Assert.Equal($"unknown timeZone value \"{zone}\"", KibanaLambdas.FormatDate("2022-11-29T15:52:44Z; " + zone).Text);

    [Theory]
    [InlineData("US/Eastern", "2022-11-29 10:52am")]
    [InlineData("Etc/GMT-14", "2022-11-30 05:52am")]
    [InlineData("EST5EDT", "2022-11-29 10:52am")]
    public void FormatDate_LegacyTzdbNames_AreKnown(string zone, string expected) =>
        Assert.Equal(expected, KibanaLambdas.FormatDate("2022-11-29T15:52:44Z; " + zone).Text);

    [Fact]
    public void FormatDate_MoreThanThreeParts_IgnoresTheRest() =>
        Assert.Equal("2022", KibanaLambdas.FormatDate("2022-11-29T15:52:44Z;UTC;YYYY;MM").Text);
}
