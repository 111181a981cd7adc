using CsCheck;

namespace Connectors.Core.Tests.Templating;

/// <summary>The fast paths of JsNumber agree with the general ECMAScript algorithm.</summary>
public sealed class JsNumberTests
{
    private static void SameAsGeneral(double value)
    {
        Span<char> fast = stackalloc char[64];
        Span<char> general = stackalloc char[64];
        var a = Connectors.Templating.Internal.JsNumber.Format(value, fast);
        var b = double.IsFinite(value) && value != 0 ? Connectors.Templating.Internal.JsNumber.FormatGeneral(value, general) : Connectors.Templating.Internal.JsNumber.Format(value, general);
        Assert.Equal(general[..b].ToString(), fast[..a].ToString());
        Assert.Equal(value == 0 ? 0 : value, double.Parse(fast[..a], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Format_RandomDoubles_MatchesGeneralAlgorithm()
    {
        Gen.Double.Where(double.IsFinite).Sample(SameAsGeneral, iter: 20_000, threads: 1);
    }

    [Fact]
    public void Format_RandomShortDecimals_MatchesGeneralAlgorithm()
    {
        Gen.Select(Gen.Long[-10_000_000_000, 10_000_000_000], Gen.Int[0, 6]).Sample((n, k) => SameAsGeneral(n / Math.Pow(10, k)), iter: 20_000, threads: 1);
    }
}
