using System.Diagnostics.CodeAnalysis;
using Connectors.Templating.Internal;

namespace Connectors.Templating;

/// <summary>
/// A parsed Mustache template: parse once, render many times. Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Passes the whole Mustache specification, optional modules included (lambdas, dynamic names,
/// inheritance). With <see cref="MustacheRenderOptions.KibanaCompatible"/> it renders as Kibana's
/// mustache.js-based renderer does.
/// </remarks>
public sealed class MustacheTemplate
{
    private MustacheTemplate(string source, Node[] root)
    {
        Source = source;
        Root = root;
    }

    /// <summary>Gets the template source.</summary>
    public string Source { get; }

    internal Node[] Root { get; }

    /// <summary>Parses a template.</summary>
    /// <param name="source">The Mustache source.</param>
    /// <returns>The parsed template.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="MustacheParseException">The template is malformed; the exception carries line and column.</exception>
    public static MustacheTemplate Parse(string source) => Parse(source, kibana: false, "{{", "}}");

    /// <summary>Parses a template, reporting a malformed one instead of throwing (e.g. to validate a template when it is saved).</summary>
    /// <param name="source">The Mustache source.</param>
    /// <param name="template">The parsed template, when the source is well formed.</param>
    /// <param name="error">The error, with line and column, when it is not.</param>
    /// <returns><see langword="true"/> when the source parsed.</returns>
    public static bool TryParse(string source, [NotNullWhen(true)] out MustacheTemplate? template, [NotNullWhen(false)] out MustacheParseException? error)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            template = Parse(source);
            error = null;
            return true;
        }
        catch (MustacheParseException ex)
        {
            template = null;
            error = ex;
            return false;
        }
    }

    internal static MustacheTemplate Parse(string source, bool kibana, string open = "{{", string close = "}}")
    {
        ArgumentNullException.ThrowIfNull(source);
        return new MustacheTemplate(source, MustacheParser.Parse(source, kibana, open, close));
    }

    /// <summary>Renders the template with <paramref name="data"/>.</summary>
    /// <param name="data">
    /// The data: <c>JsonNode</c>, <c>JsonElement</c>, dictionaries with string keys, sequences, POCOs,
    /// records and anonymous objects (public properties), primitives, and <c>Func&lt;string&gt;</c> /
    /// <c>Func&lt;string, string&gt;</c> lambdas; or any of those prepared once as <see cref="MustacheData"/> when the
    /// same data fills several templates.
    /// </param>
    /// <param name="options">The render options; <see langword="null"/> for the defaults.</param>
    /// <returns>The rendered text.</returns>
    /// <exception cref="MustacheParseException">A partial or a lambda's result is malformed.</exception>
    /// <exception cref="MustacheRenderException">A limit was exceeded, or a lambda or a property getter failed.</exception>
    public string Render(object? data, MustacheRenderOptions? options = null) =>
        RenderState.Render(this, data, options ?? MustacheRenderOptions.Default);

    /// <inheritdoc/>
    public override string ToString() => Source;
}
