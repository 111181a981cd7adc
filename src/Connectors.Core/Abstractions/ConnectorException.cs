namespace Connectors;

/// <summary>The base of every exception Connectors.Core throws for a caller's mistake or a policy refusal.</summary>
public class ConnectorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConnectorException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message. It never carries a secret.</param>
    public ConnectorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message. It never carries a secret.</param>
    /// <param name="innerException">The cause.</param>
    public ConnectorException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
