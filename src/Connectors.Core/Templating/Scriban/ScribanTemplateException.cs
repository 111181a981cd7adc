namespace Connectors.Templating.Internal;

/// <summary>A Scriban template that does not parse or fails while rendering (limits included).</summary>
internal sealed class ScribanTemplateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScribanTemplateException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ScribanTemplateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ScribanTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a position in the template.</summary>
    public ScribanTemplateException(string message, int line, int column, Exception? innerException = null)
        : base(message, innerException)
    {
        Line = line;
        Column = column;
    }

    /// <summary>The 1-based line of the error; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the error; 0 when unknown.</summary>
    public int Column { get; }
}
