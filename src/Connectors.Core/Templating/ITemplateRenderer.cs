using System.Text.Json.Nodes;

namespace Connectors.Templating;

/// <summary>Renders connector parameters as Kibana does: Mustache templates in Kibana-compatible mode.</summary>
public interface ITemplateRenderer
{
    /// <summary>Renders one template with the variables.</summary>
    /// <param name="template">The Mustache template.</param>
    /// <param name="variables">The variables, in any shape the engine accepts.</param>
    /// <param name="escape">The escaping for <c>{{x}}</c> tags.</param>
    /// <param name="mode">What to do when the template cannot be parsed or rendered.</param>
    /// <returns>The rendered text, or Kibana's error text in <see cref="TemplateErrorMode.Inline"/> mode.</returns>
    /// <exception cref="MustacheException">The template failed and <paramref name="mode"/> is <see cref="TemplateErrorMode.Fail"/>.</exception>
    string Render(string template, object? variables, MustacheEscape escape, TemplateErrorMode mode = TemplateErrorMode.Inline);

    /// <summary>
    /// Renders a parameter tree: a deep copy in which every string leaf is rendered as a template with the
    /// escape <paramref name="escapeForPath"/> returns for its path (property names joined by <c>.</c>;
    /// array elements add no segment). Non-string values are copied unchanged; the input is not mutated.
    /// </summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="variables">The variables, in any shape the engine accepts.</param>
    /// <param name="escapeForPath">The escape for a parameter path.</param>
    /// <param name="mode">What to do when a template cannot be parsed or rendered.</param>
    /// <returns>The rendered copy.</returns>
    /// <exception cref="MustacheException">A template failed and <paramref name="mode"/> is <see cref="TemplateErrorMode.Fail"/>; the message names the path.</exception>
    JsonObject RenderParams(JsonObject parameters, object? variables, Func<string, MustacheEscape> escapeForPath, TemplateErrorMode mode = TemplateErrorMode.Inline);
}
