using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.CasesWebhook;

public sealed class CasesWebhookClientCertificateTests : IDisposable
{
    private readonly TestCertificates certificates = TestCertificates.Create();
    private readonly X509Certificate2 client;

    public CasesWebhookClientCertificateTests() => client = certificates.IssueClient();

    public void Dispose()
    {
        client.Dispose();
        certificates.Dispose();
    }

    [Fact]
    public async Task Execute_SslPfx_EveryCallPresentsTheClientCertificate()
    {
        await using var server = await LoopbackServer.StartAsync(certificates.Server, ClientCertificateMode.RequireCertificate);
        server.Then(LoopbackServer.Json(201, "{\"id\":\"1\"}")).Fallback = LoopbackServer.Json(200, "{\"key\":\"K-1\"}");
        await using var host = Host();
        var connector = await host.CreateAsync(
            ".cases-webhook",
            new JsonObject
            {
                ["createIncidentUrl"] = server.Url("/issue"),
                ["createIncidentJson"] = "{\"summary\":{{{case.title}}}}",
                ["createIncidentResponseKey"] = "id",
                ["getIncidentUrl"] = server.Url("/issue/{{{external.system.id}}}"),
                ["getIncidentResponseExternalTitleKey"] = "key",
                ["viewIncidentUrl"] = server.Url("/browse/{{{external.system.title}}}"),
                ["updateIncidentUrl"] = server.Url("/issue/{{{external.system.id}}}"),
                ["updateIncidentJson"] = "{\"summary\":{{{case.title}}}}",
                ["authType"] = "webhook-authentication-ssl",
                ["certType"] = "ssl-pfx",
                ["ca"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificates.AuthorityPem)),
            },
            new JsonObject { ["pfx"] = Convert.ToBase64String(client.Export(X509ContentType.Pkcs12, "pfx-pass")), ["password"] = "pfx-pass" });

        var result = await host.RunAsync(connector, new JsonObject
        {
            ["subAction"] = "pushToService",
            ["subActionParams"] = new JsonObject { ["incident"] = new JsonObject { ["title"] = "t" } },
        });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("K-1", result.Data!["title"]!.GetValue<string>());
        Assert.All(server.Requests, r => Assert.Equal(client.Thumbprint, r.ClientCertificateThumbprint));
        Assert.All(server.Requests, r => Assert.Null(r.Header("Authorization")));
        Assert.Equal(2, server.Requests.Count);
    }
}
