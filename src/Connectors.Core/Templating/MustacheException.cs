namespace Connectors.Templating;

/// <summary>The base type of every error the Mustache engine reports.</summary>
public class MustacheException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="MustacheException"/> class.</summary>
    public MustacheException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MustacheException"/> class with a message.</summary>
    /// <param name="message">The message that describes the error.</param>
    public MustacheException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MustacheException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public MustacheException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
