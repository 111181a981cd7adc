using Connectors.Templating.Internal;
using static Connectors.Core.Tests.Templating.Lambdas.LambdaTestHelpers;

namespace Connectors.Core.Tests.Templating.Lambdas;

/// <summary>
/// Kibana's vectors, then outputs of <c>Intl.NumberFormat</c> under Node 20 (V8 + ICU 7x) for the same input.
/// Spaces inside outputs are written as escapes where ICU uses U+00A0 or U+202F.
/// </summary>
public sealed class FormatNumberTests
{
    [Theory]
    [InlineData("1;;", "1")] // N01
    [InlineData(" 1000;; notation: compact, compactDisplay: short, ", "1K")] // N07
    [InlineData("1000;; currency: EUR, style: currency, currencyDisplay: name", "1,000.00 euros")] // N08
    [InlineData("-1;; currency: EUR, style: currency, currencySign: accounting", "(€1.00)")] // N09
    [InlineData("1000;; notation: engineering", "1E3")] // N10
    [InlineData("1;; signDisplay: always", "+1")] // N11
    [InlineData("1;; style: percent", "100%")] // N11
    [InlineData("1;; style: unit, unit: petabyte, unitDisplay: narrow", "1PB")] // N12
    [InlineData("1000;; useGrouping: false", "1000")] // N13
    [InlineData("1;; minimumIntegerDigits: 7", "0,000,001")] // N13
    [InlineData("123456;; maximumSignificantDigits: 4", "123,500")] // N14
    [InlineData("1.234;; maximumFractionDigits: 2", "1.23")] // N14
    public void FormatNumber_KibanaVectors_MatchIntl(string input, string expected)
    {
        var result = KibanaLambdas.FormatNumber(input.Trim());
        Assert.Equal(expected, result.Text);
        Assert.False(result.IsError);
    }

    [Fact]
    public void FormatNumber_N06_German_UsesDotGrouping() => Assert.Equal("1.000", KibanaLambdas.FormatNumber("1000; de-DE;").Text);

    [Theory]
    [InlineData("1", "invalid format, missing semicolons: '1'")] // N02
    [InlineData("1;", "invalid format, missing semicolons: '1;'")]
    [InlineData("1;; nah", "invalid options: missing colon in option: 'nah'")] // N03
    [InlineData("1;; minimumIntegerDigits: N.O.", "error formatting number: minimumIntegerDigits value is out of range.")] // N04
    [InlineData("1;; compactDisplay: uhuh", "error formatting number: Value uhuh out of range for Intl.NumberFormat options property compactDisplay")] // N05
    [InlineData("x;;", "invalid number: 'x'")]
    [InlineData("1; en_US;", "error formatting number: Incorrect locale information provided")]
    [InlineData("1;; style: currency", "error formatting number: Currency code is required with currency style.")]
    [InlineData("1;; style: currency, currency: EURO", "error formatting number: Invalid currency code : EURO")]
    [InlineData("1;; style: unit, unit: parsec", "error formatting number: Invalid unit argument for Intl.NumberFormat() 'parsec'")]
    [InlineData("1;; style: unit", "error formatting number: Invalid unit argument for Intl.NumberFormat() ''")]
    [InlineData("1;; minimumFractionDigits: 3, maximumFractionDigits: 1", "error formatting number: maximumFractionDigits value is out of range.")]
    [InlineData("1;; minimumSignificantDigits: 3, maximumSignificantDigits: 1", "error formatting number: maximumSignificantDigits value is out of range.")]
    [InlineData("1;; maximumFractionDigits: 101", "error formatting number: maximumFractionDigits value is out of range.")]
    [InlineData("1;; style: bogus", "error formatting number: Value bogus out of range for Intl.NumberFormat options property style")]
    [InlineData("1;; useGrouping: bogus", "error formatting number: Value bogus out of range for Intl.NumberFormat options property useGrouping")]
    public void FormatNumber_BadInput_ReturnsKibanaErrorText(string input, string expected)
    {
        var result = KibanaLambdas.FormatNumber(input);
        Assert.Equal(expected, result.Text);
        Assert.True(result.IsError);
    }

    [Fact]
    public void Invoke_L13_CurrencyEur_FormatsWithSymbol()
    {
        var (output, warnings) = Run("FormatNumber", " {{num}}; en-US; style: currency, currency: EUR  ", Obj(("num", "42.0")));
        Assert.Equal("€42.00", output);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Invoke_L14_NotANumber_ReturnsInvalidNumber()
    {
        var (output, warnings) = Run("FormatNumber", " {{num}} ", Obj(("num", "nope;;")));
        Assert.Equal("invalid number: 'nope'", output);
        Assert.Equal(["mustache render error: invalid number: 'nope'"], warnings);
    }

    [Theory]
    [InlineData("-1234567.891;;", "-1,234,567.891")]
    [InlineData("1.005;; maximumFractionDigits: 2", "1.01")]
    [InlineData("2.675;; maximumFractionDigits: 2", "2.68")]
    [InlineData("-0;;", "-0")]
    [InlineData("-0.0001;; signDisplay: exceptZero", "0")]
    [InlineData("-0.0001;; signDisplay: negative", "0")]
    [InlineData("-5;; signDisplay: never", "5")]
    [InlineData("Infinity;;", "∞")]
    [InlineData("1e21;;", "1,000,000,000,000,000,000,000")]
    [InlineData("0.000123456;; notation: scientific", "1.235E-4")]
    [InlineData("123456;; notation: engineering", "123.456E3")]
    [InlineData("999999;; notation: compact", "1M")]
    [InlineData("1234;; notation: compact", "1.2K")]
    [InlineData("123456;; notation: compact", "123K")]
    [InlineData("1e16;; notation: compact", "10,000T")]
    [InlineData("1234567;; notation: compact, compactDisplay: long", "1.2 million")]
    [InlineData("1234567;; notation: compact, style: currency, currency: USD", "$1.2M")]
    [InlineData("2.5;; roundingMode: halfEven, maximumFractionDigits: 0", "2")]
    [InlineData("-2.5;; roundingMode: halfCeil, maximumFractionDigits: 0", "-2")]
    [InlineData("1.21;; roundingMode: ceil, maximumFractionDigits: 1", "1.3")]
    [InlineData("0.045;; roundingPriority: lessPrecision, maximumSignificantDigits: 2, maximumFractionDigits: 2", "0.05")]
    [InlineData("1;; minimumFractionDigits: 2, trailingZeroDisplay: stripIfInteger", "1")]
    [InlineData("0.05;; minimumSignificantDigits: 3", "0.0500")]
    [InlineData("1;; style: currency, currency: JPY", "¥1")]
    [InlineData("1;; style: currency, currency: EUR, currencyDisplay: code", "EUR\u00A01.00")]
    [InlineData("1;; style: currency, currency: CHF", "CHF\u00A01.00")]
    [InlineData("1;; style: currency, currency: USD, signDisplay: always", "+$1.00")]
    [InlineData("1;; style: currency, currency: JPY, currencyDisplay: name", "1 Japanese yen")]
    [InlineData("-0.5;; style: percent", "-50%")]
    [InlineData("2;; style: unit, unit: day, unitDisplay: long", "2 days")]
    [InlineData("1;; style: unit, unit: day, unitDisplay: long, minimumFractionDigits: 1", "1.0 days")]
    [InlineData("1;; style: unit, unit: kilobyte", "1 kB")]
    [InlineData("20;; style: unit, unit: celsius", "20°C")]
    [InlineData("1;; style: unit, unit: kilometer-per-hour", "1 km/h")]
    [InlineData("2;; style: unit, unit: kilobyte-per-second, unitDisplay: long", "2 kilobytes per second")]
    [InlineData("1234567;; style: unit, unit: megabyte, notation: compact", "1.2M MB")]
    [InlineData("-1234.5; de-DE; style: currency, currency: EUR", "-1.234,50\u00A0€")]
    [InlineData("1; de-DE; style: percent", "100\u00A0%")]
    [InlineData("1234567; de-DE; notation: compact", "1,2\u00A0Mio.")]
    [InlineData("12345; de-DE; notation: compact", "12.345")]
    [InlineData("1000; de-DE; notation: compact, compactDisplay: long", "1 Tausend")]
    [InlineData("-1234567.891; fr-FR;", "-1\u202F234\u202F567,891")]
    [InlineData("1234.5; fr-FR; style: currency, currency: USD", "1\u202F234,50\u00A0$US")]
    [InlineData("-1; fr-FR; style: currency, currency: EUR, currencySign: accounting", "(1,00\u00A0€)")]
    [InlineData("1000; fr-FR; notation: compact, compactDisplay: long", "mille")]
    [InlineData("1234.5; ja-JP; style: currency, currency: JPY", "￥1,235")]
    [InlineData("123456; ja-JP; notation: compact", "12万")]
    [InlineData("1.5; de-DE; style: unit, unit: megabyte, unitDisplay: long", "1,5 Megabyte")]
    [InlineData("1; de-DE; style: unit, unit: byte, unitDisplay: long", "1\u00A0Byte")]
    [InlineData("1.5; fr-FR; style: unit, unit: kilobyte, unitDisplay: long", "1,5\u00A0kilooctet")]
    [InlineData("2; fr-FR; style: unit, unit: kilobyte", "2\u202Fko")]
    [InlineData("1; ja-JP; style: unit, unit: hour, unitDisplay: long", "1 時間")]
    [InlineData("1; de-DE; style: currency, currency: GBP, currencyDisplay: name", "1,00 Britische Pfund")]
    [InlineData("1; fr-FR; style: currency, currency: USD, currencyDisplay: name", "1,00 dollar des États-Unis")]
    [InlineData("1; ja-JP; style: currency, currency: EUR, currencyDisplay: name", "1.00ユーロ")]
    [InlineData("1234; it-IT; notation: compact, compactDisplay: long", "1,2 mila")]
    [InlineData("1000; it-IT; notation: compact, compactDisplay: long", "mille")]
    [InlineData("1234567; en-GB; notation: compact", "1.2m")]
    [InlineData("1234567; en-IN; notation: compact", "12L")]
    [InlineData("1e21; ja-JP; notation: compact", "100,000京")]
    [InlineData("1.234;; roundingIncrement: 5", "0")]
    [InlineData("1.234;; roundingIncrement: 5, maximumFractionDigits: 2, minimumFractionDigits: 2", "1.25")]
    [InlineData("1.37;; roundingIncrement: 25, maximumFractionDigits: 2, minimumFractionDigits: 2", "1.25")]
    [InlineData("1234;; roundingIncrement: 50, maximumFractionDigits: 0", "1,250")]
    [InlineData("1.26;; roundingIncrement: 5, maximumFractionDigits: 1, minimumFractionDigits: 1, style: currency, currency: USD", "$1.5")]
    [InlineData("1;; roundingIncrement: 3", "error formatting number: roundingIncrement value is out of range.")]
    [InlineData("1;; roundingIncrement: 5, maximumFractionDigits: 2", "error formatting number: maximumFractionDigits not equal to minimumFractionDigits")]
    [InlineData("1;; roundingIncrement: 5, maximumSignificantDigits: 2", "error formatting number: RoundingType is not fractionDigits")]
    [InlineData("1; nope-x-, de-DE;", "error formatting number: Incorrect locale information provided")]
    [InlineData("1; xx-YY, de-DE;", "1")]
    public void FormatNumber_Options_MatchNodeIntl(string input, string expected) =>
        Assert.Equal(expected, KibanaLambdas.FormatNumber(input).Text);
}
