namespace Connectors.ConnectorTypes.Common;

/// <summary>Results Kibana's framework builds around an executor.</summary>
internal static class ExecutorResults
{
    /// <summary>
    /// Kibana's result for an error thrown out of an executor (§0.1): <c>an error occurred while running the action</c>,
    /// the error's text as service message, <c>retry: true</c>.
    /// </summary>
    public static ConnectorResult Thrown(string connectorId, string message, ErrorSource source, RetryHint? retry = null) =>
        ConnectorResult.Error(connectorId, "an error occurred while running the action", message, retry ?? RetryHint.Later, source);
}
