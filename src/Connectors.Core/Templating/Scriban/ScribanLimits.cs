namespace Connectors.Templating.Internal;

/// <summary>The resource limits of one Scriban render; exceeding one is a <see cref="ScribanTemplateException"/>.</summary>
/// <param name="LoopLimit">Iterations allowed across nested loops; the default is 1000; 0 turns the check off.</param>
/// <param name="RecursiveLimit">Nested function calls allowed; the default is 64; 0 turns the check off.</param>
/// <param name="OutputLimit">Characters of output (and of any single value converted to text); the default is 1 MiB; 0 turns the check off.</param>
internal sealed record ScribanLimits(int LoopLimit = 1000, int RecursiveLimit = 64, int OutputLimit = 1024 * 1024)
{
    /// <summary>The default limits.</summary>
    internal static ScribanLimits Default { get; } = new();
}
