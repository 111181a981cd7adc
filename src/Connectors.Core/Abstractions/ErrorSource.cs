namespace Connectors;

/// <summary>Who caused a failed execution (Kibana's <c>errorSource</c>).</summary>
public enum ErrorSource
{
    /// <summary>The user: bad params, a refused destination, credentials the service rejects.</summary>
    User,

    /// <summary>The framework or the remote service: transport failures, server errors, bugs.</summary>
    Framework,
}
