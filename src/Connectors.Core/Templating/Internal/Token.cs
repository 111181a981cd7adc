namespace Connectors.Templating.Internal;

/// <summary>One token of the scanner: a piece of text (ending at most at one newline) or a tag.</summary>
internal struct Token
{
    /// <summary>The tag type character (<c>#</c>, <c>^</c>, <c>/</c>, …), <c>\0</c> for text, <c>n</c> for a variable.</summary>
    public char Type;

    /// <summary>The start of the token in the source (for a tag: its opening delimiter).</summary>
    public int Start;

    /// <summary>The end of the token in the source (exclusive).</summary>
    public int End;

    /// <summary>The trimmed tag content.</summary>
    public string Name;

    /// <summary>The delimiters in effect for this tag.</summary>
    public string Open;

    /// <summary>The closing delimiter in effect for this tag.</summary>
    public string Close;

    /// <summary>Whether a text token ends with a newline.</summary>
    public bool EndsLine;

    /// <summary>Whether a text token was dropped as part of a standalone line.</summary>
    public bool Removed;

    /// <summary>Whether a tag stood alone on its line.</summary>
    public bool Standalone;

    /// <summary>Whether a tag is the last token on its (standalone) line.</summary>
    public bool LastOnLine;

    /// <summary>Whether the standalone line ended with a newline.</summary>
    public bool LineHadNewline;

    /// <summary>The indentation of the standalone line.</summary>
    public string? Indent;

    public readonly bool IsText => Type == '\0';
}
