using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;

namespace Connectors.ConnectorTypes.Bedrock;

/// <summary>
/// Reads AWS's binary event-stream encoding (<c>application/vnd.amazon.eventstream</c>): each message is a prelude
/// (total length, headers length, CRC-32 of those 8 bytes), the headers (name, type, value), the payload and a CRC-32
/// of everything before it. Both checksums are verified.
/// </summary>
internal static class AwsEventStream
{
    private const int PreludeLength = 12;
    private const int MinimumMessageLength = PreludeLength + 4;

    /// <summary>The largest message accepted (AWS's own limit is 16 MiB of payload).</summary>
    public const int MaxMessageLength = 24 * 1024 * 1024;

    /// <summary>Reads the messages of <paramref name="stream"/> as they arrive, until it ends.</summary>
    public static async IAsyncEnumerable<AwsEventStreamMessage> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var prelude = new byte[PreludeLength];
        while (true)
        {
            var read = await ReadFullyAsync(stream, prelude, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                yield break;
            }

            if (read < PreludeLength)
            {
                throw new AwsEventStreamFormatException("The event stream ended inside a message prelude.");
            }

            var totalLength = BinaryPrimitives.ReadUInt32BigEndian(prelude);
            if (totalLength < MinimumMessageLength || totalLength > MaxMessageLength)
            {
                throw new AwsEventStreamFormatException($"Invalid event stream message length: {totalLength}.");
            }

            var message = new byte[totalLength];
            prelude.CopyTo(message, 0);
            read = await ReadFullyAsync(stream, message.AsMemory(PreludeLength), cancellationToken).ConfigureAwait(false);
            if (read < totalLength - PreludeLength)
            {
                throw new AwsEventStreamFormatException("The event stream ended inside a message.");
            }

            yield return Decode(message);
        }
    }

    /// <summary>Decodes one complete message, verifying both checksums.</summary>
    public static AwsEventStreamMessage Decode(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Length < MinimumMessageLength)
        {
            throw new AwsEventStreamFormatException($"Invalid event stream message length: {message.Length}.");
        }

        var span = message.AsSpan();
        var totalLength = BinaryPrimitives.ReadUInt32BigEndian(span);
        var headersLength = BinaryPrimitives.ReadUInt32BigEndian(span[4..]);
        if (totalLength != message.Length)
        {
            throw new AwsEventStreamFormatException($"Invalid event stream message length: {totalLength}.");
        }

        var preludeCrc = BinaryPrimitives.ReadUInt32BigEndian(span[8..]);
        var computedPrelude = Crc32.HashToUInt32(span[..8]);
        if (preludeCrc != computedPrelude)
        {
            throw new AwsEventStreamFormatException(
                $"Event stream prelude checksum mismatch: expected {preludeCrc:x8}, computed {computedPrelude:x8}.");
        }

        var messageCrc = BinaryPrimitives.ReadUInt32BigEndian(span[^4..]);
        var computedMessage = Crc32.HashToUInt32(span[..^4]);
        if (messageCrc != computedMessage)
        {
            throw new AwsEventStreamFormatException(
                $"Event stream message checksum mismatch: expected {messageCrc:x8}, computed {computedMessage:x8}.");
        }

        if (headersLength > totalLength - MinimumMessageLength)
        {
            throw new AwsEventStreamFormatException($"Invalid event stream headers length: {headersLength}.");
        }

        var headers = DecodeHeaders(span.Slice(PreludeLength, (int)headersLength));
        var payload = message.AsMemory(PreludeLength + (int)headersLength, (int)totalLength - MinimumMessageLength - (int)headersLength);
        return new AwsEventStreamMessage(message, headers, payload);
    }

    /// <summary>Encodes one message (string headers only); used by tests and fakes.</summary>
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(headers);
        using var headerBytes = new MemoryStream();
        var length = new byte[2];
        foreach (var (name, value) in headers)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var valueBytes = Encoding.UTF8.GetBytes(value);
            headerBytes.WriteByte((byte)nameBytes.Length);
            headerBytes.Write(nameBytes);
            headerBytes.WriteByte(7);
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)valueBytes.Length);
            headerBytes.Write(length);
            headerBytes.Write(valueBytes);
        }

        var headersLength = (int)headerBytes.Length;
        var total = MinimumMessageLength + headersLength + payload.Length;
        var message = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(message, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), Crc32.HashToUInt32(message.AsSpan(0, 8)));
        headerBytes.ToArray().CopyTo(message, PreludeLength);
        payload.CopyTo(message.AsSpan(PreludeLength + headersLength));
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(total - 4), Crc32.HashToUInt32(message.AsSpan(0, total - 4)));
        return message;
    }

    private static Dictionary<string, string> DecodeHeaders(ReadOnlySpan<byte> data)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        while (position < data.Length)
        {
            var nameLength = data[position++];
            Need(data, position, nameLength + 1);
            var name = Encoding.UTF8.GetString(data.Slice(position, nameLength));
            position += nameLength;
            var type = data[position++];
            string value;
            switch (type)
            {
                case 0:
                    value = "true";
                    break;
                case 1:
                    value = "false";
                    break;
                case 2:
                    Need(data, position, 1);
                    value = ((sbyte)data[position]).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    position += 1;
                    break;
                case 3:
                    Need(data, position, 2);
                    value = BinaryPrimitives.ReadInt16BigEndian(data[position..]).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    position += 2;
                    break;
                case 4:
                    Need(data, position, 4);
                    value = BinaryPrimitives.ReadInt32BigEndian(data[position..]).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    position += 4;
                    break;
                case 5:
                case 8:
                    Need(data, position, 8);
                    value = BinaryPrimitives.ReadInt64BigEndian(data[position..]).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    position += 8;
                    break;
                case 6:
                case 7:
                    Need(data, position, 2);
                    var length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
                    position += 2;
                    Need(data, position, length);
                    value = type == 7
                        ? Encoding.UTF8.GetString(data.Slice(position, length))
                        : Convert.ToBase64String(data.Slice(position, length));
                    position += length;
                    break;
                case 9:
                    Need(data, position, 16);
                    value = Convert.ToHexStringLower(data.Slice(position, 16));
                    position += 16;
                    break;
                default:
                    throw new AwsEventStreamFormatException($"Unknown event stream header type: {type}.");
            }

            headers[name] = value;
        }

        return headers;
    }

    private static void Need(ReadOnlySpan<byte> data, int position, int count)
    {
        if (position + count > data.Length)
        {
            throw new AwsEventStreamFormatException("An event stream header runs past the headers section.");
        }
    }

    private static async ValueTask<int> ReadFullyAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}

/// <summary>One event-stream message: its bytes as received, its headers (values as text) and its payload.</summary>
internal sealed record AwsEventStreamMessage(byte[] Raw, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Payload)
{
    /// <summary>A header's value, or <see langword="null"/>.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A malformed event stream (bad length, checksum or header).</summary>
internal sealed class AwsEventStreamFormatException(string message) : IOException(message);

/// <summary>An <c>exception</c> or <c>error</c> message in an event stream: the service failed mid-stream.</summary>
internal sealed class AwsEventStreamServiceException(string message, string? exceptionType) : Exception(message)
{
    /// <summary>The <c>:exception-type</c> or <c>:error-code</c>, if any.</summary>
    public string? ExceptionType { get; } = exceptionType;
}
