namespace Connectors;

/// <summary>The event-log actions.</summary>
public static class ConnectorEventActions
{
    /// <summary>An execution started.</summary>
    public const string ExecuteStart = "execute-start";

    /// <summary>An execution ended (with an outcome).</summary>
    public const string Execute = "execute";

    /// <summary>An execution was cancelled because it exceeded <see cref="ConnectorsOptions.ExecutionTimeout"/>.</summary>
    public const string ExecuteTimeout = "execute-timeout";

    /// <summary>Beyond Kibana: a create, update or execute refused for invalid input.</summary>
    public const string ValidationFailure = "validation-failure";

    /// <summary>Beyond Kibana: a create, update or execute refused by the policy (license, disabled type, host, email).</summary>
    public const string PolicyRefusal = "policy-refusal";
}
