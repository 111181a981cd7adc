using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connectors.AspNetCore.Tests;

/// <summary>The API on the ASP.NET Core test server, with a header-driven test identity (<c>x-test-privilege: all | read | none</c>).</summary>
internal sealed class ApiTestHost : IAsyncDisposable
{
    public const string PrivilegeHeader = "x-test-privilege";

    private ApiTestHost(WebApplication app)
    {
        App = app;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public IConnectorRegistry Registry => Services.GetRequiredService<IConnectorRegistry>();

    public static async Task<ApiTestHost> StartAsync(
        Action<ConnectorsOptions>? configure = null,
        Action<IConnectorsBuilder>? connectors = null,
        Action<IServiceCollection>? services = null,
        Action<ConnectorsApiOptions>? api = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var connectorsBuilder = builder.Services.AddConnectors(options =>
        {
            options.License = LicenseLevel.Gold;
            options.AllowedHosts = ["127.0.0.1", "localhost"];
            configure?.Invoke(options);
        });
        connectorsBuilder.AddConnectorType<TestConnectorType>();
        connectors?.Invoke(connectorsBuilder);
        services?.Invoke(builder.Services);
        builder.Services.AddAuthentication(TestAuthHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, null);
        builder.Services.AddAuthorization(options =>
        {
            options.AddPolicy("read", p => p.RequireClaim("privilege", "read", "all"));
            options.AddPolicy("all", p => p.RequireClaim("privilege", "all"));
        });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapConnectorsApi(options =>
        {
            options.ReadPolicy = "read";
            options.AllPolicy = "all";
            api?.Invoke(options);
        });
        await app.StartAsync();
        return new ApiTestHost(app);
    }

    public Task<ApiResponse> GetAsync(string path, string? privilege = "all") => SendAsync(HttpMethod.Get, path, null, xsrf: false, privilege);

    public Task<ApiResponse> PostAsync(string path, string? json, bool xsrf = true, string? privilege = "all") =>
        SendAsync(HttpMethod.Post, path, json, xsrf, privilege);

    public Task<ApiResponse> PutAsync(string path, string? json, bool xsrf = true, string? privilege = "all") =>
        SendAsync(HttpMethod.Put, path, json, xsrf, privilege);

    public Task<ApiResponse> DeleteAsync(string path, bool xsrf = true, string? privilege = "all") =>
        SendAsync(HttpMethod.Delete, path, null, xsrf, privilege);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? json, bool xsrf, string? privilege)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (xsrf)
        {
            request.Headers.Add("kbn-xsrf", "true");
        }

        if (privilege is not null)
        {
            request.Headers.Add(PrivilegeHeader, privilege);
        }

        using var response = await Client.SendAsync(request);
        return await ApiResponse.ReadAsync(response);
    }

    /// <summary>Creates a <c>.server-log</c> connector through the registry.</summary>
    public Task<Connector> CreateServerLogAsync(string id, string name = "Log", string spaceId = "default") =>
        Registry.CreateAsync(new CreateConnectorRequest { Id = id, Name = name, ConnectorTypeId = ".server-log", SpaceId = spaceId });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>A response: status, the raw text and the parsed JSON (if any).</summary>
internal sealed record ApiResponse(HttpStatusCode Status, string Text, JsonNode? Json, MediaTypeHeaderValue? ContentType)
{
    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, text, text.Length == 0 ? null : JsonNode.Parse(text), response.Content.Headers.ContentType);
    }

    public string? Message => Json?["message"]?.GetValue<string>();

    /// <summary>Asserts a Kibana error body: <c>{statusCode, error, message}</c>.</summary>
    public void AssertError(HttpStatusCode status, string error, string message)
    {
        Assert.Equal(status, Status);
        Assert.Equal(
            new JsonObject { ["statusCode"] = (int)status, ["error"] = error, ["message"] = message }.ToJsonString(),
            Json!.ToJsonString());
    }
}

/// <summary>Authenticates from <c>x-test-privilege</c>: absent → anonymous; otherwise a user with that privilege claim.</summary>
internal sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiTestHost.PrivilegeHeader, out var privilege))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "tester"), new Claim("privilege", privilege.ToString())], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
