using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Connectors.Internal;

/// <summary>
/// What a connector's request body is written through: names encoded once, values as strings or nodes. A type writes
/// its body once, generic over the writer, and gets it two ways: <see cref="PlainJsonWriter"/> for the usual body
/// (straight into an array, no <see cref="Utf8JsonWriter"/>), and <see cref="Utf8JsonBodyWriter"/> for the rest.
/// </summary>
internal interface IJsonBodyWriter
{
    void WriteStartObject();

    void WriteStartObject(JsonEncodedText name);

    void WriteEndObject();

    void WriteStartArray(JsonEncodedText name);

    void WriteEndArray();

    void WriteString(JsonEncodedText name, string value);

    void WriteString(JsonEncodedText name, JsonEncodedText value);

    /// <summary>A node (or <c>null</c>) as the member <paramref name="name"/>.</summary>
    void WriteNode(JsonEncodedText name, JsonNode? value);
}

/// <summary>An <see cref="IJsonBodyWriter"/> over a <see cref="Utf8JsonWriter"/>: any body, escaped as its options say.</summary>
internal readonly struct Utf8JsonBodyWriter(Utf8JsonWriter writer, JsonSerializerOptions options) : IJsonBodyWriter
{
    public void WriteStartObject() => writer.WriteStartObject();

    public void WriteStartObject(JsonEncodedText name) => writer.WriteStartObject(name);

    public void WriteEndObject() => writer.WriteEndObject();

    public void WriteStartArray(JsonEncodedText name) => writer.WriteStartArray(name);

    public void WriteEndArray() => writer.WriteEndArray();

    public void WriteString(JsonEncodedText name, string value) => writer.WriteString(name, value);

    public void WriteString(JsonEncodedText name, JsonEncodedText value) => writer.WriteString(name, value);

    public void WriteNode(JsonEncodedText name, JsonNode? value)
    {
        writer.WritePropertyName(name);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer, options);
        }
    }
}

/// <summary>
/// An <see cref="IJsonBodyWriter"/> that writes compact JSON straight into a buffer kept per thread, for a body whose
/// string values all need no escaping under <see cref="JsonOptionsEncoder"/> (the usual alert text): the same bytes
/// <see cref="Utf8JsonWriter"/> writes with that encoder, with none of its per-value work. It gives up (see
/// <see cref="TryToArray"/>) on a value that needs escaping, on text that is not valid UTF-16, on a node, on more
/// nesting than it tracks, or on a body larger than its buffer; the caller then writes the body with
/// <see cref="Utf8JsonBodyWriter"/>.
/// </summary>
internal struct PlainJsonWriter : IJsonBodyWriter
{
    private const int BufferSize = 2048;
    private const int MaxDepth = 62;

    [ThreadStatic]
    private static byte[]? cachedBuffer;

    private readonly byte[] buffer;
    private int length;
    private int depth;

    // Bit d: the container open at depth d already holds a member (the next one needs a comma).
    private ulong hasMember;
    private bool failed;

    private PlainJsonWriter(byte[] buffer)
    {
        this.buffer = buffer;
    }

    /// <summary>The encoder whose escaping the plain values are checked against (the one the other path writes with).</summary>
    public static JavaScriptEncoder JsonOptionsEncoder { get; } = ConnectorTypes.Common.HttpResults.JsonOptions.Encoder ?? JavaScriptEncoder.Default;

    /// <summary>A writer over this thread's buffer.</summary>
    public static PlainJsonWriter Create()
    {
        var buffer = cachedBuffer ?? new byte[BufferSize];
        cachedBuffer = null;
        return new PlainJsonWriter(buffer);
    }

    /// <summary>Whether the whole body was written; the bytes then, as a new array.</summary>
    public readonly bool TryToArray(out byte[] bytes)
    {
        bytes = !failed && depth == 0 ? buffer.AsSpan(0, length).ToArray() : [];
        cachedBuffer = buffer;
        return !failed && depth == 0;
    }

    public void WriteStartObject()
    {
        Separate();
        Open((byte)'{');
    }

    public void WriteStartObject(JsonEncodedText name)
    {
        Name(name);
        Open((byte)'{');
    }

    public void WriteEndObject() => Close((byte)'}');

    public void WriteStartArray(JsonEncodedText name)
    {
        Name(name);
        Open((byte)'[');
    }

    public void WriteEndArray() => Close((byte)']');

    public void WriteString(JsonEncodedText name, string value)
    {
        Name(name);
        Text(value);
    }

    public void WriteString(JsonEncodedText name, JsonEncodedText value)
    {
        Name(name);
        Quoted(value.EncodedUtf8Bytes);
    }

    public void WriteNode(JsonEncodedText name, JsonNode? value) => failed = true;

    private void Separate()
    {
        var bit = 1UL << depth;
        if ((hasMember & bit) != 0)
        {
            Byte((byte)',');
        }

        hasMember |= bit;
    }

    private void Name(JsonEncodedText name)
    {
        Separate();
        Quoted(name.EncodedUtf8Bytes);
        Byte((byte)':');
    }

    private void Open(byte token)
    {
        Byte(token);
        if (depth == MaxDepth)
        {
            failed = true;
            return;
        }

        depth++;
        hasMember &= ~(1UL << depth);
    }

    private void Close(byte token)
    {
        if (depth == 0)
        {
            failed = true;
            return;
        }

        depth--;
        Byte(token);
    }

    private void Quoted(ReadOnlySpan<byte> encoded)
    {
        if (failed || buffer.Length - length < encoded.Length + 2)
        {
            failed = true;
            return;
        }

        buffer[length] = (byte)'"';
        encoded.CopyTo(buffer.AsSpan(length + 1));
        length += encoded.Length + 2;
        buffer[length - 1] = (byte)'"';
    }

    private void Text(string value)
    {
        if (failed || buffer.Length - length < 2)
        {
            failed = true;
            return;
        }

        // UTF-8 without replacing anything (a lone surrogate is the writer's to escape), then the encoder's own check.
        var destination = buffer.AsSpan(length + 1, buffer.Length - length - 2);
        if (Utf8.FromUtf16(value, destination, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done
            || JsonOptionsEncoder.FindFirstCharacterToEncodeUtf8(destination[..written]) >= 0)
        {
            failed = true;
            return;
        }

        buffer[length] = (byte)'"';
        length += written + 2;
        buffer[length - 1] = (byte)'"';
    }

    private void Byte(byte value)
    {
        if (failed || length == buffer.Length)
        {
            failed = true;
            return;
        }

        buffer[length++] = value;
    }
}
