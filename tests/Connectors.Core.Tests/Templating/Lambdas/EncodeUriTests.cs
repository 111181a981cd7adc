using static Connectors.Core.Tests.Templating.Lambdas.LambdaTestHelpers;

namespace Connectors.Core.Tests.Templating.Lambdas;

public sealed class EncodeUriTests
{
    [Theory]
    [InlineData(" a b ", "%20a%20b%20")]
    [InlineData("https://x.org/a b?q=1&r=ü#h", "https://x.org/a%20b?q=1&r=%C3%BC#h")]
    [InlineData(";,/?:@&=+$-_.!~*'()#", ";,/?:@&=+$-_.!~*'()#")]
    [InlineData("\"<>\\^`{|}%", "%22%3C%3E%5C%5E%60%7B%7C%7D%25")]
    [InlineData("😀", "%F0%9F%98%80")]
    public void Invoke_EncodeUri_MatchesJavaScript(string text, string expected) =>
        Assert.Equal(expected, Run("EncodeURI", text).Output);

    [Theory]
    [InlineData(" a b ", "%20a%20b%20")]
    [InlineData(";,/?:@&=+$#", "%3B%2C%2F%3F%3A%40%26%3D%2B%24%23")]
    [InlineData("-_.!~*'()AZaz09", "-_.!~*'()AZaz09")]
    [InlineData("é", "%C3%A9")]
    public void Invoke_EncodeUriComponent_MatchesJavaScript(string text, string expected) =>
        Assert.Equal(expected, Run("EncodeURIComponent", text).Output);

    [Fact]
    public void Invoke_EncodeUriLoneSurrogate_ReturnsUriMalformed()
    {
        var (output, warnings) = Run("EncodeURI", "a\uD800b");
        Assert.Equal("error evaluating encodeURI(\"a\uD800b\"): URI malformed", output);
        Assert.Single(warnings);
    }

    [Fact]
    public void Invoke_EncodeUriComponentLoneLowSurrogate_ReturnsUriMalformed() =>
        Assert.Equal("error evaluating encodeURIComponent(\"\uDC00\"): URI malformed", Run("EncodeURIComponent", "\uDC00").Output);

    [Fact]
    public void Invoke_UnknownName_ReturnsNull() => Assert.Null(Run("Nope", "x").Output);
}
