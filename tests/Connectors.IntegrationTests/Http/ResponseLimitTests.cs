using System.Text.Json.Nodes;
using System.Threading.Channels;
using Connectors.IntegrationTests.Webhook;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Http;

public sealed class ResponseLimitTests
{
    [Fact]
    public async Task Execute_ChunkedResponseOverLimit_BadResponse()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(200, new string('x', 1024));
        await using var host = Webhooks.Host(o => o.MaxResponseContentLength = 100);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/big"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Equal("[ERR_BAD_RESPONSE] maxContentLength size of 100 exceeded", result.ServiceMessage);
        Assert.Null(result.Retry);
    }

    [Fact]
    public async Task Execute_DeclaredContentLengthOverLimit_BadResponseNotRetried()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = async context =>
        {
            context.Response.ContentLength = 1024;
            await context.Response.Body.WriteAsync(new byte[1024]);
        };
        await using var host = Webhooks.Host(o =>
        {
            o.MaxResponseContentLength = 100;
            o.MaxAttempts = 3;
            o.RetryBaseDelay = TimeSpan.Zero;
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/big"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("[ERR_BAD_RESPONSE] maxContentLength size of 100 exceeded", result.ServiceMessage);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_SmallGzipResponseInflatingOverLimit_BadResponse()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(new byte[10_000]);
        }

        var payload = compressed.ToArray();
        Assert.True(payload.Length < 100);
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = async context =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentLength = payload.Length;
            await context.Response.Body.WriteAsync(payload);
        };
        await using var host = Webhooks.Host(o => o.MaxResponseContentLength = 100);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/zip"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("[ERR_BAD_RESPONSE] maxContentLength size of 100 exceeded", result.ServiceMessage);
        Assert.Contains("gzip", Assert.Single(server.Requests).Header("Accept-Encoding"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ResponseExactlyAtLimit_Ok()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(200, new string('x', 100));
        await using var host = Webhooks.Host(o => o.MaxResponseContentLength = 100);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/big"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
    }

    [Fact]
    public async Task Execute_ServerHangsPastResponseTimeout_Econnaborted()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Hang();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Received += _ => arrived.TrySetResult();
        await using var host = Webhooks.Host(fakeTime: true);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/slow"), ["hasAuth"] = false });

        var execution = host.ExecuteAsync(connector);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        host.Time!.Advance(TimeSpan.FromSeconds(59));
        Assert.False(execution.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await execution.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Equal("[ECONNABORTED] timeout of 60000ms exceeded", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_TimeoutThenSuccess_RetriedAfterTimeout()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Hang());
        var arrivals = Channel.CreateUnbounded<RecordedRequest>();
        server.Received += r => arrivals.Writer.TryWrite(r);
        await using var host = Webhooks.Host(
            o =>
            {
                o.MaxAttempts = 2;
                o.RetryBaseDelay = TimeSpan.Zero;
                o.ResponseTimeout = TimeSpan.FromSeconds(10);
            },
            fakeTime: true);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/slow"), ["hasAuth"] = false });

        var execution = host.ExecuteAsync(connector);
        await arrivals.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        host.Time!.Advance(TimeSpan.FromSeconds(10));
        var result = await execution.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(2, server.Requests.Count);
    }
}
