using System.Collections.Concurrent;

namespace Connectors.Internal;

/// <summary>
/// Reused cancellation sources for the timeouts on the system clock (a hop's response timeout, an execution's timeout):
/// a <see cref="TimeoutScope"/> takes one, arms it with the timeout, links it to the caller's token with one
/// registration, and gives it back when it ends. A source that was reset (<see cref="CancellationTokenSource.TryReset"/>)
/// keeps its timer, so a scope allocates neither a source nor a timer (a linked source with
/// <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> allocated both every time). A source that was cancelled
/// (the timeout fired, or the caller cancelled) is disposed, not reused.
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

    /// <summary>An idle source, or a new one.</summary>
    public static CancellationTokenSource Take()
    {
        if (Idle.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref idleCount);
            return source;
        }

        return new CancellationTokenSource();
    }

    /// <summary>Keeps <paramref name="source"/> for reuse when it resets and there is room; disposes it otherwise.</summary>
    public static void Return(CancellationTokenSource source)
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
}

/// <summary>
/// A timeout linked to a caller's token: on the system clock a reused <see cref="TimeoutSources"/> source; with another
/// <see cref="TimeProvider"/> (tests), a timer of that provider linked with the caller's token.
/// </summary>
internal readonly struct TimeoutScope : IDisposable
{
    private readonly CancellationTokenSource source;
    private readonly CancellationTokenRegistration registration;
    private readonly CancellationTokenSource? timer;

    private TimeoutScope(CancellationTokenSource source, CancellationTokenRegistration registration, CancellationTokenSource? timer)
    {
        this.source = source;
        this.registration = registration;
        this.timer = timer;
    }

    public CancellationToken Token => source.Token;

    public bool IsCancellationRequested => source.IsCancellationRequested;

    /// <summary>A scope cancelled after <paramref name="timeout"/>, or as soon as <paramref name="linkedTo"/> is cancelled.</summary>
    public static TimeoutScope Start(TimeSpan timeout, CancellationToken linkedTo, TimeProvider timeProvider)
    {
        if (timeProvider != TimeProvider.System)
        {
            var timer = new CancellationTokenSource(timeout, timeProvider);
            return new TimeoutScope(CancellationTokenSource.CreateLinkedTokenSource(linkedTo, timer.Token), default, timer);
        }

        var source = TimeoutSources.Take();
        source.CancelAfter(timeout);
        var registration = linkedTo.CanBeCanceled
            ? linkedTo.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), source)
            : default;
        return new TimeoutScope(source, registration, null);
    }

    public void Dispose() => Release(reuse: true);

    /// <summary>Ends the scope; with <paramref name="reuse"/> false the source is disposed, not reused (its token may outlive the scope).</summary>
    public void Release(bool reuse)
    {
        // Waits for a cancellation callback that is running, so that the source is not reset under it.
        registration.Dispose();
        if (timer is null && reuse)
        {
            TimeoutSources.Return(source);
            return;
        }

        source.Dispose();
        timer?.Dispose();
    }
}
