using System.Runtime.CompilerServices;

namespace Connectors;

/// <summary>
/// A streamed response (an LLM's <c>invokeStream</c>, Kibana's <c>Readable</c> result data), read once with
/// <c>await foreach</c>. The execution is recorded in the event log, with its token usage, when the stream ends or
/// is disposed. Dispose it when you stop reading early, so the connection is released.
/// </summary>
public sealed class ConnectorStream : IAsyncEnumerable<ConnectorStreamChunk>, IAsyncDisposable
{
    private readonly IAsyncEnumerable<ConnectorStreamChunk> chunks;
    private readonly IAsyncDisposable? owner;
    private Action<ConnectorStream, Exception?>? completed;
    private int enumerated;
    private readonly Lock gate = new();
    private bool finished;
    private Exception? finishError;

    /// <summary>Creates a stream over <paramref name="chunks"/>.</summary>
    /// <param name="chunks">The chunks, read once.</param>
    /// <param name="contentType">The media type of the raw bytes (<c>text/event-stream</c>, <c>application/vnd.amazon.eventstream</c>).</param>
    /// <param name="owner">Disposed with the stream (for example the HTTP response).</param>
    public ConnectorStream(IAsyncEnumerable<ConnectorStreamChunk> chunks, string contentType, IAsyncDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        this.chunks = chunks;
        this.owner = owner;
        ContentType = contentType;
    }

    /// <summary>The media type of the chunks' raw bytes.</summary>
    public string ContentType { get; }

    /// <summary>
    /// The token usage reported by the chunks (the last chunk that carried one), known once the stream has been read
    /// to the end; <see langword="null"/> when the service reported none.
    /// </summary>
    public TokenUsage? Usage { get; private set; }

    /// <summary>Whether the stream has been read to its end.</summary>
    public bool IsCompleted { get; private set; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The stream is being or has been read already.</exception>
    public IAsyncEnumerator<ConnectorStreamChunk> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref enumerated, 1) != 0)
        {
            throw new InvalidOperationException("A connector stream can be read only once.");
        }

        return ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
    }

    /// <summary>Releases the underlying response and records the execution if that has not happened yet.</summary>
    /// <returns>A task that completes when the stream is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (owner is not null)
        {
            await owner.DisposeAsync().ConfigureAwait(false);
        }

        Finish(null);
    }

    /// <summary>Registers the callback the pipeline records the execution with; runs at once if already finished.</summary>
    internal void OnFinished(Action<ConnectorStream, Exception?> callback)
    {
        bool runNow;
        lock (gate)
        {
            completed = callback;
            runNow = finished;
        }

        if (runNow)
        {
            callback(this, finishError);
        }
    }

    private async IAsyncEnumerable<ConnectorStreamChunk> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = chunks.GetAsyncEnumerator(cancellationToken);
        await using var _ = enumerator.ConfigureAwait(false);
        try
        {
            while (true)
            {
                ConnectorStreamChunk chunk;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    chunk = enumerator.Current;
                }
                catch (Exception ex)
                {
                    Finish(ex);
                    throw;
                }

                if (chunk.Usage is { } usage)
                {
                    Usage = usage;
                }

                yield return chunk;
            }

            IsCompleted = true;
        }
        finally
        {
            // Read to the end, or the reader stopped early (break, dispose of the enumerator): release the response.
            if (owner is not null)
            {
                await owner.DisposeAsync().ConfigureAwait(false);
            }

            Finish(null);
        }
    }

    private void Finish(Exception? error)
    {
        Action<ConnectorStream, Exception?>? callback;
        lock (gate)
        {
            if (finished)
            {
                return;
            }

            finished = true;
            finishError = error;
            callback = completed;
        }

        callback?.Invoke(this, error);
    }
}
