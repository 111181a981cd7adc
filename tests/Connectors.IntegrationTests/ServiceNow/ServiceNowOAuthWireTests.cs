using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;
using static Connectors.IntegrationTests.ServiceNow.ServiceNowItsmWireTests;

namespace Connectors.IntegrationTests.ServiceNow;

public sealed class ServiceNowOAuthWireTests
{
    private const string KeyPassword = "pem-PASSWORD-secret";

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector, ServiceNowFake Fake, RSA Key)> CreateAsync(
        LoopbackServer server, bool encrypted = false, string clientSecret = ServiceNowFake.ClientSecret)
    {
        var key = RSA.Create(2048);
        var publicKey = RSA.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        var fake = new ServiceNowFake(publicKey);
        server.Fallback = fake.HandleAsync;
        var host = Host(fakeTime: true);
        var pem = encrypted
            ? key.ExportEncryptedPkcs8PrivateKeyPem(KeyPassword, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000))
            : key.ExportPkcs8PrivateKeyPem();
        var connector = await host.CreateAsync(
            ".servicenow",
            new JsonObject
            {
                ["apiUrl"] = server.Url("/"),
                ["isOAuth"] = true,
                ["clientId"] = ServiceNowFake.ClientId,
                ["userIdentifierValue"] = ServiceNowFake.UserIdentifier,
                ["jwtKeyId"] = ServiceNowFake.KeyId,
                ["usesTableApi"] = false,
            },
            new JsonObject { ["clientSecret"] = clientSecret, ["privateKey"] = pem, ["privateKeyPassword"] = encrypted ? KeyPassword : null });
        return (host, connector, fake, key);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PushToService_OAuth_JwtVerifiedWithPublicKeyThenBearerOnEveryCall(bool encryptedKey)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake, _) = await CreateAsync(server, encryptedKey);
        await using var _ = host;

        var result = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var token = server.Requests[0];
        Assert.Equal(("POST", "/oauth_token.do"), (token.Method, token.Path));
        Assert.Equal("application/x-www-form-urlencoded; charset=UTF-8", token.Header("Content-Type"));
        Assert.StartsWith("assertion=", token.BodyText, StringComparison.Ordinal);
        Assert.EndsWith(
            $"&client_id={ServiceNowFake.ClientId}&client_secret={ServiceNowFake.ClientSecret}&grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer",
            token.BodyText,
            StringComparison.Ordinal);
        var assertion = Assert.Single(fake.Assertions);
        Assert.Equal("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"kid-1\"}", assertion["header"]!.ToJsonString());
        var iat = Now.ToUnixTimeSeconds();
        Assert.Equal(
            $"{{\"sub\":\"{ServiceNowFake.UserIdentifier}\",\"aud\":\"{ServiceNowFake.ClientId}\",\"iss\":\"{ServiceNowFake.ClientId}\",\"iat\":{iat},\"exp\":{iat + 3600}}}",
            assertion["claims"]!.ToJsonString());
        Assert.All(server.Requests.Skip(1), r => Assert.StartsWith("Bearer tok-", r.Header("Authorization"), StringComparison.Ordinal));
        Assert.Equal("{\"u_short_description\":\"s\",\"u_description\":null,\"u_category\":null,\"u_subcategory\":null,\"u_correlation_id\":\"{{rule.id}}:{{alert.id}}\",\"u_correlation_display\":null,\"u_severity\":null,\"u_urgency\":null,\"u_impact\":null,\"u_caller_id\":null,\"u_opened_by\":null}",
            server.Requests[2].BodyText);
    }

    [Fact]
    public async Task Execute_TokenCached_OneExchangeUntilExpiry()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake, _) = await CreateAsync(server);
        await using var _ = host;

        await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));
        await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));
        Assert.Equal(1, fake.TokenRequests);

        host.Time!.Advance(TimeSpan.FromSeconds(fake.TokenLifetimeSeconds));
        var result = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(2, fake.TokenRequests);
    }

    [Fact]
    public async Task Execute_Api401_CachedTokenDroppedAndNextRunExchangesAgain()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake, _) = await CreateAsync(server);
        await using var _ = host;
        await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));
        fake.RevokeTokens();

        var failed = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));
        var retried = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));

        Assert.Equal(
            "[Action][ServiceNow]: Unable to get application version. Error: Request failed with status code 401 Reason: User Not Authenticated: Required to provide Auth information [status=401] [method=get] [endpoint=health]",
            failed.ServiceMessage);
        Assert.Equal(ErrorSource.User, failed.ErrorSource);
        Assert.True(retried.IsSuccess, retried.ServiceMessage);
        Assert.Equal(2, fake.TokenRequests);
    }

    [Fact]
    public async Task Execute_TokenRejected_OAuthErrorAndDescriptionAsReason()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _, _) = await CreateAsync(server, clientSecret: "wrong-secret");
        await using var __ = host;

        var result = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));

        Assert.Equal(
            "[Action][ServiceNow]: Unable to get application version. Error: invalid_client Reason: Client authentication failed [status=401] [method=get] [endpoint=health]",
            result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_UnreadablePrivateKey_JwtErrorWithoutKeyMaterial()
    {
        await using var server = await LoopbackServer.StartAsync();
        var fake = new ServiceNowFake();
        server.Fallback = fake.HandleAsync;
        await using var host = Host();
        const string BadKey = "-----BEGIN PRIVATE KEY-----\nbm90LWEta2V5LVNFQ1JFVA==\n-----END PRIVATE KEY-----";
        var connector = await host.CreateAsync(
            ".servicenow",
            new JsonObject { ["apiUrl"] = server.Url("/"), ["isOAuth"] = true, ["clientId"] = "c", ["userIdentifierValue"] = "u", ["jwtKeyId"] = "k" },
            new JsonObject { ["clientSecret"] = "s", ["privateKey"] = BadKey });

        var result = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));

        Assert.StartsWith("[Action][ServiceNow]: Unable to create incident. Error: Unable to generate JWT token. Error: ", result.ServiceMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("bm90LWEta2V5LVNFQ1JFVA", result.ServiceMessage, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_Failures_NoSecretInResultsOrLogs()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake, key) = await CreateAsync(server, encrypted: true);
        await using var _ = host;
        var results = new List<ConnectorResult>
        {
            await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" })),
        };
        fake.RevokeTokens();
        results.Add(await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" })));
        server.Then(LoopbackServer.Json(500, "{\"error\":{\"message\":\"boom\"}}"));
        results.Add(await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" })));
        await using var basicServer = await LoopbackServer.StartAsync();
        var (basicHost, basicConnector, _) = await ServiceNowItsmWireTests.CreateAsync(basicServer);
        await using var __ = basicHost;
        basicServer.Then(LoopbackServer.Json(401, "{}"));
        results.Add(await basicHost.RunAsync(basicConnector, Push(new JsonObject { ["short_description"] = "s" })));

        var tokens = server.Requests.Select(r => r.Header("Authorization")).OfType<string>().Select(h => h[7..]).Distinct().ToList();
        string[] sentinels =
        [
            ServiceNowFake.Password, ServiceNowFake.ClientSecret, KeyPassword, Convert.ToBase64String(key.ExportPkcs8PrivateKey())[..40],
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ServiceNowFake.User}:{ServiceNowFake.Password}")), .. tokens,
        ];
        var text = string.Join("\n", results.Select(r => $"{r.Message} {r.ServiceMessage} {r.Data?.ToJsonString()}")) + host.AllLogText() + basicHost.AllLogText();
        Assert.NotEmpty(tokens);
        Assert.All(sentinels, s => Assert.DoesNotContain(s, text, StringComparison.Ordinal));
    }
}
