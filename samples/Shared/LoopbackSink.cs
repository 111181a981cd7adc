// Shared by the samples (linked into each project). The usings are explicit so that projects with and without the
// Web SDK's implicit usings compile it alike.
#pragma warning disable IDE0005
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Samples;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 that stands in for the remote services and remembers every request
/// (<c>METHOD /path?query body</c>). It answers each path the way the real service would:
/// <list type="bullet">
/// <item>PagerDuty's Events API (a path ending in <c>/v2/enqueue</c>): 202 with
/// <c>{"status":"success","message":"Event processed","dedup_key":…}</c>, the dedup key it was sent or a new one;</item>
/// <item>Elasticsearch's bulk API (a path ending in <c>/_bulk</c>): 200 with one <c>created</c> item per document;</item>
/// <item>anything else (a Slack incoming webhook, a generic webhook): 200 <c>ok</c>.</item>
/// </list>
/// </summary>
internal sealed class LoopbackSink : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<string> requests = new();
    private int documents;

    private LoopbackSink(WebApplication app) => this.app = app;

    /// <summary>What the sink received, in order: <c>METHOD /path?query body</c>.</summary>
    public IEnumerable<string> Requests => requests;

    /// <summary>The sink's address, ending with <c>/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    public static async Task<LoopbackSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var sink = new LoopbackSink(app);
        app.Run(sink.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sink.BaseUri = new Uri(address + "/");
        return sink;
    }

    /// <summary>The absolute URL of <paramref name="path"/> on the sink.</summary>
    public string Url(string path) => new Uri(BaseUri, path.TrimStart('/')).ToString();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = context.Request.Path.Value ?? "/";
        requests.Enqueue($"{context.Request.Method} {path}{context.Request.QueryString} {body}");

        if (path.EndsWith("/v2/enqueue", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            await WriteJsonAsync(context, new JsonObject
            {
                ["status"] = "success",
                ["message"] = "Event processed",
                ["dedup_key"] = DedupKeyOf(body) ?? Guid.NewGuid().ToString("N"),
            });
        }
        else if (path.EndsWith("/_bulk", StringComparison.Ordinal))
        {
            var index = Uri.UnescapeDataString(path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0]);
            var items = new JsonArray();
            var count = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length / 2;   // an action line, then the document
            for (var i = 0; i < count; i++)
            {
                var id = Interlocked.Increment(ref documents);
                items.Add(new JsonObject
                {
                    ["create"] = new JsonObject
                    {
                        ["_index"] = index,
                        ["_id"] = $"doc-{id}",
                        ["_version"] = 1,
                        ["result"] = "created",
                        ["status"] = 201,
                    },
                });
            }

            await WriteJsonAsync(context, new JsonObject { ["errors"] = false, ["took"] = 1, ["items"] = items });
        }
        else
        {
            await context.Response.WriteAsync("ok", context.RequestAborted);
        }
    }

    private static string? DedupKeyOf(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["dedup_key"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static Task WriteJsonAsync(HttpContext context, JsonObject value)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(value.ToJsonString(), context.RequestAborted);
    }
}
