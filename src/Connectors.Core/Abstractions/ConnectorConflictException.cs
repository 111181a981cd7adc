namespace Connectors;

/// <summary>A connector with that id already exists, a stale version was written, or a referenced connector was deleted without force (HTTP 409).</summary>
public sealed class ConnectorConflictException : ConnectorException
{
    /// <summary>Creates the exception.</summary>
    public ConnectorConflictException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message. It never carries a secret.</param>
    public ConnectorConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message. It never carries a secret.</param>
    /// <param name="innerException">The cause.</param>
    public ConnectorConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
