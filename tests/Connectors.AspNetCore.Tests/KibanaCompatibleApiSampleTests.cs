using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Connectors.AspNetCore.Tests;

/// <summary>
/// Starts <c>samples/KibanaCompatibleApi</c> as its own process on a loopback port and runs the requests of its
/// README (the curl examples) as real HTTP, in the README's order, asserting what its loopback sink received.
/// </summary>
public sealed class KibanaCompatibleApiSampleTests
{
    private const string AllApiKey = "c2FtcGxlLWFsbDpjaGFuZ2VtZQ==";

    [Fact]
    public async Task Sample_ServesTheReadmeExamplesOverRealHttp()
    {
        await using var sample = await SampleProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = sample.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var sink = await http.GetStringAsync(new Uri("/sink", UriKind.Relative));   // plain text: the sink's address
        Assert.StartsWith("http://127.0.0.1:", sink, StringComparison.Ordinal);

        // Slack and PagerDuty through the preconfigured connectors (API key): the sink answers like the services.
        var slack = await SendAsync(http, HttpMethod.Post, "/api/actions/connector/ops-slack/_execute", apiKey: true,
            """{"params":{"message":"CPU above 90% on web-01"}}""");
        Assert.Equal("""{"connector_id":"ops-slack","status":"ok","data":{"text":"ok"}}""", slack.Text);
        var trigger = await SendAsync(http, HttpMethod.Post, "/api/actions/connector/ops-pagerduty/_execute", apiKey: true,
            """{"params":{"eventAction":"trigger","dedupKey":"cpu-high-web-01","summary":"CPU above 90% on web-01","severity":"critical"}}""");
        Assert.Equal(
            """{"connector_id":"ops-pagerduty","status":"ok","data":{"status":"success","message":"Event processed","dedup_key":"cpu-high-web-01"}}""",
            trigger.Text);
        var resolve = await SendAsync(http, HttpMethod.Post, "/api/actions/connector/ops-pagerduty/_execute", apiKey: true,
            """{"params":{"eventAction":"resolve","dedupKey":"cpu-high-web-01"}}""");
        Assert.Equal(trigger.Text, resolve.Text);
        Assert.Equal(
            [
                """POST /slack/services/T0000/B0000/XXXXXXXX {"text":"CPU above 90% on web-01"}""",
                """POST /pagerduty/v2/enqueue {"event_action":"trigger","dedup_key":"cpu-high-web-01","payload":{"summary":"CPU above 90% on web-01","source":"Kibana Action ops-pagerduty","severity":"critical"}}""",
                """POST /pagerduty/v2/enqueue {"event_action":"resolve","dedup_key":"cpu-high-web-01"}""",
            ],
            await SinkRequestsAsync(http));

        // Without a dedup key, the sink (as PagerDuty) makes one up and returns it.
        var generated = await SendAsync(http, HttpMethod.Post, "/api/actions/connector/ops-pagerduty/_execute", apiKey: true,
            """{"params":{"summary":"Disk full on db-01"}}""");
        Assert.Matches("^[0-9a-f]{32}$", generated.Json!["data"]!["dedup_key"]!.GetValue<string>());
        Assert.Equal(
            """POST /pagerduty/v2/enqueue {"event_action":"trigger","payload":{"summary":"Disk full on db-01","source":"Kibana Action ops-pagerduty","severity":"info"}}""",
            (await SinkRequestsAsync(http))[^1]);

        // The same with basic authentication, and the webhook.
        var deployed = await SendAsync(http, HttpMethod.Post, "/api/actions/connector/ops-slack/_execute", apiKey: false,
            """{"params":{"message":"Deploy finished"}}""");
        Assert.Equal("ok", deployed.Json!["status"]!.GetValue<string>());
        var executed = await SendAsync(http, HttpMethod.Post, "/api/actions/connector/ops-webhook/_execute", apiKey: false,
            """{"params":{"body":"{\"alert\":\"CPU above 90%\"}"}}""");
        Assert.Equal("""{"connector_id":"ops-webhook","status":"ok","data":"{\"alert\":\"CPU above 90%\"}"}""", executed.Text);
        Assert.Equal(
            [
                """POST /slack/services/T0000/B0000/XXXXXXXX {"text":"Deploy finished"}""",
                """POST /ops {"alert":"CPU above 90%"}""",
            ],
            (await SinkRequestsAsync(http)).Skip(4));

        // A Slack connector of one's own, posting to the sink; a server log; list, read, run, update, delete.
        var team = await SendAsync(http, HttpMethod.Post, "/api/actions/connector/team-slack", apiKey: true,
            $$$"""{"name":"Team Slack","connector_type_id":".slack","config":{},"secrets":{"webhookUrl":"{{{sink}}}/slack/services/T1/B1/team"}}""");
        Assert.Equal(HttpStatusCode.OK, team.Status);
        var hello = await SendAsync(http, HttpMethod.Post, "/api/actions/connector/team-slack/_execute", apiKey: false,
            """{"params":{"message":"Hello from the API"}}""");
        Assert.Equal("""{"connector_id":"team-slack","status":"ok","data":{"text":"ok"}}""", hello.Text);
        Assert.Equal("""POST /slack/services/T1/B1/team {"text":"Hello from the API"}""", (await SinkRequestsAsync(http))[^1]);

        var created = await SendAsync(http, HttpMethod.Post, "/api/actions/connector/my-log", apiKey: false,
            """{"name":"My server log","connector_type_id":".server-log","config":{},"secrets":{}}""");
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal("my-log", created.Json!["id"]!.GetValue<string>());
        var all = await SendAsync(http, HttpMethod.Get, "/api/actions/connectors", apiKey: false, body: null);
        Assert.Equal(
            ["My server log", "Ops PagerDuty", "Ops server log", "Ops Slack", "Ops webhook", "Team Slack"],
            all.Json!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var webhook = all.Json!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "ops-webhook")!;
        Assert.False(webhook["config"]!["hasAuth"]!.GetValue<bool>());   // typed, though configuration holds "False"
        var pagerDuty = await SendAsync(http, HttpMethod.Get, "/api/actions/connector/ops-pagerduty", body: null,
            authorization: Basic("viewer:changeme"));
        Assert.Equal(
            $$"""{"id":"ops-pagerduty","name":"Ops PagerDuty","config":{"apiUrl":"{{sink}}/pagerduty/v2/enqueue"},"connector_type_id":".pagerduty","is_preconfigured":true,"is_deprecated":false,"is_system_action":false,"is_connector_type_deprecated":false}""",
            pagerDuty.Text);
        var logged = await SendAsync(http, HttpMethod.Post, "/api/actions/connector/my-log/_execute", apiKey: false,
            """{"params":{"message":"Hello from the API","level":"warn"}}""");
        Assert.Equal("""{"connector_id":"my-log","status":"ok"}""", logged.Text);
        var updated = await SendAsync(http, HttpMethod.Put, "/api/actions/connector/my-log", apiKey: false, """{"name":"Renamed log"}""");
        Assert.Equal("Renamed log", updated.Json!["name"]!.GetValue<string>());
        var types = await SendAsync(http, HttpMethod.Get, "/api/actions/connector_types?feature_id=alerting", apiKey: false, body: null);
        var typeIds = types.Json!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToList();
        Assert.Contains(".slack", typeIds);
        Assert.Contains(".pagerduty", typeIds);
        Assert.DoesNotContain(".test", typeIds);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(http, HttpMethod.Delete, "/api/actions/connector/my-log", apiKey: false, body: null)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(http, HttpMethod.Delete, "/api/actions/connector/team-slack", apiKey: false, body: null)).Status);

        // Errors: no credentials (401, a challenge per scheme), a read-only user (403), no kbn-xsrf (400).
        using var anonymous = await http.GetAsync(new Uri("/api/actions/connectors", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(["ApiKey", "Basic realm=\"kibana\", charset=\"UTF-8\""], anonymous.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Equal("""{"statusCode":401,"error":"Unauthorized","message":"Unauthorized"}""", await anonymous.Content.ReadAsStringAsync());
        var viewer = await SendAsync(http, HttpMethod.Delete, "/api/actions/connector/ops-log", body: null, authorization: Basic("viewer:changeme"));
        Assert.Equal(HttpStatusCode.Forbidden, viewer.Status);
        Assert.Equal("""{"statusCode":403,"error":"Forbidden","message":"Unauthorized to delete actions"}""", viewer.Text);
        using var noXsrf = new HttpRequestMessage(HttpMethod.Delete, "/api/actions/connector/ops-log");
        noXsrf.Headers.Authorization = Basic("elastic:changeme");
        using var noXsrfResponse = await http.SendAsync(noXsrf);
        Assert.Equal(HttpStatusCode.BadRequest, noXsrfResponse.StatusCode);
        Assert.Equal(
            """{"statusCode":400,"error":"Bad Request","message":"Request must contain a kbn-xsrf header."}""",
            await noXsrfResponse.Content.ReadAsStringAsync());
    }

    private static AuthenticationHeaderValue Basic(string userAndPassword) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword)));

    private static async Task<List<string>> SinkRequestsAsync(HttpClient http)
    {
        var received = await SendAsync(http, HttpMethod.Get, "/sink/requests", apiKey: true, body: null);
        return [.. received.Json!.AsArray().Select(r => r!.GetValue<string>())];
    }

    private static Task<ApiResponse> SendAsync(HttpClient http, HttpMethod method, string path, bool apiKey, string? body) =>
        SendAsync(http, method, path, body, apiKey ? new AuthenticationHeaderValue("ApiKey", AllApiKey) : Basic("elastic:changeme"));

    private static async Task<ApiResponse> SendAsync(
        HttpClient http, HttpMethod method, string path, string? body, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = authorization;
        request.Headers.Add("kbn-xsrf", "true");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return await ApiResponse.ReadAsync(response);
    }

    /// <summary>The sample's built output, run with <c>dotnet KibanaCompatibleApi.dll --urls http://127.0.0.1:0</c>.</summary>
    private sealed class SampleProcess : IAsyncDisposable
    {
        private readonly Process process;

        private SampleProcess(Process process, Uri baseAddress)
        {
            this.process = process;
            BaseAddress = baseAddress;
        }

        public Uri BaseAddress { get; }

        public static async Task<SampleProcess> StartAsync()
        {
            var directory = FindSampleOutput();
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "KibanaCompatibleApi.dll", "--urls", "http://127.0.0.1:0" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the sample");
            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) =>
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }

                const string marker = "Now listening on: ";
                if (e.Data is { } line && line.Contains(marker, StringComparison.Ordinal))
                {
                    listening.TrySetResult(new Uri(line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim()));
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
            if (first != listening.Task)
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                string log;
                lock (output)
                {
                    log = output.ToString();
                }

                throw new InvalidOperationException($"the sample did not start:\n{log}");
            }

            return new SampleProcess(process, await listening.Task);
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        private static string FindSampleOutput()
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory);   // tests/<project>/bin/<configuration>/<tfm>/
            var tfm = testOutput.Name;
            var configuration = testOutput.Parent!.Name;
            var root = testOutput;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Connectors.Core.sln")))
            {
                root = root.Parent;
            }

            var directory = Path.Combine(root!.FullName, "samples", "KibanaCompatibleApi", "bin", configuration, tfm);
            return File.Exists(Path.Combine(directory, "KibanaCompatibleApi.dll"))
                ? directory
                : throw new InvalidOperationException($"build the sample first: {directory}");
        }
    }
}
