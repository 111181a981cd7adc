using Connectors.ConnectorTypes.Common;

namespace Connectors.Core.Tests.ConnectorTypes.Common;

public sealed class HttpResultsTests
{
    [Theory]
    [InlineData("120", 120L)]
    [InlineData(" 7", 7L)]
    [InlineData("12abc", 12L)]
    [InlineData("-3", -3L)]
    [InlineData("abc", null)]
    [InlineData("Wed, 21 Oct 2026 07:28:00 GMT", null)]
    public void RetryAfterSeconds_HeaderValue_ParsedAsParseInt(string value, long? expected)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Retry-After", value);

        Assert.Equal(expected, HttpResults.RetryAfterSeconds(response));
    }

    [Fact]
    public void RetryAfterSeconds_NoHeader_Null()
    {
        using var response = new HttpResponseMessage();

        Assert.Null(HttpResults.RetryAfterSeconds(response));
    }

    [Fact]
    public void ToIsoString_Offset_UtcWithMilliseconds()
    {
        Assert.Equal(
            "2026-12-04T11:00:00.250Z",
            HttpResults.ToIsoString(new DateTimeOffset(2026, 12, 4, 12, 0, 0, 250, TimeSpan.FromHours(1))));
    }

    [Theory]
    [InlineData(401, true)]
    [InlineData(429, true)]
    [InlineData(451, true)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(500, false)]
    public void IsUserErrorStatus_KibanasList(int status, bool expected) =>
        Assert.Equal(expected, HttpResults.IsUserErrorStatus(status));

    [Fact]
    public async Task JsonContent_Body_CompactUnescapedHtmlCharacters()
    {
        using var content = HttpResults.JsonContent(new System.Text.Json.Nodes.JsonObject { ["text"] = "<a> & \"b\"\n" });

        Assert.Equal("{\"text\":\"<a> & \\\"b\\\"\\n\"}", await content.ReadAsStringAsync());
        Assert.Equal("application/json", content.Headers.ContentType!.ToString());
    }
}
