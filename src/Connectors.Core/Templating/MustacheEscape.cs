namespace Connectors.Templating;

/// <summary>How a <c>{{x}}</c> value is escaped when rendered (Kibana's escape modes).</summary>
public enum MustacheEscape
{
    /// <summary>No escaping: the value as a string.</summary>
    None,

    /// <summary>HTML escaping (mustache.js's set: <c>&amp; &lt; &gt; " ' / ` =</c>).</summary>
    Html,

    /// <summary>JSON string escaping without the surrounding quotes, for values inside JSON bodies.</summary>
    Json,

    /// <summary>Markdown escaping: each Markdown metacharacter is prefixed with a backslash.</summary>
    Markdown,

    /// <summary>Slack escaping: <c>&amp; &lt; &gt;</c> entities, and text with <c>_</c> or <c>*</c> wrapped in backticks.</summary>
    Slack,
}
