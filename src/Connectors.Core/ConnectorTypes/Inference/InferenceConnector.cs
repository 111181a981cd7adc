using Connectors.ConnectorTypes.Common;
using Microsoft.Extensions.Options;

namespace Connectors.ConnectorTypes.Inference;

/// <summary>
/// <c>.inference</c> (enterprise), Kibana's "AI Connector": chat completion, completion, rerank and embeddings through
/// an Elasticsearch inference endpoint (<c>_inference</c> API), which holds the provider's credentials. The cluster is
/// <c>ServiceUrls[".inference"]</c>, authenticated with <see cref="ConnectorsOptions.Inference"/>.
/// </summary>
internal sealed class InferenceConnector(IOptionsMonitor<ConnectorsOptions> options) : IConnectorExecutor
{
    public const string TypeId = ".inference";

    public const string UnifiedCompletion = "unified_completion";
    public const string UnifiedCompletionStream = "unified_completion_stream";
    public const string UnifiedCompletionAsyncIterator = "unified_completion_async_iterator";
    public const string Completion = "completion";
    public const string Rerank = "rerank";
    public const string TextEmbedding = "text_embedding";
    public const string SparseEmbedding = "sparse_embedding";

    /// <summary>Kibana's <c>ServiceProviderKeys</c>.</summary>
    public static readonly IReadOnlySet<string> Providers = new HashSet<string>(StringComparer.Ordinal)
    {
        "amazonbedrock", "azureopenai", "azureaistudio", "cohere", "elasticsearch", "googleaistudio", "googlevertexai",
        "hugging_face", "mistral", "openai", "anthropic", "watsonxai", "alibabacloud-ai-search", "elastic",
    };

    /// <summary>The keys of Kibana's <c>SUB_ACTION</c> enum, which a task type must name (upper-cased).</summary>
    private static readonly IReadOnlySet<string> SubActionKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "UNIFIED_COMPLETION_ASYNC_ITERATOR", "UNIFIED_COMPLETION_STREAM", "UNIFIED_COMPLETION", "COMPLETION", "RERANK",
        "TEXT_EMBEDDING", "SPARSE_EMBEDDING", "COMPLETION_STREAM",
    };

    private static readonly SubActionSet<InferenceService> SubActions =
        new SubActionSet<InferenceService>(TypeId, "AI Connector")
            .Add(UnifiedCompletion, InferenceJsonContext.Default.InferenceUnifiedParams, static (s, p, ct) => s.UnifiedCompletionAsync(p, ct))
            .AddStream(UnifiedCompletionStream, InferenceJsonContext.Default.InferenceUnifiedParams, static (s, p, ct) => s.StreamAsync(p, ct))
            .AddStream(UnifiedCompletionAsyncIterator, InferenceJsonContext.Default.InferenceUnifiedParams, static (s, p, ct) => s.StreamAsync(p, ct))
            .Add(Rerank, InferenceJsonContext.Default.InferenceRerankParams, static (s, p, ct) => s.RerankAsync(p, ct))
            .Add(SparseEmbedding, InferenceJsonContext.Default.InferenceSparseEmbeddingParams, static (s, p, ct) => s.SparseEmbeddingAsync(p, ct))
            .Add(TextEmbedding, InferenceJsonContext.Default.InferenceTextEmbeddingParams, static (s, p, ct) => s.TextEmbeddingAsync(p, ct))
            .Add(Completion, InferenceJsonContext.Default.InferenceCompletionParams, static (s, p, ct) => s.CompletionAsync(p, ct));

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "AI Connector",
        MinimumLicenseRequired = LicenseLevel.Enterprise,
        SupportedFeatureIds =
        [
            ConnectorFeatureIds.GenerativeAIForSecurity,
            ConnectorFeatureIds.GenerativeAIForSearchPlayground,
            ConnectorFeatureIds.GenerativeAIForObservability,
            ConnectorFeatureIds.Workflows,
        ],
        Config = ConnectorSchema.Create(InferenceJsonContext.Default.InferenceConfig, ValidateConfig),
        Secrets = ConnectorSchema.Create(InferenceJsonContext.Default.InferenceSecrets),
        Params = SubActionEnvelopeSchema.Instance,
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var service = new InferenceService(context, context.GetConfig<InferenceConfig>(), options.CurrentValue.Inference);
        return SubActions.ExecuteAsync(context, service, context.GetParams<SubActionEnvelope>(), cancellationToken);
    }

    /// <summary>Kibana's config validator: a known provider and a task type the connector has a sub-action for.</summary>
    internal static ConnectorValidationError? ValidateConfig(InferenceConfig config, ConnectorValidationContext context)
    {
        if (!Providers.Contains(config.Provider))
        {
            return new("provider", Wrap($"API Provider is not supported{Suffix(config.Provider)} by Inference Endpoint."));
        }

        return config.TaskType == "chat_completion" || SubActionKeys.Contains(config.TaskType.ToUpperInvariant())
            ? null
            : new("taskType", Wrap($"Task type is not supported{Suffix(config.TaskType)} by Inference Endpoint."));
    }

    private static string Suffix(string value) => value.Length > 0 ? $": {value}" : string.Empty;

    private static string Wrap(string message) => $"Error configuring Inference API action: Error: {message}";
}
