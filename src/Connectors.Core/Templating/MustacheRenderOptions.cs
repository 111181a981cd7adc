namespace Connectors.Templating;

/// <summary>Options for <see cref="MustacheTemplate.Render(object?, MustacheRenderOptions?)"/>.</summary>
public sealed class MustacheRenderOptions
{
    /// <summary>The default options: HTML escaping, Mustache-spec semantics.</summary>
    internal static readonly MustacheRenderOptions Default = new();

    /// <summary>Gets or sets the escaping applied to escaped variable tags (<c>{{x}}</c>).</summary>
    /// <value>The default value is <see cref="MustacheEscape.Html"/>.</value>
    public MustacheEscape Escape { get; set; } = MustacheEscape.Html;

    /// <summary>Gets or sets the partial templates by name, used by <c>{{&gt;name}}</c> and <c>{{&lt;name}}</c> tags.</summary>
    /// <value>The default value is <see langword="null"/>: every partial renders as the empty string.</value>
    public IReadOnlyDictionary<string, string>? Partials { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether values render as Kibana's renderer does: JavaScript value
    /// semantics, objects as compact JSON, <c>asJSON</c> on arrays, dotted keys expanded, mustache.js name
    /// lookup and the Kibana lambdas.
    /// </summary>
    /// <value>The default value is <see langword="false"/> (Mustache-spec semantics).</value>
    public bool KibanaCompatible { get; set; }

    /// <summary>Gets or sets the deepest nesting of sections, partials and parents a render may reach.</summary>
    /// <value>The default value is 256.</value>
    public int MaxDepth { get; set; } = 256;

    /// <summary>Gets or sets the longest output, in characters, a render may produce.</summary>
    /// <value>The default value is <see langword="null"/> (no limit).</value>
    public long? MaxOutputLength { get; set; }

    /// <summary>Gets or sets the callback that receives lambda warnings (set by the renderer service).</summary>
    internal Action<string>? Warn { get; set; }
}
