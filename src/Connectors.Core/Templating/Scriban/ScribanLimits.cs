namespace Connectors.Templating.Internal;

/// <summary>The resource limits of one Scriban render.</summary>
/// <param name="LoopLimit">Iterations allowed across nested loops; the default is 1000.</param>
/// <param name="RecursiveLimit">Nested function calls allowed; the default is 64.</param>
/// <param name="OutputLimit">Characters of output (and of any single value converted to text); the default is 1 MiB.</param>
internal sealed record ScribanLimits(int LoopLimit = 1000, int RecursiveLimit = 64, int OutputLimit = 1024 * 1024)
{
    /// <summary>The default limits.</summary>
    internal static ScribanLimits Default { get; } = new();
}
