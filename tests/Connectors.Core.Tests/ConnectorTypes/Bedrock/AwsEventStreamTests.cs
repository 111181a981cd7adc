using System.Buffers.Binary;
using System.Text;
using Connectors.ConnectorTypes.Bedrock;

namespace Connectors.Core.Tests.ConnectorTypes.Bedrock;

public sealed class AwsEventStreamTests
{
    private static byte[] Frame(string eventType, string payload) =>
        AwsEventStream.Encode(
            [new(":event-type", eventType), new(":content-type", "application/json"), new(":message-type", "event")],
            Encoding.UTF8.GetBytes(payload));

    [Fact]
    public void Encode_LayoutIsPreludeHeadersPayloadAndCrc()
    {
        var frame = AwsEventStream.Encode([new(":event-type", "chunk")], "{}"u8);

        // prelude: total length, headers length, prelude CRC; header: name length, name, type 7, value length, value.
        Assert.Equal((uint)frame.Length, BinaryPrimitives.ReadUInt32BigEndian(frame));
        var headersLength = 1 + ":event-type".Length + 1 + 2 + "chunk".Length;
        Assert.Equal((uint)headersLength, BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4)));
        Assert.Equal(12 + headersLength + 2 + 4, frame.Length);
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(frame.AsSpan(0, 8)), BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(8)));
        Assert.Equal((byte)":event-type".Length, frame[12]);
        Assert.Equal(7, frame[12 + 1 + ":event-type".Length]);
        Assert.Equal("{}", Encoding.UTF8.GetString(frame.AsSpan(12 + headersLength, 2)));
    }

    [Fact]
    public void Decode_KnownFrame_HeadersAndPayload()
    {
        // AWS's documented minimal message: no headers, empty payload: 00000010 00000000 05c248eb 7d98c8ff.
        var empty = Convert.FromHexString("0000001000000000" + "05c248eb" + "7d98c8ff");

        var message = AwsEventStream.Decode(empty);

        Assert.Empty(message.Headers);
        Assert.Equal(0, message.Payload.Length);
    }

    [Fact]
    public async Task ReadAsync_SeveralFrames_DecodedInOrderWithRawBytes()
    {
        var first = Frame("chunk", "{\"a\":1}");
        var second = Frame("chunk", "{\"b\":2}");
        using var stream = new MemoryStream([.. first, .. second]);

        var messages = new List<AwsEventStreamMessage>();
        await foreach (var message in AwsEventStream.ReadAsync(stream, CancellationToken.None))
        {
            messages.Add(message);
        }

        Assert.Equal(2, messages.Count);
        Assert.Equal(first, messages[0].Raw);
        Assert.Equal("chunk", messages[0].Header(":event-type"));
        Assert.Equal("event", messages[1].Header(":message-type"));
        Assert.Equal("{\"b\":2}", Encoding.UTF8.GetString(messages[1].Payload.Span));
    }

    [Fact]
    public void Decode_CorruptedPayload_MessageChecksumMismatch()
    {
        var frame = Frame("chunk", "{\"a\":1}");
        frame[^6] ^= 0x01;

        var error = Assert.Throws<AwsEventStreamFormatException>(() => AwsEventStream.Decode(frame));

        Assert.StartsWith("Event stream message checksum mismatch: expected ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_CorruptedPrelude_PreludeChecksumMismatch()
    {
        var frame = Frame("chunk", "{}");
        frame[9] ^= 0xFF;

        var error = Assert.Throws<AwsEventStreamFormatException>(() => AwsEventStream.Decode(frame));

        Assert.StartsWith("Event stream prelude checksum mismatch: expected ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_StreamEndsInsideAFrame_Throws()
    {
        var frame = Frame("chunk", "{\"a\":1}");
        using var stream = new MemoryStream(frame[..^3]);

        var error = await Assert.ThrowsAsync<AwsEventStreamFormatException>(async () =>
        {
            await foreach (var _ in AwsEventStream.ReadAsync(stream, CancellationToken.None))
            {
            }
        });

        Assert.Equal("The event stream ended inside a message.", error.Message);
    }

    [Fact]
    public void Decode_TypedHeaders_ReadAsText()
    {
        // bool true (0), byte (2), int16 (3), int32 (4), int64 (5), bytes (6), uuid (9).
        var headers = new List<byte>();
        void Add(string name, byte type, params byte[] value)
        {
            headers.Add((byte)name.Length);
            headers.AddRange(Encoding.UTF8.GetBytes(name));
            headers.Add(type);
            headers.AddRange(value);
        }

        Add("t", 0);
        Add("b", 2, 0xFF);
        Add("s", 3, 0x01, 0x00);
        Add("i", 4, 0x00, 0x00, 0x01, 0x00);
        Add("l", 5, 0, 0, 0, 0, 0, 0, 0x10, 0x00);
        Add("x", 6, 0x00, 0x02, 0xAB, 0xCD);
        Add("u", 9, [.. Enumerable.Range(0, 16).Select(i => (byte)i)]);
        var total = 16 + headers.Count;
        var frame = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)headers.Count);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), System.IO.Hashing.Crc32.HashToUInt32(frame.AsSpan(0, 8)));
        headers.ToArray().CopyTo(frame, 12);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), System.IO.Hashing.Crc32.HashToUInt32(frame.AsSpan(0, total - 4)));

        var message = AwsEventStream.Decode(frame);

        Assert.Equal("true", message.Header("t"));
        Assert.Equal("-1", message.Header("b"));
        Assert.Equal("256", message.Header("s"));
        Assert.Equal("256", message.Header("i"));
        Assert.Equal("4096", message.Header("l"));
        Assert.Equal("q80=", message.Header("x"));
        Assert.Equal("000102030405060708090a0b0c0d0e0f", message.Header("u"));
    }
}
