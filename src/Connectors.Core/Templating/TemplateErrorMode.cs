namespace Connectors.Templating;

/// <summary>What <see cref="ITemplateRenderer"/> does when a template cannot be parsed or rendered.</summary>
public enum TemplateErrorMode
{
    /// <summary>
    /// As Kibana does: the output becomes <c>error rendering mustache template "{template}": {message}</c>
    /// and nothing is thrown.
    /// </summary>
    Inline,

    /// <summary>A <see cref="MustacheException"/> is thrown, naming the parameter path when there is one.</summary>
    Fail,
}
