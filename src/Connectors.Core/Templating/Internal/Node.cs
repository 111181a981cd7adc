namespace Connectors.Templating.Internal;

/// <summary>One node of a parsed template; immutable once the parser has built it.</summary>
internal sealed class Node
{
    private static readonly Node[] NoChildren = [];
    private readonly string[] _path = [];

    public Node(NodeKind kind, string text, int position)
    {
        Kind = kind;
        Text = text;
        Position = position;
    }

    /// <summary>Gets the node kind.</summary>
    public NodeKind Kind { get; }

    /// <summary>Gets the literal text (text nodes) or the tag name.</summary>
    public string Text { get; }

    /// <summary>Gets the 0-based offset of the node in its source.</summary>
    public int Position { get; }

    /// <summary>Gets the name split on dots; empty for the implicit iterator <c>.</c>.</summary>
    public string[] Path
    {
        get => _path;
        init
        {
            _path = value;
            PlainPath = value.Length > 0 && Array.TrueForAll(value, segment => !ValueAccess.IsDroppedKey(segment));
        }
    }

    /// <summary>
    /// Gets a value indicating whether the path has segments and none of them is a key Kibana drops, so the
    /// Kibana-mode JSON fast path may read it.
    /// </summary>
    public bool PlainPath { get; private init; }

    /// <summary>Gets a value indicating whether a variable is escaped.</summary>
    public bool Escaped { get; init; }

    /// <summary>Gets the child nodes of sections, blocks and parents.</summary>
    public Node[] Children { get; init; } = NoChildren;

    /// <summary>Gets the raw source between a section's tags (for lambdas).</summary>
    public string RawBody { get; init; } = string.Empty;

    /// <summary>Gets the opening delimiter in effect at a section's tag.</summary>
    public string OpenDelimiter { get; init; } = "{{";

    /// <summary>Gets the closing delimiter in effect at a section's tag.</summary>
    public string CloseDelimiter { get; init; } = "}}";

    /// <summary>Gets the indentation of a standalone partial or parent, or a block's indentation.</summary>
    public string Indent { get; init; } = string.Empty;

    /// <summary>Gets a value indicating whether a block stood alone on its line.</summary>
    public bool Standalone { get; init; }

    /// <summary>Gets a value indicating whether the standalone line of a block ended with a newline.</summary>
    public bool LineHadNewline { get; init; }

    /// <summary>Gets a value indicating whether a partial or parent name is dynamic (<c>{{&gt;*name}}</c>).</summary>
    public bool Dynamic { get; init; }
}
