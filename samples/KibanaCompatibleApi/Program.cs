// A Kibana-compatible actions API in a minimal ASP.NET Core host: Kibana's connector routes on the given --urls,
// API-key and basic authentication, read/all privileges as authorization policies, preconfigured connectors from
// appsettings.json (a server log, a webhook, Slack and PagerDuty), and a loopback sink standing in for the remote
// services: it answers like a Slack incoming webhook and like PagerDuty's Events API (GET /sink/requests lists what it got).
using KibanaCompatibleApi;
using Samples;
using Microsoft.AspNetCore.Authentication;

await using var sink = await LoopbackSink.StartAsync();

var builder = WebApplication.CreateBuilder(args);
// appsettings.json writes the remote services as http://127.0.0.1:0/…: point them at the sink this sample started.
const string placeholder = "http://127.0.0.1:0/";
foreach (var (key, value) in builder.Configuration.GetSection("Connectors:preconfigured").AsEnumerable().ToList())
{
    if (value?.StartsWith(placeholder, StringComparison.Ordinal) == true)
    {
        builder.Configuration[key] = sink.Url(value[placeholder.Length..]);
    }
}

builder.Services.AddConnectors(builder.Configuration.GetSection("Connectors"));
builder.Services
    .AddAuthentication("ApiKeyOrBasic")
    .AddPolicyScheme("ApiKeyOrBasic", "API key or basic", o => o.ForwardDefaultSelector = SampleAuthenticationHandler.SelectScheme)
    .AddScheme<AuthenticationSchemeOptions, SampleAuthenticationHandler>(SampleAuthenticationHandler.ApiKey, null)
    .AddScheme<AuthenticationSchemeOptions, SampleAuthenticationHandler>(SampleAuthenticationHandler.Basic, null);
builder.Services.AddAuthorization(o =>
{
    // The schemes a policy names are the ones challenged (WWW-Authenticate) when a request has no credentials.
    string[] schemes = [SampleAuthenticationHandler.ApiKey, SampleAuthenticationHandler.Basic];
    o.AddPolicy("connectors:read", p => p.AddAuthenticationSchemes(schemes).RequireClaim(SampleAuthenticationHandler.PrivilegeClaim, "read", "all"));
    o.AddPolicy("connectors:all", p => p.AddAuthenticationSchemes(schemes).RequireClaim(SampleAuthenticationHandler.PrivilegeClaim, "all"));
});

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

// <map-connectors-api>
app.MapConnectorsApi(api =>
{
    api.ReadPolicy = "connectors:read";
    api.AllPolicy = "connectors:all";
});
// </map-connectors-api>

// The loopback sink: its address (to create connectors that post to it) and what it received. A sample convenience,
// not part of Kibana's API.
app.MapGet("/sink", () => sink.BaseUri.ToString().TrimEnd('/'));
app.MapGet("/sink/requests", () => sink.Requests.ToArray());

await app.RunAsync();
