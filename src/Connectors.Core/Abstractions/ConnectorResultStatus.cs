namespace Connectors;

/// <summary>The status of an execution.</summary>
public enum ConnectorResultStatus
{
    /// <summary>The connector ran and the destination accepted the action.</summary>
    Ok,

    /// <summary>The execution failed; see the message, error source and retry hint.</summary>
    Error,
}
