using System.Security.Cryptography;
using System.Text;
using Connectors.ConnectorTypes.Opsgenie;
using Connectors.ConnectorTypes.PagerDuty;

namespace Connectors.Core.Tests.ConnectorTypes;

public sealed class OnCallKeysTests
{
    [Fact]
    public void CreateAlias_UpTo512_Unchanged()
    {
        var alias = new string('x', 512);

        Assert.Same(alias, OpsgenieValidation.CreateAlias(alias));
    }

    [Fact]
    public void CreateAlias_Over512_ShaPrefixedLowerHex()
    {
        var alias = new string('é', 513);

        var hashed = OpsgenieValidation.CreateAlias(alias);

        Assert.Equal("sha-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(alias))), hashed);
        Assert.Equal(68, hashed.Length);
    }

    [Theory]
    [InlineData("1764849600000", 1764849600000L)]
    [InlineData("  42 ", 42L)]
    [InlineData("007", "007")]
    [InlineData("2026-12-04T12:00:00Z", "2026-12-04T12:00:00Z")]
    [InlineData("   ", null)]
    public void ConvertTimestamp_KibanasRules(string input, object? expected) =>
        Assert.Equal(expected, PagerDutyValidation.ConvertTimestamp(input));
}
