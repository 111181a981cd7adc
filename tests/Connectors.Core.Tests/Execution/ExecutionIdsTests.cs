using System.Text.RegularExpressions;
using Connectors.Internal;

namespace Connectors.Core.Tests.Execution;

public sealed partial class ExecutionIdsTests
{
    [Fact]
    public void Next_TenThousandIds_AllVersion4UuidsAndDistinct()
    {
        // More than one refill of the per-thread random buffer (256 ids each).
        var ids = Enumerable.Range(0, 10_000).Select(_ => ExecutionIds.Next()).ToList();

        Assert.All(ids, id => Assert.Matches(UuidV4(), id.Text));
        Assert.All(ids, id => Assert.Equal(id.Value.ToString(), id.Text));
        Assert.Equal(ids.Count, ids.Select(id => id.Text).Distinct().Count());
    }

    [Fact]
    public async Task Next_OnSeveralThreads_Distinct()
    {
        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enumerable.Range(0, 1_000).Select(_ => ExecutionIds.Next().Text).ToList())));

        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(8_000, all.Distinct().Count());
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidV4();
}
