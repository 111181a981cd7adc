using Microsoft.Extensions.Logging;

namespace Connectors;

/// <summary>What an executor gets to run a connector: the connector, its validated values and the services to use.</summary>
public sealed class ConnectorExecutionContext
{
    private readonly Internal.ConnectorHttpClients httpClients;
    private readonly Guid executionGuid;
    private HttpClient? httpClient;
    private string? executionId;

    internal ConnectorExecutionContext(
        Connector connector,
        Guid executionId,
        object config,
        object secrets,
        object parameters,
        Internal.ConnectorHttpClients httpClients,
        ConnectorPolicy policy,
        ILogger logger,
        TimeProvider timeProvider,
        IServiceProvider services,
        string? serviceUrl)
    {
        Connector = connector;
        executionGuid = executionId;
        Config = config;
        Secrets = secrets;
        Params = parameters;
        this.httpClients = httpClients;
        Policy = policy;
        Logger = logger;
        TimeProvider = timeProvider;
        Services = services;
        ServiceUrl = serviceUrl;
    }

    /// <summary>The connector (without secrets).</summary>
    public Connector Connector { get; }

    /// <summary>The connector id.</summary>
    public string ConnectorId => Connector.Id;

    /// <summary>The execution id, as recorded in the event log.</summary>
    public string ExecutionId => executionId ??= executionGuid.ToString();

    /// <summary>The validated config, of the type's config schema's type.</summary>
    public object Config { get; }

    /// <summary>The validated secrets. Never log them or put them in a result.</summary>
    public object Secrets { get; }

    /// <summary>The rendered and validated params.</summary>
    public object Params { get; }

    /// <summary>
    /// The type's HTTP client (named <c>Connectors:&lt;typeId&gt;</c>): allowed hosts checked on every request and
    /// redirect, per-host TLS and proxy, timeout, response-size limit and transient retries.
    /// </summary>
    public HttpClient HttpClient => httpClient ??= httpClients.GetClient(Connector.ConnectorTypeId);

    /// <summary>The policy: allowed hosts and email allowlists.</summary>
    public ConnectorPolicy Policy { get; }

    /// <summary>A logger named after the type.</summary>
    public ILogger Logger { get; }

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>The base URL from <see cref="ConnectorsOptions.ServiceUrls"/> for this type, if configured.</summary>
    public string? ServiceUrl { get; }

    /// <summary>
    /// Records the tokens an LLM call used: they go into the execution's event-log entry
    /// (<see cref="ConnectorEvent.TokenUsage"/>) and on the <c>gen_ai.client.token.usage</c> histogram. For a streamed
    /// result, put the usage on the chunk that carries it instead (<see cref="ConnectorStreamChunk.Usage"/>).
    /// </summary>
    /// <param name="usage">The usage the service reported.</param>
    public void ReportTokenUsage(TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        TokenUsage = usage;
    }

    /// <summary>The usage reported with <see cref="ReportTokenUsage"/>, if any.</summary>
    internal TokenUsage? TokenUsage { get; private set; }

    /// <summary>Gets the config as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The config schema's type.</typeparam>
    /// <returns>The config.</returns>
    public T GetConfig<T>() => (T)Config;

    /// <summary>Gets the secrets as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The secrets schema's type.</typeparam>
    /// <returns>The secrets.</returns>
    public T GetSecrets<T>() => (T)Secrets;

    /// <summary>Gets the params as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The params schema's type.</typeparam>
    /// <returns>The params.</returns>
    public T GetParams<T>() => (T)Params;

    /// <summary>
    /// Creates an HTTP client with per-connector TLS settings (a client certificate, CAs, a verification mode) and the
    /// same guards as <see cref="HttpClient"/>. Clients with equal settings share one handler; do not dispose it.
    /// </summary>
    /// <param name="options">The TLS settings.</param>
    /// <returns>The client.</returns>
    public HttpClient CreateHttpClient(ConnectorHttpClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return httpClients.CreateClient(Connector.ConnectorTypeId, options);
    }
}
