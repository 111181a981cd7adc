using Connectors.Internal;

namespace Connectors.Core.Tests.Policy;

public sealed class AllowedHostsTests
{
    [Theory]
    [InlineData("https://hooks.slack.com/services/T/B/X", "hooks.slack.com")]
    [InlineData("//my-domain.com/foo", "my-domain.com")]
    [InlineData("github.com/elastic", null)]
    [InlineData("HTTPS://User:Pass@Example.COM:8443/path?q#h", "example.com")]
    [InlineData("http://[::1]:9200/", "::1")]
    [InlineData("mailto:bob@example.com", null)]
    [InlineData("", null)]
    public void GetHostname_ExtractsLikeNodeLegacyUrlParse(string uri, string? expected) =>
        Assert.Equal(expected, AllowedHosts.GetHostname(uri));

    [Theory]
    [InlineData(new[] { "*" }, null, true)]
    [InlineData(new[] { "*" }, "anything", true)]
    [InlineData(new string[0], "example.com", false)]
    [InlineData(new[] { "example.com" }, "EXAMPLE.com", true)]
    [InlineData(new[] { "example.com" }, "api.example.com", false)]
    [InlineData(new[] { "*.example.com" }, "api.example.com", true)]
    [InlineData(new[] { "*.example.com" }, "a.b.example.com", true)]
    [InlineData(new[] { "*.example.com" }, "example.com", false)]
    [InlineData(new[] { "*.example.com" }, "badexample.com", false)]
    [InlineData(new[] { "example.com" }, null, false)]
    public void IsAllowed_MatchesExactlyCaseInsensitivelyOrBySuffixWildcard(string[] allowed, string? host, bool expected) =>
        Assert.Equal(expected, AllowedHosts.IsAllowed(allowed, host));
}
