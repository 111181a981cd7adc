using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connectors.AspNetCore.Tests;

/// <summary>
/// An unauthenticated request is a 401 with Kibana's body and the host's challenges: the schemes the route's policy
/// names (else the default challenge scheme) add their <c>WWW-Authenticate</c> header.
/// </summary>
public sealed class ConnectorsApiChallengeTests
{
    private const string BasicChallenge = "Basic realm=\"kibana\", charset=\"UTF-8\"";

    [Theory]
    [InlineData("GET", "/api/actions/connectors")]
    [InlineData("GET", "/api/actions/connector/x")]
    [InlineData("POST", "/api/actions/connector/x")]
    [InlineData("PUT", "/api/actions/connector/x")]
    [InlineData("DELETE", "/api/actions/connector/x")]
    [InlineData("POST", "/s/ops/api/actions/connector/x/_execute")]
    public async Task Unauthenticated_PolicySchemes_EachChallenge(string method, string path)
    {
        await using var app = await StartAsync(policySchemes: [ChallengeHandler.ApiKey, ChallengeHandler.Basic]);

        using var response = await SendAsync(app, method, path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal([ChallengeHandler.ApiKey, BasicChallenge], response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Equal("""{"statusCode":401,"error":"Unauthorized","message":"Unauthorized"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unauthenticated_ConnectorTypes_ChallengesTheDefaultScheme()
    {
        // Connector types ask no privilege, so no policy names schemes: the default challenge scheme answers.
        await using var app = await StartAsync(policySchemes: [ChallengeHandler.ApiKey, ChallengeHandler.Basic], defaultScheme: ChallengeHandler.Basic);

        using var response = await SendAsync(app, "GET", "/api/actions/connector_types");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal([BasicChallenge], response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Equal("""{"statusCode":401,"error":"Unauthorized","message":"Unauthorized"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unauthenticated_PolicyWithoutSchemes_ChallengesTheDefaultScheme()
    {
        await using var app = await StartAsync(policySchemes: [], defaultScheme: ChallengeHandler.ApiKey);

        using var response = await SendAsync(app, "GET", "/api/actions/connectors");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal([ChallengeHandler.ApiKey], response.Headers.WwwAuthenticate.Select(h => h.ToString()));
    }

    [Fact]
    public async Task Unauthenticated_HandlerThatRedirects_KeepsItsResponse()
    {
        await using var app = await StartAsync(policySchemes: [], defaultScheme: ChallengeHandler.Redirect);

        using var response = await SendAsync(app, "GET", "/api/actions/connectors");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.ToString());
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unauthenticated_WithoutAuthenticationServices_IsA401WithoutChallenge()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddConnectors();
        await using var app = builder.Build();
        app.MapConnectorsApi();
        await app.StartAsync();

        using var response = await SendAsync(app, "GET", "/api/actions/connectors");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.Equal("""{"statusCode":401,"error":"Unauthorized","message":"Unauthorized"}""", await response.Content.ReadAsStringAsync());
    }

    private static async Task<WebApplication> StartAsync(string[] policySchemes, string? defaultScheme = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddConnectors(o => o.License = LicenseLevel.Gold);
        var authentication = defaultScheme is null ? builder.Services.AddAuthentication() : builder.Services.AddAuthentication(defaultScheme);
        foreach (var scheme in new[] { ChallengeHandler.ApiKey, ChallengeHandler.Basic, ChallengeHandler.Redirect })
        {
            authentication.AddScheme<AuthenticationSchemeOptions, ChallengeHandler>(scheme, null);
        }

        builder.Services.AddAuthorization(o =>
        {
            o.AddPolicy("read", p => p.AddAuthenticationSchemes(policySchemes).RequireClaim("privilege", "read", "all"));
            o.AddPolicy("all", p => p.AddAuthenticationSchemes(policySchemes).RequireClaim("privilege", "all"));
        });
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapConnectorsApi(o =>
        {
            o.ReadPolicy = "read";
            o.AllPolicy = "all";
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpResponseMessage> SendAsync(WebApplication app, string method, string path)
    {
        using var client = app.GetTestClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("kbn-xsrf", "true");
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>Never authenticates; challenges as its scheme would: <c>ApiKey</c>, <c>Basic realm=…</c>, or a redirect to a login page.</summary>
    private sealed class ChallengeHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string ApiKey = "ApiKey";
        public const string Basic = "Basic";
        public const string Redirect = "Redirect";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            if (Scheme.Name == Redirect)
            {
                Response.Redirect("/login");
                return Task.CompletedTask;
            }

            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers.Append("WWW-Authenticate", Scheme.Name == Basic ? BasicChallenge : ApiKey);
            return Task.CompletedTask;
        }
    }
}
