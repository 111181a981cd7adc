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
