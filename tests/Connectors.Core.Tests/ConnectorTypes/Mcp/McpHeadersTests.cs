using System.Text;
using Connectors.ConnectorTypes.Mcp;

namespace Connectors.Core.Tests.ConnectorTypes.Mcp;

public sealed class McpHeadersTests
{
    private static McpConfig Config(McpAuthType? authType, bool hasAuth = true, string? apiKeyHeaderName = null, Dictionary<string, string>? headers = null) =>
        new() { ServerUrl = "https://mcp.example.com/mcp", AuthType = authType, HasAuth = hasAuth, ApiKeyHeaderName = apiKeyHeaderName, Headers = headers };

    private static string Show(IEnumerable<KeyValuePair<string, string>> headers) => string.Join("; ", headers.Select(h => $"{h.Key}={h.Value}"));

    [Fact]
    public void Bearer_AuthorizationBearerToken()
    {
        var headers = new McpHeaders(Config(McpAuthType.Bearer), new McpSecrets { Token = "tok" });

        Assert.Equal("Authorization=Bearer tok", Show(headers.All));
    }

    [Theory]
    [InlineData(null, "X-API-Key")]
    [InlineData("X-Custom", "X-Custom")]
    public void ApiKey_InItsHeader(string? name, string expected)
    {
        var headers = new McpHeaders(Config(McpAuthType.ApiKey, apiKeyHeaderName: name), new McpSecrets { ApiKey = "k" });

        Assert.Equal($"{expected}=k", Show(headers.All));
    }

    [Fact]
    public void Basic_Base64OfUserColonPassword()
    {
        var headers = new McpHeaders(Config(McpAuthType.Basic), new McpSecrets { User = "u", Password = "p:ä" });

        Assert.Equal("Authorization=Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:p:ä")), Show(headers.All));
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("ApiKey")]
    [InlineData("Basic")]
    [InlineData("None")]
    [InlineData(null)]
    public void MissingSecret_NoAuthHeader(string? authType)
    {
        var headers = new McpHeaders(Config(authType is null ? null : Enum.Parse<McpAuthType>(authType)), new McpSecrets { User = "only-user" });

        Assert.Empty(headers.All);
    }

    [Fact]
    public void HasAuthFalse_NeitherAuthNorSecretHeaders_ConfigHeadersKept()
    {
        var headers = new McpHeaders(
            Config(McpAuthType.Bearer, hasAuth: false, headers: new() { ["X-Tenant"] = "blue" }),
            new McpSecrets { Token = "tok", SecretHeaders = new() { ["X-S"] = "s" } });

        Assert.Equal("X-Tenant=blue", Show(headers.All));
    }

    [Fact]
    public void SecretHeaders_OverAuth_AuthOverConfig()
    {
        var headers = new McpHeaders(
            Config(McpAuthType.Bearer, headers: new() { ["authorization"] = "config", ["X-Tenant"] = "blue", ["X-S"] = "config" }),
            new McpSecrets { Token = "tok", SecretHeaders = new() { ["X-S"] = "secret" } });

        Assert.Equal("Authorization=Bearer tok; X-S=secret", Show(headers.AuthHeaders));
        Assert.Equal("Bearer tok", headers.All["Authorization"]);
        Assert.Equal("secret", headers.All["X-S"]);
        Assert.Equal("blue", headers.All["X-Tenant"]);
        Assert.Equal(3, headers.All.Count);
    }

    [Fact]
    public void Scrub_ReplacesEverySecretValue()
    {
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("u:pw-1"));
        var headers = new McpHeaders(
            Config(McpAuthType.Basic),
            new McpSecrets { User = "u", Password = "pw-1", Token = "tok-2", ApiKey = "key-3", SecretHeaders = new() { ["X-S"] = "hdr-4" } });

        var scrubbed = headers.Scrub($"a pw-1 b tok-2 c key-3 d hdr-4 e Basic {b64} f {b64} u");

        Assert.Equal("a [REDACTED] b [REDACTED] c [REDACTED] d [REDACTED] e [REDACTED] f [REDACTED] u", scrubbed);
    }

    [Fact]
    public void CacheKeyHash_ChangesWithAuthAndSettings_NotWithUnusedSecrets()
    {
        static string Hash(McpConfig config, McpSecrets secrets) => new McpHeaders(config, secrets).CacheKeyHash;
        var baseline = Hash(Config(McpAuthType.Bearer), new McpSecrets { Token = "a" });

        Assert.Equal(baseline, Hash(Config(McpAuthType.Bearer), new McpSecrets { Token = "a", ApiKey = "unused" }));
        Assert.NotEqual(baseline, Hash(Config(McpAuthType.Bearer), new McpSecrets { Token = "b" }));
        Assert.NotEqual(baseline, Hash(Config(McpAuthType.Bearer, headers: new() { ["X"] = "1" }), new McpSecrets { Token = "a" }));
        Assert.NotEqual(baseline, Hash(Config(McpAuthType.Bearer) with { ServerUrl = "https://other.example/mcp" }, new McpSecrets { Token = "a" }));
        Assert.Matches("^[0-9A-F]{64}$", baseline);
    }
}
