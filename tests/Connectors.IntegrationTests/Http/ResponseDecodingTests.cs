using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.IntegrationTests.Webhook;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Http;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Http;

/// <summary>Compressed responses are decoded by the connector chain (Slack's webhook answers must read <c>ok</c>).</summary>
public sealed class ResponseDecodingTests
{
    private static byte[] Compress(string text, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    private static Func<HttpContext, Task> Encoded(string encoding, byte[] body) => async context =>
    {
        context.Response.Headers.ContentEncoding = encoding;
        context.Response.ContentType = "text/html";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    };

    public static TheoryData<string, string> Encodings() => new()
    {
        { "gzip", "gzip" },
        { "x-gzip", "gzip" },
        { "deflate", "zlib" },
        { "deflate", "raw deflate" },
        { "br", "brotli" },
        { "GZIP", "gzip" },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Execute_SlackAnswersCompressedOk_Decoded(string contentEncoding, string format)
    {
        Func<Stream, Stream> compressor = format switch
        {
            "gzip" => s => new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true),
            "zlib" => s => new ZLibStream(s, CompressionLevel.Fastest, leaveOpen: true),
            "raw deflate" => s => new DeflateStream(s, CompressionLevel.Fastest, leaveOpen: true),
            _ => s => new BrotliStream(s, CompressionLevel.Fastest, leaveOpen: true),
        };
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = Encoded(contentEncoding, Compress("ok", compressor));
        await using var host = Host();
        var connector = await host.CreateAsync(".slack", secrets: new JsonObject { ["webhookUrl"] = server.Url("/services/T/B/X") });

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal("{\"text\":\"ok\"}", result.Data!.ToJsonString());
        Assert.Equal("gzip, deflate, br", Assert.Single(server.Requests).Header("Accept-Encoding"));
    }

    [Fact]
    public async Task Execute_UnknownContentEncoding_BodyLeftAsIs()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = Encoded("compress", Encoding.UTF8.GetBytes("ok"));
        await using var host = Host();
        var connector = await host.CreateAsync(".slack", secrets: new JsonObject { ["webhookUrl"] = server.Url("/services/T/B/X") });

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
    }

    [Fact]
    public async Task Execute_CorruptGzipBody_RequestFailed()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = Encoded("gzip", Encoding.UTF8.GetBytes("this is not gzip"));
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/zip"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_GzipBodyDecodingToExactlyTheLimit_Ok()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = Encoded("gzip", Compress(new string('x', 100), s => new GZipStream(s, CompressionLevel.Optimal, leaveOpen: true)));
        await using var host = Webhooks.Host(o => o.MaxResponseContentLength = 100);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/zip"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
    }

    [Fact]
    public async Task Execute_RequestWithOwnAcceptEncoding_KeptAsIs()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject
        {
            ["url"] = server.Url("/own"),
            ["hasAuth"] = false,
            ["headers"] = new JsonObject { ["Accept-Encoding"] = "identity" },
        });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal("identity", Assert.Single(server.Requests).Header("Accept-Encoding"));
    }
}
