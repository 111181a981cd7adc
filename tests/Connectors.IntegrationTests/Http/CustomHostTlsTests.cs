using System.Text.Json.Nodes;
using Connectors.IntegrationTests.Webhook;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Http;

public sealed class CustomHostTlsTests(CertificatesFixture fixture) : IClassFixture<CertificatesFixture>
{
    private readonly TestCertificates certificates = fixture.Certificates;

    [Fact]
    public async Task Execute_CustomHostWithCaData_Succeeds()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server);
        await using var host = Webhooks.Host(o => o.CustomHostSettings.Add(new CustomHostSettings
        {
            Url = $"https://127.0.0.1:{server.BaseUri.Port}",
            Ssl = new HostSslSettings { CertificateAuthoritiesData = certificates.AuthorityPem },
        }));
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/tls"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector, "{\"secure\":true}");

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/tls", request.Path);
        Assert.Equal("{\"secure\":true}", request.BodyText);
    }

    [Fact]
    public async Task Execute_UntrustedCertificate_RequestFailedNothingSent()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server);
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/tls"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Equal("[ERR_TLS] The SSL connection could not be established, see inner exception.", result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_CaForOtherPort_RequestFailed()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server);
        await using var host = Webhooks.Host(o => o.CustomHostSettings.Add(new CustomHostSettings
        {
            Url = $"https://127.0.0.1:{Webhooks.UnusedPort()}",
            Ssl = new HostSslSettings { CertificateAuthoritiesData = certificates.AuthorityPem },
        }));
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/tls"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_CustomHostVerificationNone_Succeeds()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server);
        await using var host = Webhooks.Host(o => o.CustomHostSettings.Add(new CustomHostSettings
        {
            Url = $"https://127.0.0.1:{server.BaseUri.Port}/ignored/path",
            Ssl = new HostSslSettings { VerificationMode = TlsVerificationMode.None },
        }));
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/tls"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_CertificateModeWithNameMismatch_Succeeds()
    {
        var other = fixture.OtherName;
        await using var server = await LoopbackServer.StartAsync(other);
        await using var host = Webhooks.Host(o => o.CustomHostSettings.Add(new CustomHostSettings
        {
            Url = $"https://127.0.0.1:{server.BaseUri.Port}",
            Ssl = new HostSslSettings { CertificateAuthoritiesData = certificates.AuthorityPem, VerificationMode = TlsVerificationMode.Certificate },
        }));
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/tls"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_FullModeWithNameMismatch_RequestFailed()
    {
        var other = fixture.OtherName;
        await using var server = await LoopbackServer.StartAsync(other);
        await using var host = Webhooks.Host(o => o.CustomHostSettings.Add(new CustomHostSettings
        {
            Url = $"https://127.0.0.1:{server.BaseUri.Port}",
            Ssl = new HostSslSettings { CertificateAuthoritiesData = certificates.AuthorityPem, VerificationMode = TlsVerificationMode.Full },
        }));
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/tls"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Equal("[ERR_TLS] The SSL connection could not be established, see inner exception.", result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_GlobalVerificationNone_Succeeds()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server);
        await using var host = Webhooks.Host(o => o.Ssl.VerificationMode = TlsVerificationMode.None);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/tls"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_GlobalNoneButCustomHostFull_RequestFailed()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server);
        await using var host = Webhooks.Host(o =>
        {
            o.Ssl.VerificationMode = TlsVerificationMode.None;
            o.CustomHostSettings.Add(new CustomHostSettings
            {
                Url = $"https://127.0.0.1:{server.BaseUri.Port}",
                Ssl = new HostSslSettings { VerificationMode = TlsVerificationMode.Full },
            });
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/tls"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_GlobalCertificateModeWithCustomCa_AllowsNameMismatch()
    {
        var other = fixture.OtherName;
        await using var server = await LoopbackServer.StartAsync(other);
        await using var host = Webhooks.Host(o =>
        {
            o.Ssl.VerificationMode = TlsVerificationMode.Certificate;
            o.CustomHostSettings.Add(new CustomHostSettings
            {
                Url = $"https://127.0.0.1:{server.BaseUri.Port}",
                Ssl = new HostSslSettings { CertificateAuthoritiesData = certificates.AuthorityPem },
            });
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/tls"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
    }

    [Fact]
    public async Task Execute_WebhookCaConfig_Succeeds()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server);
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject
        {
            ["url"] = server.Url("/tls"),
            ["hasAuth"] = false,
            ["ca"] = Webhooks.Base64(certificates.AuthorityPem),
        });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_WebhookVerificationModeNone_Succeeds()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server);
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject
        {
            ["url"] = server.Url("/tls"),
            ["hasAuth"] = false,
            ["verificationMode"] = "none",
        });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
    }
    [Fact]
    public async Task Execute_CustomHostWithCaFile_Succeeds()
    {
        var file = Path.Combine(Path.GetTempPath(), $"connectors-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(file, certificates.AuthorityPem);
        try
        {
            await using var server = await LoopbackServer.StartAsync(certificates.Server);
            await using var host = Webhooks.Host(o => o.CustomHostSettings.Add(new CustomHostSettings
            {
                Url = $"https://127.0.0.1:{server.BaseUri.Port}",
                Ssl = new HostSslSettings { CertificateAuthoritiesFiles = [file] },
            }));
            var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/tls"), ["hasAuth"] = false });

            var result = await host.ExecuteAsync(connector);

            Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Execute_CustomHostProblems_LoggedAndSkipped()
    {
        await using var server = await LoopbackServer.StartAsync();
        var missing = Path.Combine(Path.GetTempPath(), $"connectors-missing-{Guid.NewGuid():N}.pem");
        await using var host = Webhooks.Host(o =>
        {
            o.CustomHostSettings.Add(new CustomHostSettings { Url = "http://127.0.0.1:1" });
            o.CustomHostSettings.Add(new CustomHostSettings { Url = "nope" });
            o.CustomHostSettings.Add(new CustomHostSettings { Url = "https://a.test", Ssl = new HostSslSettings { CertificateAuthoritiesFiles = [missing] } });
            o.CustomHostSettings.Add(new CustomHostSettings { Url = "https://a.test:443/" });
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/x"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        var warnings = host.Logs.GetSnapshot().Where(r => r.Message.StartsWith("In configuration xpack.actions.customHosts,", StringComparison.Ordinal)).Select(r => r.Message).ToList();
        Assert.Equal(4, warnings.Count);
        Assert.Equal("In configuration xpack.actions.customHosts, unsupported protocol used in URL \"http://127.0.0.1:1\", ignoring", warnings[0]);
        Assert.Equal("In configuration xpack.actions.customHosts, invalid URL \"nope\", ignoring; error: Invalid URL", warnings[1]);
        Assert.StartsWith($"In configuration xpack.actions.customHosts, error reading file \"{missing}\" specified in xpack.actions.customHosts, ignoring: ", warnings[2], StringComparison.Ordinal);
        Assert.Equal("In configuration xpack.actions.customHosts, multiple URLs match the canonical url \"https://a.test:443\"; only the first will be used", warnings[3]);
    }

    [Fact]
    public async Task Execute_WebhookCertificateModeWithNameMismatch_Succeeds()
    {
        await using var server = await LoopbackServer.StartAsync(fixture.OtherName);
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject
        {
            ["url"] = server.Url("/tls"),
            ["hasAuth"] = false,
            ["ca"] = Webhooks.Base64(certificates.AuthorityPem),
            ["verificationMode"] = "certificate",
        });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
    }

    [Fact]
    public async Task Execute_WebhookFullModeWithNameMismatch_RequestFailed()
    {
        await using var server = await LoopbackServer.StartAsync(fixture.OtherName);
        await using var host = Webhooks.Host(o => o.Ssl.VerificationMode = TlsVerificationMode.None);
        var connector = await host.CreateWebhookAsync(new JsonObject
        {
            ["url"] = server.Url("/tls"),
            ["hasAuth"] = false,
            ["ca"] = Webhooks.Base64(certificates.AuthorityPem),
            ["verificationMode"] = "full",
        });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Empty(server.Requests);
    }
}
