namespace Connectors.Templating;

/// <summary>A template is malformed; <see cref="Line"/> and <see cref="Column"/> say where.</summary>
/// <remarks>
/// For the three errors mustache.js reports (an unclosed tag, an unopened section, an unclosed section)
/// the message of a template parsed in Kibana-compatible mode is mustache.js's own text, e.g.
/// <c>Unclosed tag at 4</c>, where the number is the 0-based character offset.
/// </remarks>
public sealed class MustacheParseException : MustacheException
{
    /// <summary>Initializes a new instance of the <see cref="MustacheParseException"/> class.</summary>
    public MustacheParseException()
    {
        Expected = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="MustacheParseException"/> class with a message.</summary>
    /// <param name="message">The message that describes the error.</param>
    public MustacheParseException(string message)
        : base(message)
    {
        Expected = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="MustacheParseException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public MustacheParseException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Expected = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="MustacheParseException"/> class with a position.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="line">The 1-based line of the error.</param>
    /// <param name="column">The 1-based column of the error.</param>
    /// <param name="position">The 0-based character offset of the error.</param>
    /// <param name="expected">What the parser expected at that point.</param>
    public MustacheParseException(string message, int line, int column, int position, string expected)
        : base(message)
    {
        Line = line;
        Column = column;
        Position = position;
        Expected = expected ?? string.Empty;
    }

    /// <summary>Gets the 1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based column of the error.</summary>
    public int Column { get; }

    /// <summary>Gets the 0-based character offset of the error.</summary>
    public int Position { get; }

    /// <summary>Gets what the parser expected at the error, e.g. <c>}}</c> or <c>{{/name}}</c>.</summary>
    public string Expected { get; }
}
