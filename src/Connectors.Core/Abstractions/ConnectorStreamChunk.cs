using System.Text.Json.Nodes;

namespace Connectors;

/// <summary>
/// One event of a streamed response: a server-sent event, or one frame of an AWS event stream.
/// </summary>
public sealed record ConnectorStreamChunk
{
    /// <summary>The event's bytes exactly as the service sent them (an SSE event with its blank line, one binary frame).</summary>
    public ReadOnlyMemory<byte> Raw { get; init; }

    /// <summary>The event name (SSE <c>event:</c>, event-stream <c>:event-type</c>), if any.</summary>
    public string? Event { get; init; }

    /// <summary>The event's payload as text (the SSE <c>data:</c> lines joined, the frame's payload), if any.</summary>
    public string? Payload { get; init; }

    /// <summary>The payload parsed as JSON when it is JSON; otherwise <see langword="null"/>.</summary>
    public JsonNode? Json { get; init; }

    /// <summary>The text the model generated in this chunk (the content delta), when the connector type knows where it is.</summary>
    public string? Content { get; init; }

    /// <summary>Token usage carried by this chunk (usually the last one), if any.</summary>
    public TokenUsage? Usage { get; init; }
}
