using Connectors.Templating.Internal;

namespace Connectors.Core.Tests.Templating.Lambdas;

public sealed class JsNumberTests
{
    [Theory]
    [InlineData(0d, "0")]
    [InlineData(1d, "1")]
    [InlineData(-42d, "-42")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789012345680000d, "123456789012345680000")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(123.456, "123.456")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void ToString_Value_MatchesJavaScript(double value, string expected) =>
        Assert.Equal(expected, JsNumber.ToString(value));

    [Theory]
    [InlineData("42.0", 42d)]
    [InlineData("  -1.5e3xyz", -1500d)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5d)]
    [InlineData("1e", 1d)]
    [InlineData("Infinity", double.PositiveInfinity)]
    public void ParseFloat_Prefix_ParsesLikeJavaScript(string text, double expected) =>
        Assert.Equal(expected, JsParseFloat.ParseFloat(text));

    [Theory]
    [InlineData("")]
    [InlineData("nope")]
    [InlineData("-")]
    [InlineData(".")]
    public void ParseFloat_NoNumber_IsNaN(string text) => Assert.True(double.IsNaN(JsParseFloat.ParseFloat(text)));
}
