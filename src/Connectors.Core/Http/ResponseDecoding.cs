using System.Buffers;
using System.IO.Compression;

namespace Connectors.Internal;

/// <summary>
/// Response decompression done by the connector chain instead of <see cref="SocketsHttpHandler.AutomaticDecompression"/>:
/// the same <c>Accept-Encoding: gzip, deflate, br</c> is sent (as one preformatted value) and a response with one of
/// those encodings is decoded while it is buffered, within the size limit, which applies to the decoded bytes as
/// before. A response without <c>Content-Encoding</c> (almost all) costs nothing more than the header lookup, where the
/// handler's decompression layer parsed and added three header values and wrapped every response.
/// </summary>
internal static class ResponseDecoding
{
    public const string AcceptEncoding = "gzip, deflate, br";

    /// <summary>Adds <c>Accept-Encoding</c> unless the request has one.</summary>
    public static void Advertise(HttpRequestMessage request)
    {
        if (!request.Headers.NonValidated.Contains("Accept-Encoding"))
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", AcceptEncoding);
        }
    }

    /// <summary>The single encoding this can decode that the content declares, or <see langword="null"/>.</summary>
    public static string? DecodableEncoding(HttpContent content)
    {
        if (!content.Headers.NonValidated.TryGetValues("Content-Encoding", out var values) || values.Count != 1)
        {
            return null;
        }

        var encoding = values.ToString().Trim();
        return encoding.ToLowerInvariant() switch
        {
            "gzip" or "x-gzip" => "gzip",
            "deflate" => "deflate",
            "br" => "br",
            _ => null,
        };
    }

    /// <summary>
    /// Reads and decodes <paramref name="content"/> into a buffered content without <c>Content-Encoding</c> and
    /// <c>Content-Length</c>, failing as soon as the decoded bytes outgrow <paramref name="maxContentLength"/>.
    /// </summary>
    public static async Task<HttpContent> DecodeAsync(HttpContent content, string encoding, long maxContentLength, CancellationToken cancellationToken)
    {
        var raw = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var decoded = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var decoder = await CreateDecoderAsync(raw, encoding, cancellationToken).ConfigureAwait(false);
            await using (decoder.ConfigureAwait(false))
            {
                int read;
                while ((read = await decoder.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (decoded.Length + read > maxContentLength)
                    {
                        throw new ResponseTooLargeException(maxContentLength);
                    }

                    decoded.Write(chunk, 0, read);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new HttpRequestException(HttpRequestError.InvalidResponse, "Error while copying content to a stream.", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        var result = new ByteArrayContent(decoded.GetBuffer(), 0, (int)decoded.Length);
        foreach (var header in content.Headers.NonValidated)
        {
            if (!header.Key.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase)
                && !header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                result.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        content.Dispose();
        return result;
    }

    private static async ValueTask<Stream> CreateDecoderAsync(Stream raw, string encoding, CancellationToken cancellationToken)
    {
        switch (encoding)
        {
            case "gzip":
                return new GZipStream(raw, CompressionMode.Decompress);
            case "br":
                return new BrotliStream(raw, CompressionMode.Decompress);
            default:
                // "deflate" is zlib-wrapped by the standard, raw deflate by some servers: tell them apart by the zlib header.
                var head = new byte[2];
                var count = 0;
                while (count < 2 && await raw.ReadAsync(head.AsMemory(count), cancellationToken).ConfigureAwait(false) is var n and > 0)
                {
                    count += n;
                }

                var zlib = count == 2 && (head[0] & 0x0F) == 8 && ((head[0] << 8) | head[1]) % 31 == 0;
                var joined = new PrefixedStream(head.AsMemory(0, count), raw);
                return zlib ? new ZLibStream(joined, CompressionMode.Decompress) : new DeflateStream(joined, CompressionMode.Decompress);
        }
    }

    /// <summary>A read-only stream: some bytes already read, then the rest of the inner stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> prefix = prefix;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (prefix.IsEmpty)
            {
                return inner.Read(buffer);
            }

            var n = Math.Min(prefix.Length, buffer.Length);
            prefix.Span[..n].CopyTo(buffer);
            prefix = prefix[n..];
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (prefix.IsEmpty)
            {
                return inner.ReadAsync(buffer, cancellationToken);
            }

            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
