using System.Collections.Concurrent;
using System.ComponentModel;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Connectors.IntegrationTests.Mcp;

/// <summary>One HTTP request the MCP server received: method, path, headers and the JSON-RPC method of its body.</summary>
internal sealed record McpRecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The JSON-RPC method (<c>tools/list</c>, <c>initialize</c>, …), or <see langword="null"/>.</summary>
    public string? RpcMethod
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(Body);
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("method", out var method)
                    ? method.GetString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A real MCP server (the SDK's ASP.NET Core side, <c>MapMcp</c>) on Kestrel at 127.0.0.1, port 0, exposing the
/// <c>echo</c> and <c>add</c> tools at <c>/mcp</c>. Records every request; can answer every request with a fixed status.
/// </summary>
internal sealed class McpTestServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<McpRecordedRequest> requests = new();

    private McpTestServer(WebApplication app) => this.app = app;

    /// <summary>The MCP endpoint, <c>http://127.0.0.1:&lt;port&gt;/mcp</c>.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>The port.</summary>
    public int Port { get; private set; }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<McpRecordedRequest> Requests => [.. requests];

    /// <summary>When set, every request is answered with this status and <see cref="RefusalBody"/> instead of MCP.</summary>
    public int? RefuseWith { get; set; }

    /// <summary>The body sent with <see cref="RefuseWith"/>.</summary>
    public string RefusalBody { get; set; } = "{\"error\":\"invalid_token\"}";

    /// <summary>When set, every request is redirected (307) to this URL.</summary>
    public string? RedirectTo { get; set; }

    /// <summary>
    /// When set, <c>server/discover</c> (the 2026-07-28 handshake) is answered with JSON-RPC "method not found", as a
    /// server of an earlier revision does, so the client falls back to the <c>initialize</c> handshake and a session.
    /// </summary>
    public bool InitializeOnly { get; set; }

    /// <summary>The number of requests whose JSON-RPC method is <paramref name="rpcMethod"/>.</summary>
    public int Count(string rpcMethod) => Requests.Count(r => r.RpcMethod == rpcMethod);

    /// <summary>Starts a server; <paramref name="stateful"/> turns on Streamable HTTP sessions (<c>Mcp-Session-Id</c>).</summary>
    public static async Task<McpTestServer> StartAsync(bool withFailingTool = false, bool stateful = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var mcp = builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = "test-server", Version = "9.9.9" })
            .WithHttpTransport(o => o.Stateless = !stateful)
            .WithTools<TestTools>();
        if (withFailingTool)
        {
            mcp.WithTools<FailingTools>();
        }

        var app = builder.Build();
        var server = new McpTestServer(app);
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            server.requests.Enqueue(new McpRecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? string.Empty,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body));
            if (server.RedirectTo is { } target)
            {
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = target;
                return;
            }

            if (server.InitializeOnly && server.requests.Last().RpcMethod == "server/discover")
            {
                using var request = JsonDocument.Parse(body);
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(
                    $"{{\"jsonrpc\":\"2.0\",\"id\":{request.RootElement.GetProperty("id").GetRawText()},\"error\":{{\"code\":-32601,\"message\":\"Method not found\"}}}}",
                    context.RequestAborted);
                return;
            }

            if (server.RefuseWith is { } status)
            {
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(server.RefusalBody, context.RequestAborted);
                return;
            }

            await next(context);
        });
        app.MapMcp("/mcp");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        server.Endpoint = $"http://127.0.0.1:{server.Port}/mcp";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

[McpServerToolType]
internal sealed class TestTools
{
    [McpServerTool(Name = "echo"), Description("Echoes the message back.")]
    public static string Echo([Description("The text to echo.")] string message) => $"Echo: {message}";

    [McpServerTool(Name = "add"), Description("Adds two integers.")]
    public static int Add(int a, int b) => a + b;
}

[McpServerToolType]
internal sealed class FailingTools
{
    [McpServerTool(Name = "fail"), Description("Always fails.")]
    public static string Fail(string reason) => throw new McpException($"cannot do that: {reason}");
}
