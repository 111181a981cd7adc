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
}
