namespace Connectors;

/// <summary>A policy refusal: the type is disabled or not licensed, or a destination (host, email domain) is not allowed (HTTP 403).</summary>
public sealed class ConnectorForbiddenException : ConnectorException
{
    /// <summary>Creates the exception.</summary>
    public ConnectorForbiddenException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message. It never carries a secret.</param>
    public ConnectorForbiddenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message. It never carries a secret.</param>
    /// <param name="innerException">The cause.</param>
    public ConnectorForbiddenException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
