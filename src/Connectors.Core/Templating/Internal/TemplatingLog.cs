using Microsoft.Extensions.Logging;

namespace Connectors.Templating.Internal;

/// <summary>The template engine's log messages.</summary>
internal static partial class TemplatingLog
{
    [LoggerMessage(EventId = 3001, EventName = "MustacheLambdaWarning", Level = LogLevel.Warning, Message = "mustache render error: {Message}")]
    public static partial void LambdaWarning(ILogger logger, string message);
}
