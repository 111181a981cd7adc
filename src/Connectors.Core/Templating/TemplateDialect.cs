namespace Connectors.Templating;

/// <summary>The template language of an execute request's params.</summary>
public enum TemplateDialect
{
    /// <summary>Mustache with Kibana's semantics, escapes and lambdas: the default, and Kibana's only dialect.</summary>
    Mustache,

    /// <summary>
    /// Opt-in Scriban (if/else, comparisons, loops) over a read-only snapshot of the variables, with loop,
    /// recursion and output limits and Kibana's lambdas as functions. Values are not escaped automatically.
    /// </summary>
    Scriban,
}
