using System.Net.Http.Headers;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>
/// A connector type whose executor only POSTs fixed bytes to a fixed URL with the context's client: an execute with
/// the smallest possible executor, to tell the pipeline's cost on the wire from an executor's (used by <c>probe</c>).
/// </summary>
public sealed class PostOnlyConnector : IConnectorExecutor
{
    /// <summary>Where every execute posts.</summary>
    public static Uri? Target { get; set; }

    /// <summary>What every execute posts.</summary>
    public static byte[] Body { get; set; } = [];

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = ".post-only",
        Name = "Post only",
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting],
    };

    public async ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var message = new HttpRequestMessage(HttpMethod.Post, Target) { Content = content };
        using var response = await context.HttpClient.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return ConnectorResult.Ok(context.ConnectorId);
    }
}
