namespace Connectors.TestUtilities;

/// <summary>Readable test data.</summary>
public static class Some
{
    private static int counter;

    /// <summary>A unique string with a prefix.</summary>
    public static string String(string prefix = "s") => $"{prefix}-{Interlocked.Increment(ref counter)}";
}
