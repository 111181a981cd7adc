using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Connectors.Internal;

/// <summary>
/// <c>JsonSerializer.Deserialize(JsonNode, JsonTypeInfo)</c> (which writes the node out and reads it back) with the
/// writer and its buffer kept per thread instead of created on every call.
/// </summary>
internal static class NodeReader
{
    private const int MaxKeptBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? cachedBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? cachedWriter;

    public static T? Deserialize<T>(JsonNode node, JsonTypeInfo<T> typeInfo) => (T?)Deserialize(node, (JsonTypeInfo)typeInfo);

    public static object? Deserialize(JsonNode node, JsonTypeInfo typeInfo)
    {
        // Taken out while in use, so that a nested call (a converter binding again) gets its own.
        var buffer = cachedBuffer ?? new ArrayBufferWriter<byte>(512);
        var writer = cachedWriter;
        cachedBuffer = null;
        cachedWriter = null;
        buffer.ResetWrittenCount();
        var options = typeInfo.Options;
        var maxDepth = options.MaxDepth == 0 ? 64 : options.MaxDepth;
        if (writer is null || writer.Options.Encoder != options.Encoder || writer.Options.MaxDepth != maxDepth)
        {
            // As the serializer's own node reading: the options' encoder and depth limit.
            writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, MaxDepth = maxDepth, SkipValidation = true });
        }
        else
        {
            writer.Reset(buffer);
        }

        try
        {
            node.WriteTo(writer, options);
            writer.Flush();
            return JsonSerializer.Deserialize(buffer.WrittenSpan, typeInfo);
        }
        finally
        {
            if (buffer.Capacity <= MaxKeptBytes)
            {
                cachedBuffer = buffer;
                cachedWriter = writer;
            }
        }
    }
}
