using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Connectors.AspNetCore.Tests;

/// <summary>
/// Starts <c>samples/KibanaCompatibleApi</c> as its own process on a loopback port and runs the requests of its
/// README (the curl examples) as real HTTP.
/// </summary>
public sealed class KibanaCompatibleApiSampleTests
{
    private const string AllApiKey = "c2FtcGxlLWFsbDpjaGFuZ2VtZQ==";

    [Fact]
    public async Task Sample_ServesTheReadmeExamplesOverRealHttp()
    {
        await using var sample = await SampleProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = sample.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        // Create a connector (API key).
        var created = await SendAsync(http, HttpMethod.Post, "/api/actions/connector/my-log", apiKey: true,
            """{"name":"My server log","connector_type_id":".server-log","config":{},"secrets":{}}""");
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal("my-log", created.Json!["id"]!.GetValue<string>());

        // List connectors (basic auth): the created one and the two preconfigured ones.
        var all = await SendAsync(http, HttpMethod.Get, "/api/actions/connectors", apiKey: false, body: null);
        Assert.Equal(["My server log", "Ops server log", "Ops webhook"], all.Json!.AsArray().Select(c => c!["name"]!.GetValue<string>()));

        // Execute the preconfigured webhook: the loopback sink receives the body.
        var executed = await SendAsync(http, HttpMethod.Post, "/api/actions/connector/ops-webhook/_execute", apiKey: true,
            """{"params":{"body":"{\"alert\":\"CPU above 90%\"}"}}""");
        Assert.Equal("""{"connector_id":"ops-webhook","status":"ok","data":"{\"alert\":\"CPU above 90%\"}"}""", executed.Text);
        var received = await SendAsync(http, HttpMethod.Get, "/sink/requests", apiKey: true, body: null);
        Assert.Equal("""["POST /ops {\"alert\":\"CPU above 90%\"}"]""", received.Text);

        // Execute the created server log, update it, read it, delete it.
        var logged = await SendAsync(http, HttpMethod.Post, "/api/actions/connector/my-log/_execute", apiKey: false,
            """{"params":{"message":"Hello from the API","level":"warn"}}""");
        Assert.Equal("""{"connector_id":"my-log","status":"ok"}""", logged.Text);
        var updated = await SendAsync(http, HttpMethod.Put, "/api/actions/connector/my-log", apiKey: true, """{"name":"Renamed log"}""");
        Assert.Equal("Renamed log", updated.Json!["name"]!.GetValue<string>());
        var types = await SendAsync(http, HttpMethod.Get, "/api/actions/connector_types?feature_id=alerting", apiKey: true, body: null);
        var typeIds = types.Json!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToList();
        Assert.Contains(".server-log", typeIds);
        Assert.Contains(".webhook", typeIds);
        Assert.DoesNotContain(".test", typeIds);
        var deleted = await SendAsync(http, HttpMethod.Delete, "/api/actions/connector/my-log", apiKey: true, body: null);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);

        // Errors: no kbn-xsrf, no credentials, read-only user.
        using var noXsrf = new HttpRequestMessage(HttpMethod.Delete, "/api/actions/connector/ops-log");
        noXsrf.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", AllApiKey);
        using var noXsrfResponse = await http.SendAsync(noXsrf);
        Assert.Equal(HttpStatusCode.BadRequest, noXsrfResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/api/actions/connectors", UriKind.Relative))).StatusCode);
        using var viewer = new HttpRequestMessage(HttpMethod.Delete, "/api/actions/connector/ops-log");
        viewer.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("viewer:changeme")));
        viewer.Headers.Add("kbn-xsrf", "true");
        using var viewerResponse = await http.SendAsync(viewer);
        Assert.Equal(HttpStatusCode.Forbidden, viewerResponse.StatusCode);
        Assert.Equal("""{"statusCode":403,"error":"Forbidden","message":"Unauthorized to delete actions"}""", await viewerResponse.Content.ReadAsStringAsync());
    }

    private static async Task<ApiResponse> SendAsync(HttpClient http, HttpMethod method, string path, bool apiKey, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = apiKey
            ? new AuthenticationHeaderValue("ApiKey", AllApiKey)
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:changeme")));
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
