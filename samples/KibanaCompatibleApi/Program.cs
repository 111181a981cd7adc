// A Kibana-compatible actions API in a minimal ASP.NET Core host: Kibana's connector routes on the given --urls,
// API-key and basic authentication, read/all privileges as authorization policies, preconfigured connectors from
// appsettings.json, and a loopback sink standing in for the remote services (GET /sink/requests lists what it got).
using KibanaCompatibleApi;
using Samples;
using Microsoft.AspNetCore.Authentication;

await using var sink = await LoopbackSink.StartAsync();

var builder = WebApplication.CreateBuilder(args);
// Point the preconfigured webhook at the sink this sample started.
builder.Configuration["Connectors:preconfigured:ops-webhook:config:url"] = sink.Url("/ops");

builder.Services.AddConnectors(builder.Configuration.GetSection("Connectors"));
builder.Services
    .AddAuthentication("ApiKeyOrBasic")
    .AddPolicyScheme("ApiKeyOrBasic", "API key or basic", o => o.ForwardDefaultSelector = SampleAuthenticationHandler.SelectScheme)
    .AddScheme<AuthenticationSchemeOptions, SampleAuthenticationHandler>(SampleAuthenticationHandler.ApiKey, null)
    .AddScheme<AuthenticationSchemeOptions, SampleAuthenticationHandler>(SampleAuthenticationHandler.Basic, null);
builder.Services.AddAuthorization(o =>
{
    o.AddPolicy("connectors:read", p => p.RequireClaim(SampleAuthenticationHandler.PrivilegeClaim, "read", "all"));
    o.AddPolicy("connectors:all", p => p.RequireClaim(SampleAuthenticationHandler.PrivilegeClaim, "all"));
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

// What the loopback sink received (a sample convenience, not part of Kibana's API).
app.MapGet("/sink/requests", () => sink.Requests.ToArray());

await app.RunAsync();
