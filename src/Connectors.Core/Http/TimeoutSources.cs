using System.Collections.Concurrent;

namespace Connectors.Internal;

/// <summary>
/// Reused cancellation sources for the per-hop response timeout on the system clock: a hop rents one, arms it with the
/// timeout, links it to the caller's token with one registration, and gives it back when its exchange is over. A source
/// that was reset (<see cref="CancellationTokenSource.TryReset"/>) keeps its timer, so a hop allocates neither a source
/// nor a timer (a linked source with <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> allocated both every
/// time). A source that was cancelled (the timeout fired, or the caller cancelled) is disposed, not reused.
/// </summary>
/// <remarks>
/// Giving a source back is only sound once nothing uses its token any more: the hop hands it to the inner handlers and
/// to the buffering of the answer, all finished (and their registrations disposed) when the hop returns. A registration
/// left behind by mistake is dropped by the reset, as the reset documents.
/// </remarks>
internal static class TimeoutSources
{
    /// <summary>At most this many idle sources are kept (about the number of hops in flight at once).</summary>
    internal const int MaxIdle = 256;

    private static readonly ConcurrentQueue<CancellationTokenSource> Idle = new();
    private static int idleCount;

    /// <summary>Idle sources kept now (for tests).</summary>
    internal static int IdleCount => Volatile.Read(ref idleCount);

    /// <summary>A source that cancels after <paramref name="timeout"/>, or as soon as <paramref name="linkedTo"/> is cancelled.</summary>
    public static Lease Rent(TimeSpan timeout, CancellationToken linkedTo)
    {
        if (Idle.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref idleCount);
        }
        else
        {
            source = new CancellationTokenSource();
        }

        source.CancelAfter(timeout);
        var registration = linkedTo.CanBeCanceled
            ? linkedTo.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), source)
            : default;
        return new Lease(source, registration);
    }

    private static void Return(CancellationTokenSource source)
    {
        if (source.TryReset())
        {
            if (Interlocked.Increment(ref idleCount) <= MaxIdle)
            {
                Idle.Enqueue(source);
                return;
            }

            Interlocked.Decrement(ref idleCount);
        }

        source.Dispose();
    }

    /// <summary>A rented source; disposing it unlinks it from the caller's token and gives it back.</summary>
    public readonly struct Lease(CancellationTokenSource source, CancellationTokenRegistration registration) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public bool IsCancellationRequested => source.IsCancellationRequested;

        public void Dispose()
        {
            // Waits for a cancellation callback that is running, so that the source is not reset under it.
            registration.Dispose();
            Return(source);
        }
    }
}
