using Microsoft.Extensions.Logging;

namespace Connectors.Internal;

/// <summary>Every log line of Connectors.Core, source-generated. Never logs a secret or a URL's path.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "executing action {ConnectorTypeId}:{ConnectorId}: {ConnectorName}")]
    public static partial void Executing(ILogger logger, string connectorTypeId, string connectorId, string connectorName);

    [LoggerMessage(2, LogLevel.Warning, "action execution failure: {ConnectorTypeId}:{ConnectorId}: {ConnectorName}: {ErrorMessage}")]
    public static partial void ExecutionFailed(ILogger logger, string connectorTypeId, string connectorId, string connectorName, string errorMessage);

    [LoggerMessage(3, LogLevel.Error, "action {ConnectorTypeId}:{ConnectorId} threw {ExceptionType}")]
    public static partial void ExecutorThrew(ILogger logger, string connectorTypeId, string connectorId, string exceptionType);

    [LoggerMessage(4, LogLevel.Warning, "action: {ConnectorTypeId}:{ConnectorId}: '{ConnectorName}' execution cancelled due to timeout - exceeded timeout of \"{Timeout}\"")]
    public static partial void ExecutionTimedOut(ILogger logger, string connectorTypeId, string connectorId, string connectorName, TimeSpan timeout);

    [LoggerMessage(5, LogLevel.Information, "connector {Operation}: {ConnectorTypeId}:{ConnectorId} in space {SpaceId}")]
    public static partial void ConnectorChanged(ILogger logger, string operation, string connectorTypeId, string connectorId, string spaceId);

    [LoggerMessage(6, LogLevel.Warning, "connector {Operation} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string operation, string reason);

    [LoggerMessage(7, LogLevel.Warning, "outbound request to {Scheme}://{Host} refused: host not allowed")]
    public static partial void HostRefused(ILogger logger, string scheme, string host);

    [LoggerMessage(8, LogLevel.Debug, "outbound {Method} {Scheme}://{Host} answered {StatusCode}")]
    public static partial void OutboundResponse(ILogger logger, string method, string scheme, string host, int statusCode);

    [LoggerMessage(9, LogLevel.Warning, "In configuration xpack.actions.customHosts, {Problem}")]
    public static partial void CustomHostProblem(ILogger logger, string problem);
}
