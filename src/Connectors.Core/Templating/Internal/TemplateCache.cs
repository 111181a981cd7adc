using System.Collections.Concurrent;

namespace Connectors.Templating.Internal;

/// <summary>
/// A bounded, thread-safe cache of parsed templates (lambda results, partials with their indentation).
/// When full it is emptied and starts again: simple, lock-free, and bounded.
/// </summary>
internal sealed class TemplateCache(int capacity)
{
    public static readonly TemplateCache Shared = new(1024);

    private readonly ConcurrentDictionary<(string Source, bool Kibana, string Open, string Close, string Indent), MustacheTemplate> _entries = new();
    private readonly ConcurrentDictionary<string, MustacheTemplate> _kibanaPlain = new(SampledStringComparer.Instance);

    public MustacheTemplate GetOrParse(string source, bool kibana, string open, string close, string indent)
    {
        if (kibana && indent.Length == 0 && open == "{{" && close == "}}")
        {
            // The renderer service's path: keyed by source alone, hashed on a sample of it.
            if (_kibanaPlain.TryGetValue(source, out var plain))
            {
                return plain;
            }

            plain = MustacheTemplate.Parse(source, kibana, open, close);
            if (_kibanaPlain.Count >= capacity)
            {
                _kibanaPlain.Clear();
            }

            _kibanaPlain[source] = plain;
            return plain;
        }

        var key = (source, kibana, open, close, indent);
        if (_entries.TryGetValue(key, out var template))
        {
            return template;
        }

        var text = indent.Length == 0 ? source : Indent(source, indent);
        template = MustacheTemplate.Parse(text, kibana, open, close);
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[key] = template;
        return template;
    }

    /// <summary>Prefixes every line of <paramref name="source"/> with <paramref name="indent"/>.</summary>
    private static string Indent(string source, string indent)
    {
        var builder = new System.Text.StringBuilder(source.Length + indent.Length * 4);
        var lineStart = true;
        foreach (var c in source)
        {
            if (lineStart)
            {
                builder.Append(indent);
                lineStart = false;
            }

            builder.Append(c);
            lineStart = c == '\n';
        }

        return builder.ToString();
    }
}
