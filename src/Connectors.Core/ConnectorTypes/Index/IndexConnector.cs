using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Connectors.ConnectorTypes.Index;

/// <summary>
/// <c>.index</c>: writes the <c>documents</c> param to the configured index through <see cref="IIndexDocumentWriter"/>
/// (Elasticsearch's <c>_bulk</c> API when <c>ServiceUrls[".index"]</c> is set, else the in-memory index), stamping
/// <c>executionTimeField</c> with the execution time.
/// </summary>
internal sealed class IndexConnector(IServiceProvider services) : IConnectorExecutor
{
    public const string TypeId = ".index";

    public const string IndexFailed = "error indexing documents";

    public const string AlertHistoryConnectorId = "preconfigured-alert-history-es-index";

    public const string AlertHistoryPrefix = "kibana-alert-history-";

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Index",
        MinimumLicenseRequired = LicenseLevel.Basic,
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Uptime, ConnectorFeatureIds.Siem],
        Config = ConnectorSchema.Create(IndexJsonContext.Default.IndexConfig),
        Params = ConnectorSchema.Create(IndexJsonContext.Default.IndexParams, ValidateParams),
    };

    /// <summary>Registers the type, the in-memory index and the default writer (kept when the host registered one).</summary>
    public static void Register(IConnectorsBuilder builder)
    {
        builder.Services.TryAddSingleton<InMemoryIndexDocumentWriter>();
        builder.Services.TryAddSingleton<IIndexDocumentWriter>(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<ConnectorsOptions>>();
            return options.CurrentValue.ServiceUrls.TryGetValue(TypeId, out var url)
                ? new ElasticsearchBulkWriter(new Uri(url, UriKind.Absolute), options)
                : sp.GetRequiredService<InMemoryIndexDocumentWriter>();
        });
        builder.AddConnectorType<IndexConnector>();
    }

    public async ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.GetConfig<IndexConfig>();
        var parameters = context.GetParams<IndexParams>();
        var id = context.ConnectorId;
        var index = id == AlertHistoryConnectorId && !string.IsNullOrEmpty(parameters.IndexOverride) ? parameters.IndexOverride : config.Index;

        var field = config.ExecutionTimeField?.Trim();
        var now = context.TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var documents = new List<JsonObject>(parameters.Documents.Count);
        foreach (var document in parameters.Documents)
        {
            var copy = (JsonObject)document.DeepClone();
            if (!string.IsNullOrEmpty(field))
            {
                copy[config.ExecutionTimeField!] = now;
            }

            documents.Add(copy);
        }

        var writer = services.GetRequiredService<IIndexDocumentWriter>();
        IndexWriteResult written;
        try
        {
            written = await writer.WriteAsync(new IndexWriteRequest { Index = index, Documents = documents, Refresh = config.Refresh }, context, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ConnectorResult.Error(id, IndexFailed, ex.Message, errorSource: ErrorSource.Framework);
        }

        if (written.Response is not { } response)
        {
            return ConnectorResult.Error(id, IndexFailed, written.Failure, written.Retry, ErrorSource.Framework);
        }

        if (response["errors"] is JsonValue errors && errors.TryGetValue<bool>(out var failed) && failed)
        {
            var (message, transient) = FailedItems(response);
            return ConnectorResult.Error(id, IndexFailed, message, transient ? RetryHint.Later : null, transient ? ErrorSource.Framework : ErrorSource.User);
        }

        return ConnectorResult.Ok(id, response);
    }

    /// <summary>Kibana's text: every item's <c>error.reason</c> joined by <c>;</c>, then the <c>caused_by</c> reasons in parentheses.</summary>
    internal static (string Message, bool Transient) FailedItems(JsonObject response)
    {
        var reasons = new List<string>();
        var causes = new List<string>();
        var transient = false;
        foreach (var item in response["items"] as JsonArray ?? [])
        {
            if (item is not JsonObject { Count: > 0 } wrapper || wrapper.First().Value is not JsonObject result || result["error"] is not JsonObject error)
            {
                continue;
            }

            if (error["reason"] is JsonValue reason)
            {
                reasons.Add(reason.ToString());
            }

            if (error["caused_by"] is JsonObject { } causedBy && causedBy["reason"] is JsonValue cause)
            {
                causes.Add(cause.ToString());
            }

            if (result["status"] is JsonValue status && status.TryGetValue<int>(out var code) && code is 429 or >= 500)
            {
                transient = true;
            }
        }

        if (reasons.Count == 0)
        {
            return ("Indexing error but no reason returned.", transient);
        }

        var message = string.Join(';', reasons);
        if (causes.Count > 0)
        {
            message += $" ({string.Join(';', causes)})";
        }

        return (message, transient);
    }

    private static ConnectorValidationError? ValidateParams(IndexParams parameters, ConnectorValidationContext context) =>
        parameters.IndexOverride is { } index && !index.StartsWith(AlertHistoryPrefix, StringComparison.Ordinal)
            ? new ConnectorValidationError("indexOverride", $"index must start with \"{AlertHistoryPrefix}\"")
            : null;
}
