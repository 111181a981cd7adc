using Connectors.Internal;

namespace Connectors.Core.Tests.Http;

public sealed class TimeoutSourcesTests
{
    [Fact]
    public async Task ALease_IsCancelledWhenItsTimeoutPasses()
    {
        using var lease = TimeoutScope.Start(TimeSpan.FromMilliseconds(1), CancellationToken.None, TimeProvider.System);

        // Waits for the cancellation itself (an event), with a bound only so that a broken timer fails the test.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.Infinite, lease.Token).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(lease.IsCancellationRequested);
    }

    [Fact]
    public void ALease_IsCancelledWithTheCallersToken()
    {
        using var caller = new CancellationTokenSource();
        using var lease = TimeoutScope.Start(TimeSpan.FromHours(1), caller.Token, TimeProvider.System);
        Assert.False(lease.IsCancellationRequested);

        caller.Cancel();

        Assert.True(lease.IsCancellationRequested);
    }

    [Fact]
    public void AReturnedSource_IsNoLongerLinkedToTheFirstCaller()
    {
        using var first = new CancellationTokenSource();
        var firstLease = TimeoutScope.Start(TimeSpan.FromHours(1), first.Token, TimeProvider.System);
        firstLease.Dispose();

        // The next lease may be the same source, reset: neither the first caller nor its armed timer may reach it.
        using var next = TimeoutScope.Start(TimeSpan.FromHours(1), CancellationToken.None, TimeProvider.System);
        first.Cancel();

        Assert.False(next.IsCancellationRequested);
        Assert.False(next.Token.IsCancellationRequested);
    }

    [Fact]
    public void ACancelledSource_IsNotReused()
    {
        using var caller = new CancellationTokenSource();
        var lease = TimeoutScope.Start(TimeSpan.FromHours(1), caller.Token, TimeProvider.System);
        caller.Cancel();
        lease.Dispose();

        for (var i = 0; i < TimeoutSources.MaxIdle + 1; i++)
        {
            using var next = TimeoutScope.Start(TimeSpan.FromHours(1), CancellationToken.None, TimeProvider.System);
            Assert.False(next.IsCancellationRequested);
        }
    }

    [Fact]
    public void IdleSources_AreBounded()
    {
        var leases = Enumerable.Range(0, TimeoutSources.MaxIdle + 50)
            .Select(_ => TimeoutScope.Start(TimeSpan.FromHours(1), CancellationToken.None, TimeProvider.System)).ToList();
        foreach (var lease in leases)
        {
            lease.Dispose();
        }

        Assert.InRange(TimeoutSources.IdleCount, 1, TimeoutSources.MaxIdle);
    }
}

public sealed class CoarseTimeoutTests : IClassFixture<CoarseTimeoutTests.SharedTimeouts>
{
    /// <summary>
    /// Makes the groups of every timeout these tests share before any of them runs: the groups are process-wide and
    /// bounded, and one test fills the bound on purpose.
    /// </summary>
    public sealed class SharedTimeouts
    {
        public SharedTimeouts()
        {
            foreach (var timeout in new[]
                     {
                         TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(4),
                         TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.25), TimeSpan.FromSeconds(1.5),
                         TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5),
                     })
            {
                Assert.NotNull(CoarseTimeout.For(timeout));
            }
        }
    }

    private static TimeoutScope StartCoarse(TimeSpan timeout, CancellationToken linkedTo, TimeProvider? clock = null)
    {
        CoarseTimeout? cache = null;
        return TimeoutScope.StartCoarse(timeout, linkedTo, clock ?? TimeProvider.System, ref cache);
    }

    [Fact]
    public void WithoutACallerToken_CallsInOneWindowShareOneSource()
    {
        // A window of 1 s for an hour's timeout: two calls a moment apart land in the same one (once in a great while
        // a window ends between them, so a few tries).
        var shared = false;
        for (var attempt = 0; attempt < 3 && !shared; attempt++)
        {
            var first = StartCoarse(TimeSpan.FromHours(1), CancellationToken.None);
            var second = StartCoarse(TimeSpan.FromHours(1), CancellationToken.None);
            Assert.True(first.IsShared);
            Assert.True(second.IsShared);
            shared = first.Token == second.Token;
            first.Dispose();
            second.Dispose();
        }

        Assert.True(shared);
    }

    [Fact]
    public void ReleasingASharedScope_LeavesItsSourceToTheOtherCalls()
    {
        var scope = StartCoarse(TimeSpan.FromHours(2), CancellationToken.None);
        var token = scope.Token;

        scope.Release(reuse: false);

        Assert.False(token.IsCancellationRequested);
        using var registration = token.Register(() => { });
        Assert.True(token.CanBeCanceled);
    }

    [Fact]
    public async Task ASharedScope_IsCancelledNoEarlierThanItsTimeout()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var scope = StartCoarse(TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.True(scope.IsShared);

        // Waits for the cancellation itself (an event), bounded only so that a broken timer fails the test.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.Infinite, scope.Token).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(1), $"fired after {started.Elapsed}");
    }

    [Fact]
    public async Task AScopeLinkedToASharedScope_IsSharedAndCancelledWithIt()
    {
        using var execution = StartCoarse(TimeSpan.FromSeconds(1.5), CancellationToken.None);
        using var hop = StartCoarse(TimeSpan.FromHours(3), execution.Token);
        using var sameHop = StartCoarse(TimeSpan.FromHours(3), execution.Token);
        Assert.True(hop.IsShared);
        Assert.NotEqual(execution.Token, hop.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.Infinite, execution.Token).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.True(hop.IsCancellationRequested);
        Assert.True(sameHop.IsCancellationRequested);
    }

    [Fact]
    public async Task AShorterScopeLinkedToASharedScope_FiresWithoutTheOuterOne()
    {
        using var execution = StartCoarse(TimeSpan.FromHours(4), CancellationToken.None);
        using var hop = StartCoarse(TimeSpan.FromSeconds(1.25), execution.Token);
        Assert.True(hop.IsShared);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.Infinite, hop.Token).WaitAsync(TimeSpan.FromSeconds(30)));

        // What tells a hop's timeout from the execution's: the outer token is still live.
        Assert.False(execution.IsCancellationRequested);
    }

    [Fact]
    public void WithTheCallersOwnToken_TheScopeIsItsOwnAndFollowsTheCaller()
    {
        using var caller = new CancellationTokenSource();
        using var scope = StartCoarse(TimeSpan.FromHours(1), caller.Token);
        Assert.False(scope.IsShared);

        caller.Cancel();

        Assert.True(scope.IsCancellationRequested);
    }

    [Fact]
    public void AShortTimeoutOrAnotherClock_GetsAScopeOfItsOwn()
    {
        using var shortOne = StartCoarse(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        using var faked = StartCoarse(TimeSpan.FromHours(1), CancellationToken.None, new Microsoft.Extensions.Time.Testing.FakeTimeProvider());
        using var infinite = StartCoarse(Timeout.InfiniteTimeSpan, CancellationToken.None);

        Assert.False(shortOne.IsShared);
        Assert.False(faked.IsShared);
        Assert.False(infinite.IsShared);
    }

    [Fact]
    public void TheWindow_IsASixtyFourthOfTheTimeout_Between16MillisecondsAndASecond()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(16), CoarseTimeout.For(TimeSpan.FromSeconds(1))!.Granularity);
        Assert.Equal(TimeSpan.FromMilliseconds(937), CoarseTimeout.For(TimeSpan.FromSeconds(60))!.Granularity);
        Assert.Equal(TimeSpan.FromSeconds(1), CoarseTimeout.For(TimeSpan.FromMinutes(5))!.Granularity);
    }

    [Fact]
    public void ManyDistinctTimeouts_BeyondTheBound_GetScopesOfTheirOwn()
    {
        // Per-request timeouts a caller varies (milliseconds apart) must not grow the shared groups without end.
        var scopes = Enumerable.Range(0, CoarseTimeout.MaxGroups + 10)
            .Select(i => StartCoarse(TimeSpan.FromSeconds(7) + TimeSpan.FromMilliseconds(i + 1), CancellationToken.None))
            .ToList();

        Assert.Contains(scopes, s => !s.IsShared);
        Assert.True(scopes.Count(s => s.IsShared) <= CoarseTimeout.MaxGroups);
        foreach (var scope in scopes)
        {
            Assert.False(scope.IsCancellationRequested);
            scope.Dispose();
        }

        // A timeout already shared stays shared.
        using var known = StartCoarse(TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.True(known.IsShared);
    }
}
