namespace Connectors.Templating;

/// <summary>A render failed: a limit was exceeded (depth, output length) or a value could not be rendered.</summary>
public sealed class MustacheRenderException : MustacheException
{
    /// <summary>Initializes a new instance of the <see cref="MustacheRenderException"/> class.</summary>
    public MustacheRenderException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MustacheRenderException"/> class with a message.</summary>
    /// <param name="message">The message that describes the error.</param>
    public MustacheRenderException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MustacheRenderException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public MustacheRenderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
