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
/// A timeout linked to a caller's token: on the system clock a reused <see cref="TimeoutSources"/> source, or with
/// <see cref="StartCoarse"/> a source shared by the calls that start in the same short window (<see cref="CoarseTimeout"/>);
/// with another <see cref="TimeProvider"/> (tests), a timer of that provider linked with the caller's token.
/// </summary>
internal readonly struct TimeoutScope : IDisposable
{
    private readonly CancellationTokenSource source;
    private readonly CancellationTokenRegistration registration;
    private readonly CancellationTokenSource? timer;
    private readonly bool shared;

    private TimeoutScope(CancellationTokenSource source, CancellationTokenRegistration registration, CancellationTokenSource? timer, bool shared = false)
    {
        this.source = source;
        this.registration = registration;
        this.timer = timer;
        this.shared = shared;
    }

    public CancellationToken Token => source.Token;

    public bool IsCancellationRequested => source.IsCancellationRequested;

    /// <summary>Whether the scope's source is shared with other calls (for tests).</summary>
    internal bool IsShared => shared;

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

    /// <summary>
    /// As <see cref="Start"/>, but on the system clock, for a timeout of at least <see cref="CoarseTimeout.MinimumTimeout"/>
    /// and a caller's token that cannot be cancelled or is itself a coarse timeout's, a source shared with the calls
    /// that start in the same window: no source, timer or registration of its own. It is cancelled at least
    /// <paramref name="timeout"/> after the call starts and at most <see cref="CoarseTimeout.Granularity"/> (and a
    /// clock tick) later.
    /// </summary>
    /// <param name="timeout">The timeout.</param>
    /// <param name="linkedTo">The caller's token.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="coarse">The caller's cache of the coarse timeout for <paramref name="timeout"/> (updated when the timeout changes).</param>
    public static TimeoutScope StartCoarse(TimeSpan timeout, CancellationToken linkedTo, TimeProvider timeProvider, ref CoarseTimeout? coarse)
    {
        if (timeProvider == TimeProvider.System && timeout >= CoarseTimeout.MinimumTimeout && timeout <= CoarseTimeout.MaximumTimeout)
        {
            var group = coarse;
            if (group is null || group.Timeout != timeout)
            {
                group = CoarseTimeout.For(timeout);
                if (group is not null)
                {
                    coarse = group;
                }
            }

            if (group?.TryGet(linkedTo) is { } sharedSource)
            {
                return new TimeoutScope(sharedSource, default, null, shared: true);
            }
        }

        return Start(timeout, linkedTo, timeProvider);
    }

    public void Dispose() => Release(reuse: true);

    /// <summary>Ends the scope; with <paramref name="reuse"/> false the source is disposed, not reused (its token may outlive the scope).</summary>
    public void Release(bool reuse)
    {
        if (shared)
        {
            // Other calls use the source; it ends when its timer fires.
            return;
        }

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

/// <summary>
/// A timeout on the system clock shared by the calls that start within the same window of
/// <see cref="Granularity"/> (1/64 of the timeout, between 16 ms and 1 s): one source per window, cancelled by its own
/// timer once the timeout has passed for the last call that could have started in the window. A call takes the
/// current window's source with a clock read and a comparison; it allocates nothing and arms and resets no timer,
/// which a source per call (even a reused one) does, at the cost of firing up to a window (and a clock tick) late:
/// at most 1 s late for the 60 s response timeout and the 5-minute execution timeout.
/// </summary>
/// <remarks>
/// A call whose own token can be cancelled needs its timeout linked to that token. When that token is another coarse
/// timeout's (a hop of an execution: the execution's timeout), the source linked to both is shared as well, made once
/// per pair of windows. Any other token (a caller's own) is left to <see cref="TimeoutScope.Start"/>.
/// Sources are never reset or reused: a window's source lives until its timer fires, and then until the last call
/// holding its token lets go of it.
/// </remarks>
internal sealed class CoarseTimeout
{
    /// <summary>Timeouts shorter than this are precise (a source per call).</summary>
    internal static readonly TimeSpan MinimumTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Timeouts longer than this are left to a source per call (a timer's longest wait is about 49 days).</summary>
    internal static readonly TimeSpan MaximumTimeout = TimeSpan.FromDays(1);

    /// <summary>How much later than the timeout a source may fire beyond its window, for the clock's resolution.</summary>
    private const long ClockSlackMs = 20;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<TimeSpan, CoarseTimeout> Groups = new();
    private static CoarseTimeout[] all = [];

    private readonly Lock gate = new();
    private readonly long windowMs;
    private volatile Window? current;
    private volatile Window? previous;
    private volatile Pair? lastPair;

    private CoarseTimeout(TimeSpan timeout)
    {
        Timeout = timeout;
        windowMs = Math.Clamp((long)timeout.TotalMilliseconds / 64, 16, 1000);
    }

    /// <summary>The timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The window whose calls share a source.</summary>
    public TimeSpan Granularity => TimeSpan.FromMilliseconds(windowMs);

    /// <summary>
    /// At most this many timeouts are shared (a group each, kept for the life of the process): the configured ones and a
    /// few per-request ones. Further distinct values (a caller choosing a timeout per request) get a source per call.
    /// </summary>
    internal const int MaxGroups = 32;

    /// <summary>The shared timeout for <paramref name="timeout"/>; <see langword="null"/> once <see cref="MaxGroups"/> other timeouts are shared.</summary>
    public static CoarseTimeout? For(TimeSpan timeout)
    {
        if (Groups.TryGetValue(timeout, out var group))
        {
            return group;
        }

        lock (Groups)
        {
            if (!Groups.ContainsKey(timeout) && Groups.Count >= MaxGroups)
            {
                return null;
            }

            group = Groups.GetOrAdd(timeout, static t => new CoarseTimeout(t));
            if (Array.IndexOf(all, group) < 0)
            {
                Volatile.Write(ref all, [.. all, group]);
            }

            return group;
        }
    }

    /// <summary>
    /// The shared source for a call starting now, linked to <paramref name="linkedTo"/>; <see langword="null"/> when
    /// <paramref name="linkedTo"/> can be cancelled and is not a coarse timeout's current or previous window.
    /// </summary>
    public CancellationTokenSource? TryGet(CancellationToken linkedTo)
    {
        var window = CurrentWindow();
        if (!linkedTo.CanBeCanceled)
        {
            return window.Source;
        }

        var pair = lastPair;
        if (pair is not null && ReferenceEquals(pair.Window, window) && pair.Outer == linkedTo)
        {
            return pair.Linked;
        }

        return IsWindowToken(linkedTo) ? Link(window, linkedTo) : null;
    }

    private Window CurrentWindow()
    {
        var window = current;
        var now = Environment.TickCount64;
        return window is not null && now < window.EndsAt ? window : Rotate();
    }

    private Window Rotate()
    {
        lock (gate)
        {
            var now = Environment.TickCount64;
            var window = current;
            if (window is not null && now < window.EndsAt)
            {
                return window;
            }

            // A call that starts in [now, now + window) has its full timeout before this fires.
            var source = new CancellationTokenSource();
            source.CancelAfter(Timeout + TimeSpan.FromMilliseconds(windowMs + ClockSlackMs));
            previous = window;
            current = window = new Window(source, now + windowMs);
            return window;
        }
    }

    private CancellationTokenSource Link(Window window, CancellationToken outer)
    {
        lock (gate)
        {
            var pair = lastPair;
            if (pair is not null && ReferenceEquals(pair.Window, window) && pair.Outer == outer)
            {
                return pair.Linked;
            }

            var linked = CancellationTokenSource.CreateLinkedTokenSource(outer, window.Source.Token);
            lastPair = new Pair(window, outer, linked);
            return linked;
        }
    }

    /// <summary>Whether <paramref name="token"/> is the current or previous window's of a coarse timeout.</summary>
    private static bool IsWindowToken(CancellationToken token)
    {
        foreach (var group in Volatile.Read(ref all))
        {
            if (group.current?.Source.Token == token || group.previous?.Source.Token == token)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A window's shared source, and when the window ends (<see cref="Environment.TickCount64"/>).</summary>
    private sealed class Window(CancellationTokenSource source, long endsAt)
    {
        public CancellationTokenSource Source { get; } = source;

        public long EndsAt { get; } = endsAt;
    }

    /// <summary>The source linked to a window and to another coarse timeout's token.</summary>
    private sealed class Pair(Window window, CancellationToken outer, CancellationTokenSource linked)
    {
        public Window Window { get; } = window;

        public CancellationToken Outer { get; } = outer;

        public CancellationTokenSource Linked { get; } = linked;
    }
}
