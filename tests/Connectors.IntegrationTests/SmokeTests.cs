namespace Connectors.IntegrationTests;

public sealed class SmokeTests
{
    [Fact]
    public void LicenseLevel_Order_IsKibanas() => Assert.True(LicenseLevel.Basic < LicenseLevel.Trial);
}
