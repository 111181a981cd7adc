using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Connectors.IntegrationTests.Http;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Connectors.IntegrationTests.Webhook;

public sealed class WebhookClientCertificateTests(CertificatesFixture fixture) : IClassFixture<CertificatesFixture>
{
    private readonly TestCertificates certificates = fixture.Certificates;
    private readonly X509Certificate2 client = fixture.Client;

    private JsonObject Config(LoopbackServer server, string certType) => new()
    {
        ["url"] = server.Url("/mtls"),
        ["authType"] = "webhook-authentication-ssl",
        ["certType"] = certType,
        ["ca"] = Webhooks.Base64(certificates.AuthorityPem),
    };

    [Fact]
    public async Task Execute_CrtAndKey_ServerSeesClientCertificate()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server, ClientCertificateMode.RequireCertificate);
        await using var host = Webhooks.Host();
        using var key = client.GetRSAPrivateKey()!;
        var connector = await host.CreateWebhookAsync(
            Config(server, "ssl-crt-key"),
            new JsonObject { ["crt"] = Webhooks.Base64(client.ExportCertificatePem()), ["key"] = Webhooks.Base64(key.ExportPkcs8PrivateKeyPem()) });

        var result = await host.ExecuteAsync(connector, "{\"m\":1}");

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal(client.Thumbprint, request.ClientCertificateThumbprint);
        Assert.Equal("{\"m\":1}", request.BodyText);
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task Execute_CrtAndEncryptedKeyWithPassword_ServerSeesClientCertificate()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server, ClientCertificateMode.RequireCertificate);
        await using var host = Webhooks.Host();
        using var key = client.GetRSAPrivateKey()!;
        var encrypted = key.ExportEncryptedPkcs8PrivateKeyPem(
            "key-pass", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000));
        var connector = await host.CreateWebhookAsync(
            Config(server, "ssl-crt-key"),
            new JsonObject { ["crt"] = Webhooks.Base64(client.ExportCertificatePem()), ["key"] = Webhooks.Base64(encrypted), ["password"] = "key-pass" });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(client.Thumbprint, Assert.Single(server.Requests).ClientCertificateThumbprint);
    }

    [Fact]
    public async Task Execute_PfxWithPassword_ServerSeesClientCertificate()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server, ClientCertificateMode.RequireCertificate);
        await using var host = Webhooks.Host();
        var pfx = Convert.ToBase64String(client.Export(X509ContentType.Pkcs12, "pfx-pass"));
        var connector = await host.CreateWebhookAsync(Config(server, "ssl-pfx"), new JsonObject { ["pfx"] = pfx, ["password"] = "pfx-pass" });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(client.Thumbprint, Assert.Single(server.Requests).ClientCertificateThumbprint);
    }

    [Fact]
    public async Task Execute_PfxWithoutPassword_ServerSeesClientCertificate()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server, ClientCertificateMode.RequireCertificate);
        await using var host = Webhooks.Host();
        var pfx = Convert.ToBase64String(client.Export(X509ContentType.Pkcs12));
        var connector = await host.CreateWebhookAsync(Config(server, "ssl-pfx"), new JsonObject { ["pfx"] = pfx });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(client.Thumbprint, Assert.Single(server.Requests).ClientCertificateThumbprint);
    }

    [Fact]
    public async Task Execute_PfxWrongPassword_RequestFailedNothingSent()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server, ClientCertificateMode.RequireCertificate);
        await using var host = Webhooks.Host();
        var pfx = Convert.ToBase64String(client.Export(X509ContentType.Pkcs12, "pfx-pass"));
        var connector = await host.CreateWebhookAsync(Config(server, "ssl-pfx"), new JsonObject { ["pfx"] = pfx, ["password"] = "wrong" });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.DoesNotContain("wrong", result.ServiceMessage, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_NoClientCertificateWhenRequired_RequestFailedNothingSent()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server, ClientCertificateMode.RequireCertificate);
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject
        {
            ["url"] = server.Url("/mtls"),
            ["hasAuth"] = false,
            ["ca"] = Webhooks.Base64(certificates.AuthorityPem),
        });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Empty(server.Requests);
    }
}
