namespace Connectors;

/// <summary>What a custom validation check may use: the policy (allowed hosts, email domains, enabled types).</summary>
public sealed class ConnectorValidationContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="policy">The policy.</param>
    public ConnectorValidationContext(ConnectorPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
    }

    /// <summary>The policy: allowed hosts, email domain allowlist, enabled types.</summary>
    public ConnectorPolicy Policy { get; }
}
