// Shared by the samples (linked into each project). The usings are explicit so that projects with and without the
// Web SDK's implicit usings compile it alike.
#pragma warning disable IDE0005
using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Samples;

/// <summary>A tiny HTTP server on 127.0.0.1 that accepts every request and remembers it, standing in for a real webhook.</summary>
internal sealed class LoopbackSink : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<string> requests = new();

    private LoopbackSink(WebApplication app) => this.app = app;

    public IEnumerable<string> Requests => requests;

    private Uri BaseUri { get; set; } = null!;

    public static async Task<LoopbackSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var sink = new LoopbackSink(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            sink.requests.Enqueue($"{context.Request.Method} {context.Request.Path} {body}");
            await context.Response.WriteAsync("ok", context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sink.BaseUri = new Uri(address + "/");
        return sink;
    }

    public string Url(string path) => new Uri(BaseUri, path.TrimStart('/')).ToString();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
