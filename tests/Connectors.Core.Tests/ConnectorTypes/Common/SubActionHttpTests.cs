using Connectors.ConnectorTypes.Common;

namespace Connectors.Core.Tests.ConnectorTypes.Common;

public sealed class SubActionHttpTests
{
    [Theory]
    [InlineData("https://api.opsgenie.com/v2/alerts/", "https://api.opsgenie.com/v2/alerts")]
    [InlineData("https://api.opsgenie.com//v2///alerts", "https://api.opsgenie.com/v2/alerts")]
    [InlineData("http://h:8080/a?x=1", "http://h:8080/a?x=1")]
    public void NormalizeUrl_TrailingAndDoubleSlashes_Removed(string url, string expected) =>
        Assert.Equal(expected, SubActionHttp.NormalizeUrl(url));

    [Theory]
    [InlineData("not a url", "URL Error: Invalid URL")]
    [InlineData("ftp://example.com/x", "URL Error: Invalid protocol")]
    public void AssertUrl_Invalid_ThrowsKibanasText(string url, string message)
    {
        var ex = Assert.Throws<SubActionException>(() => SubActionHttp.AssertUrl(url));

        Assert.Equal(message, ex.Message);
        Assert.Equal(ErrorSource.User, ex.ErrorSource);
    }
}
