using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>A loopback Kestrel sink that drains each request and answers with a fixed status and body.</summary>
internal sealed class LoopbackSink : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConnectionCounter counter;
    private static int dumped;

    private LoopbackSink(WebApplication app, ConnectionCounter counter, string baseUrl)
    {
        this.app = app;
        this.counter = counter;
        BaseUrl = baseUrl;
    }

    /// <summary>The base URL, without a trailing slash.</summary>
    public string BaseUrl { get; }

    /// <summary>TCP connections the sink has accepted so far.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref counter.Count);

    public static async Task<LoopbackSink> StartAsync(int status, string body, string contentType)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var counter = new ConnectionCounter();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
        {
            Interlocked.Increment(ref counter.Count);
            return next(connection);
        })));
        var app = builder.Build();
        app.Run(async context =>
        {
            if (Environment.GetEnvironmentVariable("SINK_DUMP") == "1" && Interlocked.Increment(ref dumped) % 20000 == 1)
            {
                Console.WriteLine($"{context.Request.Method} {context.Request.Path} {context.Request.Protocol} CL={context.Request.ContentLength}");
                foreach (var h in context.Request.Headers)
                {
                    // Credentials (Authorization, X-Routing-Key, API keys, tokens) are named, never printed.
                    var secret = h.Key.Contains("auth", StringComparison.OrdinalIgnoreCase) || h.Key.Contains("key", StringComparison.OrdinalIgnoreCase)
                        || h.Key.Contains("token", StringComparison.OrdinalIgnoreCase) || h.Key.Contains("secret", StringComparison.OrdinalIgnoreCase);
                    Console.WriteLine($"  {h.Key}: {(secret ? "[redacted]" : h.Value.ToString())}");
                }
            }

            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackSink(app, counter, url.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed class ConnectionCounter
    {
        public int Count;
    }
}
