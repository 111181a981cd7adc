namespace Connectors.Templating.Internal;

/// <summary>
/// Ordinal string equality with a hash over the length and at most the first and last 64 characters, so
/// looking up a long template does not hash all of it. Collisions only cost a full comparison, and the
/// caches that use this comparer are bounded.
/// </summary>
internal sealed class SampledStringComparer : IEqualityComparer<string>
{
    public static readonly SampledStringComparer Instance = new();

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string obj)
    {
        var span = obj.AsSpan();
        if (span.Length <= 128)
        {
            return string.GetHashCode(span, StringComparison.Ordinal);
        }

        return HashCode.Combine(span.Length, string.GetHashCode(span[..64], StringComparison.Ordinal), string.GetHashCode(span[^64..], StringComparison.Ordinal));
    }
}
