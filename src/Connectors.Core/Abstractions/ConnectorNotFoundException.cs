namespace Connectors;

/// <summary>No connector with that id in the space (HTTP 404 in Kibana's API).</summary>
public sealed class ConnectorNotFoundException : ConnectorException
{
    /// <summary>Creates the exception.</summary>
    public ConnectorNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message. It never carries a secret.</param>
    public ConnectorNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message. It never carries a secret.</param>
    /// <param name="innerException">The cause.</param>
    public ConnectorNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
