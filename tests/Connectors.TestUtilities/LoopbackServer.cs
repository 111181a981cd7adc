using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.TestUtilities;

/// <summary>One request as the loopback server received it.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The SHA-1 thumbprint of the client certificate the TLS connection presented, if any.</summary>
    public string? ClientCertificateThumbprint { get; init; }

    /// <summary>A header value, or <see langword="null"/>.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A real Kestrel server on 127.0.0.1, port 0 (optionally HTTPS with a given certificate) that records every
/// request and answers with scripted responses (in order), then with the fallback.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> script = new();

    private LoopbackServer(WebApplication app, Uri baseUri)
    {
        this.app = app;
        BaseUri = baseUri;
    }

    /// <summary>The server's base URL, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The requests received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    /// <summary>The answer once the script is used up.</summary>
    public Func<HttpContext, Task> Fallback { get; set; } = Respond(200, "ok");

    /// <summary>Raised after each request is recorded.</summary>
    public event Action<RecordedRequest>? Received;

    /// <summary>Starts a server; with a certificate it speaks HTTPS and asks for client certificates as told.</summary>
    /// <remarks>Client certificates are accepted whatever their chain: tests assert which one arrived.</remarks>
    public static async Task<LoopbackServer> StartAsync(
        X509Certificate2? certificate = null, ClientCertificateMode clientCertificateMode = ClientCertificateMode.NoCertificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateMode = clientCertificateMode,
                    ClientCertificateValidation = (_, _, _) => true,
                });
            }
        }));
        var app = builder.Build();
        LoopbackServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LoopbackServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
        return server;
    }

    /// <summary>A URL on this server.</summary>
    public string Url(string path = "") => new Uri(BaseUri, path.TrimStart('/')).ToString();

    /// <summary>The recorded request (with its body) a responder is answering.</summary>
    public static RecordedRequest Recorded(HttpContext context) => (RecordedRequest)context.Items[typeof(RecordedRequest)]!;

    /// <summary>Queues the next answers.</summary>
    public LoopbackServer Then(params Func<HttpContext, Task>[] responders)
    {
        foreach (var responder in responders)
        {
            script.Enqueue(responder);
        }

        return this;
    }

    /// <summary>An answer with a status, a body and headers.</summary>
    public static Func<HttpContext, Task> Respond(int status, string body = "", string? contentType = null, params (string Name, string Value)[] headers) =>
        async context =>
        {
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            if (contentType is not null)
            {
                context.Response.ContentType = contentType;
            }

            if (body.Length > 0)
            {
                await context.Response.WriteAsync(body);
            }
        };

    /// <summary>A JSON answer.</summary>
    public static Func<HttpContext, Task> Json(int status, string json, params (string Name, string Value)[] headers) =>
        Respond(status, json, "application/json", headers);

    /// <summary>A redirect.</summary>
    public static Func<HttpContext, Task> Redirect(string location, int status = 302) =>
        Respond(status, string.Empty, null, ("Location", location));

    /// <summary>An answer that never comes until the request is aborted.</summary>
    public static Func<HttpContext, Task> Hang() => context => Task.Delay(Timeout.Infinite, context.RequestAborted);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            headers,
            body.ToArray())
        {
            ClientCertificateThumbprint = context.Connection.ClientCertificate?.Thumbprint,
        };
        requests.Enqueue(recorded);
        context.Items[typeof(RecordedRequest)] = recorded;
        Received?.Invoke(recorded);
        var responder = script.TryDequeue(out var next) ? next : Fallback;
        try
        {
            await responder(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
    }
}
