namespace Connectors.Templating;

/// <summary>How the value of an escaped variable tag (<c>{{x}}</c>) is escaped before it is written.</summary>
/// <remarks>Triple mustaches (<c>{{{x}}}</c>) and ampersand tags (<c>{{&amp;x}}</c>) are never escaped.</remarks>
public enum MustacheEscape
{
    /// <summary>No escaping: the value is written as it is.</summary>
    None,

    /// <summary>
    /// HTML escaping. Kibana-compatible mode uses mustache.js's set (<c>&amp; &lt; &gt; " ' / ` =</c>);
    /// otherwise <c>&amp; &lt; &gt; " '</c> are escaped.
    /// </summary>
    Html,

    /// <summary>JSON string escaping without the surrounding quotes, for values placed inside a JSON string.</summary>
    Json,

    /// <summary>Markdown escaping: each of <c>\ | ` * _ { } [ ] ( ) # + - . !</c> is prefixed with a backslash.</summary>
    Markdown,

    /// <summary>
    /// Slack escaping: <c>&amp; &lt; &gt;</c> become entities and backticks become quotes; a value containing
    /// <c>_</c> or <c>*</c> that is not a URL is wrapped in backticks.
    /// </summary>
    Slack,
}
