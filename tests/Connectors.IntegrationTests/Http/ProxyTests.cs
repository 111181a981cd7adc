using System.Text.Json.Nodes;
using Connectors.IntegrationTests.Webhook;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Http;

public sealed class ProxyTests
{
    [Fact]
    public async Task Execute_ProxyUrl_HttpRequestGoesThroughProxy()
    {
        await using var proxy = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host(o => o.ProxyUrl = proxy.BaseUri.ToString());
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = "http://hooks.example.test/via/proxy?q=1", ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector, "{\"p\":1}");

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        var request = Assert.Single(proxy.Requests);
        Assert.Equal("/via/proxy", request.Path);
        Assert.Equal("?q=1", request.QueryString);
        Assert.Equal("hooks.example.test", request.Header("Host"));
        Assert.Equal("{\"p\":1}", request.BodyText);
    }

    [Fact]
    public async Task Execute_ProxyHeaders_SentToProxy()
    {
        await using var proxy = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host(o =>
        {
            o.ProxyUrl = proxy.BaseUri.ToString();
            o.ProxyHeaders["X-Proxy-Token"] = "pt";
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = "http://hooks.example.test/p", ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal("pt", Assert.Single(proxy.Requests).Header("X-Proxy-Token"));
    }

    [Fact]
    public async Task Execute_RedirectFromProxiedToBypassedHost_ProxyHeadersNotForwarded()
    {
        await using var proxy = await LoopbackServer.StartAsync();
        await using var target = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host(o =>
        {
            o.ProxyUrl = proxy.BaseUri.ToString();
            o.ProxyBypassHosts = ["127.0.0.1"];
            o.ProxyHeaders["X-Proxy-Token"] = "pt";
        });
        proxy.Then(LoopbackServer.Redirect(target.Url("/landed"), 307));
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = "http://hooks.example.test/p", ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal("pt", Assert.Single(proxy.Requests).Header("X-Proxy-Token"));
        var landed = Assert.Single(target.Requests);
        Assert.Equal("/landed", landed.Path);
        Assert.Null(landed.Header("X-Proxy-Token"));
    }

    [Fact]
    public async Task Execute_ProxyBypassHost_GoesDirect()
    {
        await using var proxy = await LoopbackServer.StartAsync();
        await using var target = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host(o =>
        {
            o.ProxyUrl = proxy.BaseUri.ToString();
            o.ProxyBypassHosts = ["127.0.0.1"];
            o.ProxyHeaders["X-Proxy-Token"] = "pt";
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = target.Url("/direct"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Empty(proxy.Requests);
        var request = Assert.Single(target.Requests);
        Assert.Equal("/direct", request.Path);
        Assert.Null(request.Header("X-Proxy-Token"));
    }

    [Fact]
    public async Task Execute_ProxyOnlyHostsWithoutTarget_GoesDirect()
    {
        await using var proxy = await LoopbackServer.StartAsync();
        await using var target = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host(o =>
        {
            o.ProxyUrl = proxy.BaseUri.ToString();
            o.ProxyOnlyHosts = ["hooks.example.test"];
        });
        var direct = await host.CreateWebhookAsync(new JsonObject { ["url"] = target.Url("/direct"), ["hasAuth"] = false });
        var proxied = await host.CreateWebhookAsync(new JsonObject { ["url"] = "http://hooks.example.test/proxied", ["hasAuth"] = false });

        var first = await host.ExecuteAsync(direct);
        var second = await host.ExecuteAsync(proxied);

        Assert.True(first.IsSuccess);
        Assert.True(second.IsSuccess);
        Assert.Equal("/direct", Assert.Single(target.Requests).Path);
        Assert.Equal("/proxied", Assert.Single(proxy.Requests).Path);
    }

    [Fact]
    public async Task Execute_ProxiedTargetNotAllowed_RefusedBeforeProxy()
    {
        await using var proxy = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host(o =>
        {
            o.ProxyUrl = proxy.BaseUri.ToString();
            o.AllowedHosts = ["hooks.example.test", "127.0.0.1"];
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = "http://hooks.example.test/p", ["hasAuth"] = false });
        proxy.Then(LoopbackServer.Redirect("http://other.example.test/q", 307));

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("target hostname \"other.example.test\" is not added to the Kibana config xpack.actions.allowedHosts", result.ServiceMessage);
        Assert.Single(proxy.Requests);
    }
}

/// <summary>An HTTPS proxy (xpack.actions.proxyUrl with https): its certificate is checked with Ssl.ProxyVerificationMode.</summary>
public sealed class HttpsProxyTests(CertificatesFixture fixture) : IClassFixture<CertificatesFixture>
{
    private readonly TestCertificates certificates = fixture.Certificates;

    [Fact]
    public async Task Execute_HttpsProxyUntrustedCertificate_ProxyVerificationNone_Sent()
    {
        await using var proxy = await LoopbackServer.StartAsync(certificates.Server);
        await using var host = Webhooks.Host(o =>
        {
            o.ProxyUrl = proxy.BaseUri.ToString();
            o.ProxyHeaders["X-Proxy-Token"] = "pt";
            o.Ssl.ProxyVerificationMode = TlsVerificationMode.None;
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = "http://hooks.example.test/via/tls-proxy", ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector, "{\"p\":1}");

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        var request = Assert.Single(proxy.Requests);
        Assert.Equal("/via/tls-proxy", request.Path);
        Assert.Equal("hooks.example.test", request.Header("Host"));
        Assert.Equal("pt", request.Header("X-Proxy-Token"));
        Assert.Equal("{\"p\":1}", request.BodyText);
    }

    [Fact]
    public async Task Execute_HttpsProxyUntrustedCertificate_DefaultProxyVerification_NothingSent()
    {
        await using var proxy = await LoopbackServer.StartAsync(certificates.Server);
        await using var host = Webhooks.Host(o => o.ProxyUrl = proxy.BaseUri.ToString());
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = "http://hooks.example.test/p", ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Empty(proxy.Requests);
    }

    [Fact]
    public async Task Execute_HttpsProxy_TargetVerificationNoneDoesNotApplyToProxy()
    {
        await using var proxy = await LoopbackServer.StartAsync(certificates.Server);
        await using var host = Webhooks.Host(o =>
        {
            o.ProxyUrl = proxy.BaseUri.ToString();
            o.Ssl.VerificationMode = TlsVerificationMode.None;
            o.Ssl.ProxyVerificationMode = TlsVerificationMode.Full;
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = "http://hooks.example.test/p", ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Empty(proxy.Requests);
    }

    [Fact]
    public async Task Execute_HttpsProxyBypassedTarget_ProxyVerificationDoesNotApplyToTarget()
    {
        await using var proxy = await LoopbackServer.StartAsync(certificates.Server);
        await using var target = await LoopbackServer.StartAsync(certificates.Server);
        await using var host = Webhooks.Host(o =>
        {
            o.ProxyUrl = proxy.BaseUri.ToString();
            o.ProxyBypassHosts = ["127.0.0.1"];
            o.Ssl.ProxyVerificationMode = TlsVerificationMode.None;
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = target.Url("/direct"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Equal("[ERR_TLS] The SSL connection could not be established, see inner exception.", result.ServiceMessage);
        Assert.Empty(proxy.Requests);
        Assert.Empty(target.Requests);
    }

    [Fact]
    public async Task Execute_HttpsTargetThroughProxyWithProxyHeaders_HeadersOnConnectNotOnTarget()
    {
        await using var target = await LoopbackServer.StartAsync(certificates.Server);
        await using var proxy = new ConnectTunnelProxy();
        await using var host = Webhooks.Host(o =>
        {
            o.ProxyUrl = proxy.Url.Replace("http://", "http://proxyuser:proxy%20pass@", StringComparison.Ordinal);
            o.ProxyHeaders["X-Proxy-Token"] = "pt";
            o.CustomHostSettings.Add(new CustomHostSettings
            {
                Url = $"https://127.0.0.1:{target.BaseUri.Port}",
                Ssl = new HostSslSettings { CertificateAuthoritiesData = certificates.AuthorityPem },
            });
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = target.Url("/tunnelled"), ["hasAuth"] = false });

        var first = await host.ExecuteAsync(connector, "{\"n\":1}");
        var second = await host.ExecuteAsync(connector, "{\"n\":2}");

        Assert.Equal(ConnectorResultStatus.Ok, first.Status);
        Assert.Equal(ConnectorResultStatus.Ok, second.Status);
        var head = Assert.Single(proxy.Heads);
        var lines = head.Split("\r\n");
        Assert.Equal($"CONNECT 127.0.0.1:{target.BaseUri.Port} HTTP/1.1", lines[0]);
        Assert.Contains($"Host: 127.0.0.1:{target.BaseUri.Port}", lines);
        Assert.Contains("X-Proxy-Token: pt", lines);
        Assert.Contains("Proxy-Authorization: Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("proxyuser:proxy pass")), lines);
        Assert.Equal(["{\"n\":1}", "{\"n\":2}"], target.Requests.Select(r => r.BodyText));
        Assert.All(target.Requests, r =>
        {
            Assert.Equal("/tunnelled", r.Path);
            Assert.Null(r.Header("X-Proxy-Token"));
            Assert.Null(r.Header("Proxy-Authorization"));
        });
    }

    [Fact]
    public async Task Execute_HttpsTargetThroughProxyWithProxyHeaders_TargetCertificateStillVerified()
    {
        await using var target = await LoopbackServer.StartAsync(certificates.Server);
        await using var proxy = new ConnectTunnelProxy();
        await using var host = Webhooks.Host(o =>
        {
            o.ProxyUrl = proxy.Url;
            o.ProxyHeaders["X-Proxy-Token"] = "pt";
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = target.Url("/tunnelled"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Equal("[ERR_TLS] The SSL connection could not be established, see inner exception.", result.ServiceMessage);
        Assert.Single(proxy.Heads);
        Assert.Empty(target.Requests);
    }

    [Fact]
    public async Task Execute_HttpsTargetBypassingProxyWithProxyHeaders_Direct()
    {
        await using var target = await LoopbackServer.StartAsync(certificates.Server);
        await using var proxy = new ConnectTunnelProxy();
        await using var host = Webhooks.Host(o =>
        {
            o.ProxyUrl = proxy.Url;
            o.ProxyHeaders["X-Proxy-Token"] = "pt";
            o.ProxyBypassHosts = ["127.0.0.1"];
            o.CustomHostSettings.Add(new CustomHostSettings
            {
                Url = $"https://127.0.0.1:{target.BaseUri.Port}",
                Ssl = new HostSslSettings { CertificateAuthoritiesData = certificates.AuthorityPem },
            });
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = target.Url("/direct"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Empty(proxy.Heads);
        Assert.Null(Assert.Single(target.Requests).Header("X-Proxy-Token"));
    }
}
