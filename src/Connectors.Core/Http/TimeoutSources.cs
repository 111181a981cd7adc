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

        public void Dispose() => Release(reuse: true);

        /// <summary>Unlinks the source; gives it back when <paramref name="reuse"/>, or disposes it (its token may still be in use).</summary>
        public void Release(bool reuse)
        {
            // Waits for a cancellation callback that is running, so that the source is not reset under it.
            registration.Dispose();
            if (reuse)
            {
                Return(source);
            }
            else
            {
                source.Dispose();
            }
        }
    }
}

/// <summary>
/// A timeout linked to a caller's token: on the system clock a rented <see cref="TimeoutSources"/> source; with another
/// <see cref="TimeProvider"/> (tests), a timer of that provider linked with the caller's token.
/// </summary>
internal readonly struct TimeoutScope : IDisposable
{
    private readonly TimeoutSources.Lease lease;
    private readonly CancellationTokenSource? linked;
    private readonly CancellationTokenSource? timer;

    private TimeoutScope(TimeoutSources.Lease lease) => this.lease = lease;

    private TimeoutScope(CancellationTokenSource timer, CancellationTokenSource linked)
    {
        this.timer = timer;
        this.linked = linked;
    }

    public CancellationToken Token => linked?.Token ?? lease.Token;

    public bool IsCancellationRequested => linked?.IsCancellationRequested ?? lease.IsCancellationRequested;

    public static TimeoutScope Start(TimeSpan timeout, CancellationToken linkedTo, TimeProvider timeProvider)
    {
        if (timeProvider == TimeProvider.System)
        {
            return new TimeoutScope(TimeoutSources.Rent(timeout, linkedTo));
        }

        var timer = new CancellationTokenSource(timeout, timeProvider);
        return new TimeoutScope(timer, CancellationTokenSource.CreateLinkedTokenSource(linkedTo, timer.Token));
    }

    public void Dispose() => Release(reuse: true);

    /// <summary>Ends the scope; with <paramref name="reuse"/> false the source is disposed, not reused (its token may outlive the scope).</summary>
    public void Release(bool reuse)
    {
        if (linked is null)
        {
            lease.Release(reuse);
            return;
        }

        linked.Dispose();
        timer!.Dispose();
    }
}
