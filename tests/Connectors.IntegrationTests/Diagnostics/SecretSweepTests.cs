using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.IntegrationTests.Webhook;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Diagnostics;

public sealed class SecretSweepTests
{
    private const string Sentinel = "S3ntinel-Secret-Value";
    private const string PathSentinel = "P4th-Sentinel-Token";

    [Fact]
    public async Task Sweep_SuccessfulAndFailingOperations_SecretNeverSurfaces()
    {
        var tags = new ConcurrentBag<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Connectors",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                foreach (var tag in activity.TagObjects)
                {
                    tags.Add($"{tag.Key}={tag.Value}");
                }

                tags.Add(activity.StatusDescription ?? string.Empty);
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var certificates = TestCertificates.Create();
        await using var server = await LoopbackServer.StartAsync();
        await using var tls = await LoopbackServer.StartAsync(certificates.Server);
        await using var host = Webhooks.Host(o =>
        {
            o.AllowedHosts = ["127.0.0.1"];
            o.MaxAttempts = 2;
            o.RetryBaseDelay = TimeSpan.Zero;
        });
        var results = new List<ConnectorResult>();
        var exceptions = new List<Exception>();
        var deadPort = Webhooks.UnusedPort();

        // basic auth + secret header, against a path that itself carries a token
        var basic = await host.CreateWebhookAsync(
            new JsonObject { ["url"] = server.Url($"/hooks/{PathSentinel}"), ["headers"] = new JsonObject { ["X-Plain"] = "p" } },
            new JsonObject { ["user"] = "elastic", ["password"] = Sentinel, ["secretHeaders"] = new JsonObject { ["X-Key"] = Sentinel } });
        server.Then(
            LoopbackServer.Respond(200),
            LoopbackServer.Json(500, "{\"message\":\"broken\"}"),
            LoopbackServer.Json(500, "{\"message\":\"broken\"}"),
            LoopbackServer.Respond(400),
            LoopbackServer.Redirect($"http://localhost:{server.BaseUri.Port}/{PathSentinel}"),
            LoopbackServer.Respond(429, headers: ("Retry-After", "600")));
        for (var i = 0; i < 5; i++)
        {
            results.Add(await host.ExecuteAsync(basic));
        }

        // a dead port, an untrusted TLS server
        foreach (var url in new[] { $"http://127.0.0.1:{deadPort}/x/{PathSentinel}", tls.Url($"/x/{PathSentinel}") })
        {
            var failing = await host.CreateWebhookAsync(new JsonObject { ["url"] = url }, new JsonObject { ["user"] = "u", ["password"] = Sentinel });
            results.Add(await host.ExecuteAsync(failing));
        }

        // OAuth2: a refused token request, then a good one
        var oauth = await host.CreateWebhookAsync(
            new JsonObject
            {
                ["url"] = server.Url($"/oauth-hook/{PathSentinel}"),
                ["authType"] = "webhook-oauth2-client-credentials",
                ["accessTokenUrl"] = server.Url("/token"),
                ["clientId"] = "client",
            },
            new JsonObject { ["clientSecret"] = Sentinel });
        server.Then(
            LoopbackServer.Json(401, "{\"error\":\"invalid_client\"}"),
            LoopbackServer.Json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"),
            LoopbackServer.Respond(204));
        results.Add(await host.ExecuteAsync(oauth));
        results.Add(await host.ExecuteAsync(oauth));

        // SSL auth whose pfx cannot be opened with the (secret) password
        using var client = certificates.IssueClient();
        var ssl = await host.CreateWebhookAsync(
            new JsonObject { ["url"] = tls.Url("/mtls"), ["authType"] = "webhook-authentication-ssl", ["certType"] = "ssl-pfx" },
            new JsonObject { ["pfx"] = Convert.ToBase64String(client.Export(X509ContentType.Pkcs12, "other")), ["password"] = Sentinel });
        results.Add(await host.ExecuteAsync(ssl));

        // creates and an update that fail validation, with the sentinel in the secrets
        var invalidCreates = new (JsonObject Config, JsonObject Secrets)[]
        {
            (new JsonObject { ["url"] = "not a url" }, new JsonObject { ["user"] = "u", ["password"] = Sentinel }),
            (new JsonObject { ["url"] = "http://127.0.0.1/" }, new JsonObject { ["password"] = Sentinel }),
            (new JsonObject { ["url"] = "http://127.0.0.1/" }, new JsonObject { ["clientSecret"] = Sentinel, ["user"] = "u" }),
            (new JsonObject { ["url"] = "http://127.0.0.1/" }, new JsonObject { ["unknown"] = Sentinel }),
            (new JsonObject { ["url"] = "http://127.0.0.1/" }, new JsonObject { ["user"] = new JsonArray(Sentinel), ["password"] = "p" }),
            (new JsonObject { ["url"] = "http://127.0.0.1/" }, new JsonObject { ["secretHeaders"] = new JsonObject { ["X-Key"] = new JsonObject { ["v"] = Sentinel } } }),
            (new JsonObject { ["url"] = "http://127.0.0.1/", ["hasAuth"] = false, ["authType"] = "webhook-authentication-basic" }, new JsonObject { ["user"] = "u", ["password"] = Sentinel }),
        };
        foreach (var (config, secrets) in invalidCreates)
        {
            exceptions.Add(await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateWebhookAsync(config, secrets)));
        }

        exceptions.Add(await Assert.ThrowsAsync<ConnectorValidationException>(() => host.Registry.UpdateAsync(
            basic.Id,
            new UpdateConnectorRequest { Name = "hook", Config = new JsonObject { ["url"] = server.Url("/u") }, Secrets = new JsonObject { ["password"] = Sentinel } })));

        var connectors = await host.Registry.ListAsync();
        var got = await host.Registry.GetAsync(basic.Id);
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { Limit = 10_000 });

        Assert.Contains(results, r => r.IsSuccess);
        Assert.Contains(results, r => !r.IsSuccess);
        Assert.True(server.Requests.Any(r => r.Header("X-Key") == Sentinel), "the secret header was sent");
        Assert.NotEmpty(events);
        AssertNoSentinel(Sentinel, "logs", host.AllLogText());
        AssertNoSentinel(Sentinel, "event log", JsonSerializer.Serialize(events));
        AssertNoSentinel(Sentinel, "results", JsonSerializer.Serialize(results));
        AssertNoSentinel(Sentinel, "exceptions", string.Join("\n", exceptions.Select(e => e.ToString())));
        AssertNoSentinel(Sentinel, "list", JsonSerializer.Serialize(connectors));
        AssertNoSentinel(Sentinel, "get", JsonSerializer.Serialize(got));
        AssertNoSentinel(Sentinel, "activity tags", string.Join("\n", tags));

        // the URL path is config (returned by get), but it is never logged nor recorded
        AssertNoSentinel(PathSentinel, "logs", host.AllLogText());
        AssertNoSentinel(PathSentinel, "event log", JsonSerializer.Serialize(events));
        AssertNoSentinel(PathSentinel, "activity tags", string.Join("\n", tags));
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Category?.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal) == true);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Message == $"outbound POST http://127.0.0.1 answered 200");
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Message == "outbound request to http://localhost refused: host not allowed");
    }

    private static void AssertNoSentinel(string sentinel, string where, string text)
    {
        var at = text.IndexOf(sentinel, StringComparison.Ordinal);
        Assert.True(at < 0, $"'{sentinel}' found in {where}: …{text[Math.Max(0, at - 200)..Math.Min(text.Length, at + 100)]}…");
    }
}
