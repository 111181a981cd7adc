namespace Connectors;

/// <summary>
/// Invalid input: a blank name, an unknown type, invalid config, secrets or params (HTTP 400). <see cref="Errors"/>
/// lists each failure with its field.
/// </summary>
public sealed class ConnectorValidationException : ConnectorException
{
    /// <summary>Creates the exception.</summary>
    public ConnectorValidationException()
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message. It never carries a secret.</param>
    public ConnectorValidationException(string message)
        : base(message)
    {
        Errors = [new ConnectorValidationError(string.Empty, message)];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message. It never carries a secret.</param>
    /// <param name="innerException">The cause.</param>
    public ConnectorValidationException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Errors = [new ConnectorValidationError(string.Empty, message)];
    }

    /// <summary>Creates the exception with a message and the individual failures.</summary>
    /// <param name="message">The message. It never carries a secret.</param>
    /// <param name="errors">The failures, each naming its field.</param>
    public ConnectorValidationException(string message, IReadOnlyList<ConnectorValidationError> errors)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = errors;
    }

    /// <summary>The individual failures, each naming its field.</summary>
    public IReadOnlyList<ConnectorValidationError> Errors { get; }
}
