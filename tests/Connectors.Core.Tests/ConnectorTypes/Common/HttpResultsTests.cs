using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.Core.Tests.ConnectorTypes.Common;

public sealed class HttpResultsTests
{
    [Theory]
    [InlineData("120", 120L)]
    [InlineData(" 7", 7L)]
    [InlineData("12abc", 12L)]
    [InlineData("-3", -3L)]
    [InlineData("abc", null)]
    [InlineData("Wed, 21 Oct 2026 07:28:00 GMT", null)]
    public void RetryAfterSeconds_HeaderValue_ParsedAsParseInt(string value, long? expected)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Retry-After", value);

        Assert.Equal(expected, HttpResults.RetryAfterSeconds(response));
    }

    [Fact]
    public void RetryAfterSeconds_NoHeader_Null()
    {
        using var response = new HttpResponseMessage();

        Assert.Null(HttpResults.RetryAfterSeconds(response));
    }

    [Fact]
    public void ToIsoString_Offset_UtcWithMilliseconds()
    {
        Assert.Equal(
            "2026-12-04T11:00:00.250Z",
            HttpResults.ToIsoString(new DateTimeOffset(2026, 12, 4, 12, 0, 0, 250, TimeSpan.FromHours(1))));
    }

    [Theory]
    [InlineData(401, true)]
    [InlineData(429, true)]
    [InlineData(451, true)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(500, false)]
    public void IsUserErrorStatus_KibanasList(int status, bool expected) =>
        Assert.Equal(expected, HttpResults.IsUserErrorStatus(status));

    [Fact]
    public async Task JsonContent_Body_CompactUnescapedHtmlCharacters()
    {
        using var content = HttpResults.JsonContent(new System.Text.Json.Nodes.JsonObject { ["text"] = "<a> & \"b\"\n" });

        Assert.Equal("{\"text\":\"<a> & \\\"b\\\"\\n\"}", await content.ReadAsStringAsync());
        Assert.Equal("application/json", content.Headers.ContentType!.ToString());
    }

    public static TheoryData<string, string?, bool> Bodies()
    {
        static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
        var utf8 = System.Text.Encoding.UTF8;
        return new TheoryData<string, string?, bool>
        {
            { Hex([]), null, true },
            { Hex(utf8.GetBytes("{\"a\":1,\"b\":[true,null,\"é\"]}")), null, true },
            { Hex(utf8.GetBytes("{\"a\":1.50}")), "application/json; charset=utf-8", true },
            { Hex(utf8.GetBytes("{\"a\":\"x\"}")), "application/json; charset=\"UTF-8\"", true },
            { Hex(utf8.GetBytes("[1,2]")), "application/json;charset=UTF-8", true },
            { Hex(utf8.GetBytes("\"Ã©\"")), "application/json; charset=iso-8859-1", false },
            { Hex([0xEF, 0xBB, 0xBF, .. utf8.GetBytes("{\"bom\":true}")]), "application/json", true },
            { Hex([.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes("{\"utf16\":1}")]), null, true },
            { Hex([(byte)'"', 0xC3, 0x28, (byte)'"']), null, true },
            { Hex(utf8.GetBytes("ok")), "text/plain", true },
            { Hex(utf8.GetBytes("  ")), null, true },
            { Hex([0xEF, 0xBB, 0xBF]), null, true },
            { Hex(utf8.GetBytes("{not json")), "application/json", true },
            { Hex(utf8.GetBytes("[1,")), null, true },
            { Hex([(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']), null, true },
            { Hex(utf8.GetBytes("{\"a\":1} trailing")), null, true },
            { Hex(utf8.GetBytes("{\"a\":1}")), "application/json; charset=iso-8859-1", false },
        };
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public Task ReadBodyAsync_AnyBody_SameAsParsingItsText(string hex, string? contentType, bool utf8) =>
        ForEachReadingAsync(hex, contentType, async (expected, actualResponse) =>
        {
            var actual = await HttpResults.ReadBodyAsync(actualResponse, CancellationToken.None);

            Assert.Equal(expected?.ToJsonString(), actual?.ToJsonString());
            Assert.Equal(expected?.GetValueKind(), actual?.GetValueKind());
            Assert.Equal(utf8, HttpResults.IsUtf8(actualResponse.Content));
        });

    [Theory]
    [MemberData(nameof(Bodies))]
    public Task OkWithBodyAsync_AnyBody_DataSameAsParsingItsText(string hex, string? contentType, bool utf8) =>
        ForEachReadingAsync(hex, contentType, async (expected, actualResponse) =>
        {
            _ = utf8;
            var result = await HttpResults.OkWithBodyAsync("c1", actualResponse, CancellationToken.None);

            Assert.True(result.IsSuccess);
            Assert.Equal("c1", result.ConnectorId);
            Assert.Equal(expected?.ToJsonString(), result.Data?.ToJsonString());
            Assert.Equal(expected?.GetValueKind(), result.Data?.GetValueKind());
            Assert.Same(result.Data, result.Data);
        });

    /// <summary>
    /// The body read as text and parsed (what the reads under test must equal), then the same body as a second
    /// response, buffered and then streamed, for <paramref name="check"/>.
    /// </summary>
    private static async Task ForEachReadingAsync(string hex, string? contentType, Func<JsonNode?, HttpResponseMessage, Task> check)
    {
        var bytes = Convert.FromHexString(hex);
        foreach (var buffered in new[] { true, false })
        {
            using var expectedResponse = Response(bytes, contentType, buffered);
            using var actualResponse = Response(bytes, contentType, buffered);
            if (buffered)
            {
                await actualResponse.Content.LoadIntoBufferAsync();
            }

            await check(HttpResults.ParseBody(await HttpResults.ReadTextAsync(expectedResponse, CancellationToken.None)), actualResponse);
        }
    }

    [Fact]
    public async Task OkWithBodyAsync_DataReadOnManyThreadsAndThroughCopies_OneNode()
    {
        using var response = Response("{\"status\":\"success\",\"dedup_key\":\"k\"}"u8.ToArray(), "application/json", buffered: true);
        await response.Content.LoadIntoBufferAsync();
        var result = await HttpResults.OkWithBodyAsync("c1", response, CancellationToken.None);
        var copy = result with { ConnectorId = "c2" };
        using var start = new ManualResetEventSlim();

        var readers = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            start.Wait();
            return i % 2 == 0 ? result.Data : copy.Data;
        })).ToArray();
        start.Set();
        var nodes = await Task.WhenAll(readers);

        Assert.All(nodes, node => Assert.Same(nodes[0], node));
        Assert.Equal("k", (string?)nodes[0]!["dedup_key"]);
        Assert.Equal(result, copy with { ConnectorId = "c1" });
    }

    [Theory]
    [InlineData("application/json; charset=no-such-charset")]
    [InlineData("application/json; charset=utf8")]
    public async Task ReadBodyAsync_CharsetTheTextPathRefuses_FailsAsReadingTheTextDoes(string contentType)
    {
        using var response = Response("{}"u8.ToArray(), contentType, buffered: true);

        var expected = await Assert.ThrowsAsync<InvalidOperationException>(() => HttpResults.ReadTextAsync(response, CancellationToken.None));
        var actual = await Assert.ThrowsAsync<InvalidOperationException>(async () => await HttpResults.ReadBodyAsync(response, CancellationToken.None));
        Assert.Equal(expected.Message, actual.Message);
    }

    [Theory]
    [InlineData("6F6B", null)]
    [InlineData("6F6B", "text/html; charset=utf-8")]
    [InlineData("6F6B", "text/plain; charset=iso-8859-1")]
    [InlineData("EFBBBF6F6B", null)]
    [InlineData("FFFE6F006B00", null)]
    [InlineData("6F6B0A", null)]
    [InlineData("", null)]
    [InlineData("696E76616C69645F746F6B656E", "text/plain")]
    public async Task ReadTextAsync_WithAnExpectedBody_SameTextAsReadingIt(string hex, string? contentType)
    {
        var bytes = Convert.FromHexString(hex);
        foreach (var buffered in new[] { true, false })
        {
            using var expectedResponse = Response(bytes, contentType, buffered);
            using var actualResponse = Response(bytes, contentType, buffered);

            var expected = await HttpResults.ReadTextAsync(expectedResponse, CancellationToken.None);
            var actual = await HttpResults.ReadTextAsync(actualResponse, "ok"u8.ToArray(), "ok", CancellationToken.None);

            Assert.Equal(expected, actual);
        }
    }

    private static HttpResponseMessage Response(byte[] body, string? contentType, bool buffered)
    {
        HttpContent content = buffered ? new ByteArrayContent(body) : new StreamContent(new NonSeekableStream(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return new HttpResponseMessage { Content = content };
    }

    /// <summary>A body that arrives as a stream (read asynchronously, not known in advance).</summary>
    private sealed class NonSeekableStream(byte[] body) : MemoryStream(body)
    {
        public override bool CanSeek => false;

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return await base.ReadAsync(buffer, offset, count, cancellationToken);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return await base.ReadAsync(buffer, cancellationToken);
        }
    }
}
