using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>Samples allocations (the runtime's AllocationTick, one per ~100 KB) by type, for finding what a hot path allocates.</summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, int> byType = new();

    public void Print(int top = 25)
    {
        var total = byType.Values.Sum();
        foreach (var (type, count) in byType.OrderByDescending(p => p.Value).Take(top))
        {
            Console.WriteLine($"  {100.0 * count / total,5:F1}%  {type}");
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && eventData.Payload is { } payload)
        {
            var index = eventData.PayloadNames!.IndexOf("TypeName");
            if (index >= 0 && payload[index] is string type)
            {
                byType.AddOrUpdate(type, 1, (_, c) => c + 1);
            }
        }
    }
}
