using Microsoft.Extensions.Options;
using NSubstitute;

namespace Connectors.Core.Tests.Policy;

public sealed class ConnectorPolicyTests
{
    private static ConnectorPolicy Policy(Action<ConnectorsOptions> configure)
    {
        var options = new ConnectorsOptions();
        configure(options);
        var monitor = Substitute.For<IOptionsMonitor<ConnectorsOptions>>();
        monitor.CurrentValue.Returns(options);
        return new ConnectorPolicy(monitor);
    }

    [Fact]
    public void EnsureUriAllowed_NotAllowed_ThrowsKibanasText()
    {
        var policy = Policy(o => o.AllowedHosts = []);
        var ex = Assert.Throws<ConnectorForbiddenException>(() => policy.EnsureUriAllowed(""));
        Assert.Equal("target url \"\" is not added to the Kibana config xpack.actions.allowedHosts", ex.Message);
    }

    [Fact]
    public void IsUriAllowed_StarAllowsEvenWithoutHost() => Assert.True(Policy(_ => { }).IsUriAllowed("github.com/elastic"));

    [Fact]
    public void IsUriAllowed_ListedHost() =>
        Assert.True(Policy(o => o.AllowedHosts = ["my-domain.com"]).IsUriAllowed("//my-domain.com/foo"));

    [Fact]
    public void IsConnectorTypeEnabled_HonoursStarAndList()
    {
        Assert.True(Policy(_ => { }).IsConnectorTypeEnabled(".slack"));
        Assert.False(Policy(o => o.EnabledConnectorTypes = []).IsConnectorTypeEnabled(".slack"));
        Assert.True(Policy(o => o.EnabledConnectorTypes = [".slack"]).IsConnectorTypeEnabled(".slack"));
    }

    [Fact]
    public void ValidateEmailAddresses_UsesTheConfiguredLists()
    {
        var policy = Policy(o => o.Email.DomainAllowlist = ["Elastic.co"]);
        Assert.Null(policy.ValidateEmailAddresses(["bob@elastic.co"]));
        Assert.Equal("not allowed emails: eve@evil.test", policy.ValidateEmailAddresses(["eve@evil.test"]));
    }
}
