using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Internal;

/// <summary>
/// A node's JSON as UTF-8 bytes, the same bytes as <c>Encoding.UTF8.GetBytes(node.ToJsonString(options))</c>, written
/// through a writer and buffer kept per thread: one array per call, the result.
/// </summary>
internal static class JsonBytes
{
    private const int MaxKeptBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? cachedBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? cachedWriter;

    [ThreadStatic]
    private static JsonSerializerOptions? cachedOptions;

    public static byte[] Of(JsonNode node, JsonSerializerOptions options) =>
        Write((node, options), static (writer, state) => state.node.WriteTo(writer, state.options), options);

    /// <summary>What <paramref name="write"/> writes, as UTF-8 bytes, with a writer set up as <paramref name="options"/> say.</summary>
    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write, JsonSerializerOptions options)
    {
        var buffer = cachedBuffer ?? new ArrayBufferWriter<byte>(512);
        var writer = cachedWriter;
        var writerOptions = cachedOptions;
        cachedBuffer = null;
        cachedWriter = null;
        buffer.ResetWrittenCount();
        if (writer is null || !ReferenceEquals(writerOptions, options))
        {
            writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
            {
                Encoder = options.Encoder,
                Indented = options.WriteIndented,
                IndentCharacter = options.IndentCharacter,
                IndentSize = options.IndentSize,
                NewLine = options.NewLine,
                MaxDepth = options.MaxDepth == 0 ? 64 : options.MaxDepth,
            });
        }
        else
        {
            writer.Reset(buffer);
        }

        try
        {
            write(writer, state);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity <= MaxKeptBytes)
            {
                cachedBuffer = buffer;
                cachedWriter = writer;
                cachedOptions = options;
            }
        }
    }
}
