using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.OpenAI;

public sealed class OpenAIPkiTests : IDisposable
{
    private const string Completion =
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";

    private readonly TestCertificates certificates = TestCertificates.Create();
    private readonly X509Certificate2 client;

    public OpenAIPkiTests() => client = certificates.IssueClient();

    public void Dispose()
    {
        client.Dispose();
        certificates.Dispose();
    }

    private static string B64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));

    private JsonObject PkiSecrets(bool withCa)
    {
        using var key = client.GetRSAPrivateKey()!;
        var secrets = new JsonObject
        {
            // One-line PEMs, as a form field often delivers them: the connector restores the 64-character lines.
            ["certificateData"] = B64(client.ExportCertificatePem().Replace('\n', ' ')),
            ["privateKeyData"] = B64(key.ExportPkcs8PrivateKeyPem()),
        };
        if (withCa)
        {
            secrets["caData"] = B64(certificates.AuthorityPem);
        }

        return secrets;
    }

    [Fact]
    public async Task Run_OtherWithPki_PresentsClientCertificate_TrustsTheCa()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server, ClientCertificateMode.RequireCertificate);
        server.Fallback = LoopbackServer.Json(200, Completion);
        await using var host = Host(o => o.License = LicenseLevel.Enterprise);
        var connector = await host.CreateAsync(
            ".gen-ai",
            new JsonObject { ["apiProvider"] = "Other", ["apiUrl"] = server.Url("/v1/chat/completions"), ["defaultModel"] = "local", ["verificationMode"] = "full" },
            PkiSecrets(withCa: true));

        var result = await host.RunAsync(connector, new JsonObject
        {
            ["subAction"] = "run",
            ["subActionParams"] = new JsonObject { ["body"] = "{\"messages\":[]}" },
        });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal(client.Thumbprint, request.ClientCertificateThumbprint);
        Assert.Equal("Bearer", request.Header("Authorization")?.TrimEnd());
    }

    [Fact]
    public async Task Run_OtherWithPki_WithoutCa_FullVerificationFails_TlsText()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server, ClientCertificateMode.RequireCertificate);
        await using var host = Host(o => o.License = LicenseLevel.Enterprise);
        var connector = await host.CreateAsync(
            ".gen-ai",
            new JsonObject { ["apiProvider"] = "Other", ["apiUrl"] = server.Url("/v1/chat/completions"), ["defaultModel"] = "local" },
            PkiSecrets(withCa: false));

        var result = await host.RunAsync(connector, new JsonObject
        {
            ["subAction"] = "run",
            ["subActionParams"] = new JsonObject { ["body"] = "{}" },
        });

        Assert.False(result.IsSuccess);
        Assert.StartsWith("TLS handshake failed: Status code: undefined. Message: Unexpected API Error: ", result.ServiceMessage, StringComparison.Ordinal);
        Assert.EndsWith(". Verify server certificate hostname and CA configuration.", result.ServiceMessage, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Run_OtherWithPki_KeyNotMatchingTheCertificate_KibanasPkiText()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server, ClientCertificateMode.RequireCertificate);
        await using var host = Host(o => o.License = LicenseLevel.Enterprise);
        using var other = RSA.Create(2048);
        var secrets = PkiSecrets(withCa: true);
        secrets["privateKeyData"] = B64(other.ExportPkcs8PrivateKeyPem());
        var connector = await host.CreateAsync(
            ".gen-ai",
            new JsonObject { ["apiProvider"] = "Other", ["apiUrl"] = server.Url("/v1/chat/completions"), ["defaultModel"] = "local" },
            secrets);

        var result = await host.RunAsync(connector, new JsonObject
        {
            ["subAction"] = "run",
            ["subActionParams"] = new JsonObject { ["body"] = "{}" },
        });

        Assert.StartsWith("Invalid or inaccessible PKI certificates: ", result.ServiceMessage, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }
}
