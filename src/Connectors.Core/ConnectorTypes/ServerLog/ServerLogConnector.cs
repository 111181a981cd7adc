using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Connectors.ConnectorTypes.ServerLog;

/// <summary>
/// <c>.server-log</c>: writes the message to the host's log (<see cref="ILogger"/>, category
/// <c>Connectors.server-log</c>) at the given level, with control characters replaced by <c>;</c> as Kibana does.
/// </summary>
internal sealed partial class ServerLogConnector : IConnectorExecutor
{
    public const string TypeId = ".server-log";

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Server log",
        MinimumLicenseRequired = LicenseLevel.Basic,
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Uptime, ConnectorFeatureIds.Siem],
        Params = ConnectorSchema.Create(ServerLogJsonContext.Default.ServerLogParams),
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parameters = context.GetParams<ServerLogParams>();
        var sanitized = ControlCharacters().Replace(parameters.Message, ";");
        try
        {
            Write(context.Logger, ToLogLevel(parameters.Level), sanitized);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ValueTask.FromResult(ConnectorResult.Error(context.ConnectorId, "error logging message", ex.Message));
        }

        return ValueTask.FromResult(ConnectorResult.Ok(context.ConnectorId));
    }

    internal static string Sanitize(string message) => ControlCharacters().Replace(message, ";");

    private static LogLevel ToLogLevel(ServerLogLevel level) => level switch
    {
        ServerLogLevel.Trace => LogLevel.Trace,
        ServerLogLevel.Debug => LogLevel.Debug,
        ServerLogLevel.Info => LogLevel.Information,
        ServerLogLevel.Warn => LogLevel.Warning,
        ServerLogLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    [LoggerMessage(EventId = 100, Message = "Server log: {Message}")]
    private static partial void Write(ILogger logger, LogLevel level, string message);

    [GeneratedRegex("[\\x00-\\x08]|[\\x0A-\\x1F]|[\\x7F-\\x9F]|[\\u2028-\\u2029]")]
    private static partial Regex ControlCharacters();
}
