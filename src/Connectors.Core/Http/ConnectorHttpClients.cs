using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Connectors.Internal;

/// <summary>
/// Builds connectors' HTTP clients: a named client per type from <see cref="IHttpClientFactory"/>
/// (<c>Connectors:&lt;typeId&gt;</c>), and per-connector clients for client certificates. Every client has the same
/// chain, outermost first: retries (408/429/5xx/transport, <c>Retry-After</c>) → redirects (max 5) → allowed-hosts
/// guard → timeout and response-size limit → a <see cref="SocketsHttpHandler"/> with the TLS and proxy policy.
/// </summary>
internal sealed class ConnectorHttpClients : IDisposable
{
    public const string NamePrefix = "Connectors:";

    private readonly IHttpClientFactory factory;
    private readonly IHttpMessageHandlerFactory? handlerFactory;
    private readonly IOptionsMonitor<HttpClientFactoryOptions>? factoryOptions;
    private readonly IOptionsMonitor<ConnectorsOptions> options;
    private readonly ConnectorPolicy policy;
    private readonly CustomHostSettingsRegistry hosts;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly Func<string, int?> typeMaxAttempts;
    private readonly ConcurrentDictionary<string, HttpMessageHandler> dedicated = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CachedClient> named = new(StringComparer.Ordinal);

    public ConnectorHttpClients(
        IHttpClientFactory factory,
        IOptionsMonitor<ConnectorsOptions> options,
        ConnectorPolicy policy,
        CustomHostSettingsRegistry hosts,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        ConnectorTypeRegistry types,
        IHttpMessageHandlerFactory? handlerFactory = null,
        IOptionsMonitor<HttpClientFactoryOptions>? factoryOptions = null)
    {
        this.factory = factory;
        // The factory's own client is made here the way the default factory makes it (its handler, then the
        // ConfigureHttpClient actions), as a ConnectorHttpClient; a host that replaced IHttpClientFactory keeps its own.
        if (ReferenceEquals(factory, handlerFactory) && factoryOptions is not null)
        {
            this.handlerFactory = handlerFactory;
            this.factoryOptions = factoryOptions;
        }

        this.options = options;
        this.policy = policy;
        this.hosts = hosts;
        this.timeProvider = timeProvider;
        logger = loggerFactory.CreateLogger("Connectors.Http");
        typeMaxAttempts = id => types.TryGet(id, out var executor) ? executor.Definition.MaxAttempts : null;
    }

    /// <summary>How long one factory client is reused before the factory is asked again (it rotates its handlers).</summary>
    internal static readonly TimeSpan ClientReuse = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The type's named client. The factory's client is reused for <see cref="ClientReuse"/> rather than created per
    /// execute (an <see cref="HttpClient"/> is thread-safe, and connectors never dispose it); the connections live in
    /// the handler either way, and asking the factory again every 30 s keeps its handler rotation (and so option
    /// changes) in effect.
    /// </summary>
    public HttpClient GetClient(string connectorTypeId)
    {
        var now = Environment.TickCount64;
        if (named.TryGetValue(connectorTypeId, out var cached) && now < cached.ExpiresAt)
        {
            return cached.Client;
        }

        var client = CreateNamedClient(NamePrefix + connectorTypeId);
        named[connectorTypeId] = new CachedClient(client, now + (long)ClientReuse.TotalMilliseconds);
        return client;
    }

    /// <summary>
    /// What <see cref="IHttpClientFactory.CreateClient(string)"/> returns for <paramref name="name"/>, as a
    /// <see cref="ConnectorHttpClient"/> when the factory is the default one.
    /// </summary>
    private HttpClient CreateNamedClient(string name)
    {
        if (handlerFactory is null)
        {
            return factory.CreateClient(name);
        }

        var handler = handlerFactory.CreateHandler(name);
        var client = new ConnectorHttpClient(handler, ConnectorHttpClient.IsChainOutermost(handler));
        foreach (var action in factoryOptions!.Get(name).HttpClientActions)
        {
            action(client);
        }

        return client;
    }

    public HttpClient CreateClient(string connectorTypeId, ConnectorHttpClientOptions clientOptions)
    {
        var key = $"{connectorTypeId}|{Fingerprint(clientOptions)}";
        var handler = dedicated.GetOrAdd(key, _ =>
        {
            var primary = CreatePrimaryHandler(clientOptions);
            var chain = CreateHandlers(connectorTypeId);
            for (var i = 0; i < chain.Count - 1; i++)
            {
                chain[i].InnerHandler = chain[i + 1];
            }

            chain[^1].InnerHandler = primary;
            return chain[0];
        });
        return new ConnectorHttpClient(handler, chainIsOutermost: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The delegating handlers of the chain, outermost first.</summary>
    public List<DelegatingHandler> CreateHandlers(string connectorTypeId)
    {
        var current = options.CurrentValue;
        var attempts = current.MaxAttemptsOverrides.TryGetValue(connectorTypeId, out var overridden)
            ? overridden
            : typeMaxAttempts(connectorTypeId) ?? current.MaxAttempts;
        RetryPolicy? retry = null;
        if (attempts > 1)
        {
            var maxWait = current.MaxInProcessRetryDelay;
            retry = new RetryPolicy(CreateRetryPipeline(attempts, current), outcome => ShouldRetry(outcome, maxWait, timeProvider));
        }

        // One handler: the policy of every hop, redirects and retries (one async frame on the hot path).
        return [new RedirectHandler(policy, current.ResponseTimeout, current.MaxResponseContentLength, timeProvider, logger, retry)];
    }

    public HttpMessageHandler CreatePrimaryHandler(ConnectorHttpClientOptions? clientOptions = null)
    {
        X509Certificate2Collection? connectorCas = null;
        if (clientOptions?.CertificateAuthoritiesPem is { Length: > 0 } pem)
        {
            connectorCas = [];
            connectorCas.ImportFromPem(pem);
        }

        var current = options.CurrentValue;
        ConnectorsWebProxy? proxy = null;
        if (!string.IsNullOrWhiteSpace(current.ProxyUrl) && Uri.TryCreate(current.ProxyUrl, UriKind.Absolute, out var proxyUri))
        {
            proxy = new ConnectorsWebProxy(proxyUri, current.ProxyBypassHosts, current.ProxyOnlyHosts, [.. current.ProxyHeaders]);
        }

        // Without custom hosts there is nothing to route: the sockets handler is the primary handler itself.
        HttpMessageHandler primary = hosts.IsEmpty
            ? CreateSocketsHandler(clientOptions, connectorCas, null, proxy)
            : new CustomHostRoutingHandler(hosts, host => CreateSocketsHandler(clientOptions, connectorCas, host, proxy));
        if (proxy is not null && current.ProxyHeaders.Count > 0)
        {
            primary = new ProxyHeadersHandler(proxy, [.. current.ProxyHeaders]) { InnerHandler = primary };
        }

        return primary;
    }

    private SocketsHttpHandler CreateSocketsHandler(
        ConnectorHttpClientOptions? clientOptions, X509Certificate2Collection? connectorCas, ResolvedHostSettings? host, ConnectorsWebProxy? proxy)
    {
        var current = options.CurrentValue;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // Decompression is done by RedirectHandler (ResponseDecoding), only for responses that are compressed.
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            UseCookies = false,
        };
        var mode = clientOptions?.VerificationMode ?? host?.VerificationMode ?? current.Ssl.VerificationMode;
        var cas = connectorCas ?? host?.CertificateAuthorities;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            TlsValidator.Validate(certificate, chain, errors, mode, cas);
        if (proxy?.NeedsConnectCallback == true)
        {
            // SocketsHttpHandler would run an HTTPS proxy's handshake with a copy of the target's TLS options (it has no
            // separate proxy settings), so it is handed the proxy as plain http and the connection callback makes the
            // TLS connection to the proxy itself, checked with Ssl.ProxyVerificationMode (xpack.actions.ssl.proxyVerificationMode);
            // and its CONNECT request cannot carry ProxyHeaders, so with those the callback tunnels HTTPS targets itself.
            handler.ConnectCallback = proxy.CreateConnectCallback(current.Ssl.ProxyVerificationMode);
        }

        if (clientOptions?.ClientCertificate is { } clientCertificate)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        handler.UseProxy = proxy is not null;
        handler.Proxy = proxy;

        return handler;
    }

    public void Dispose()
    {
        foreach (var handler in dedicated.Values)
        {
            handler.Dispose();
        }
    }

    private sealed record CachedClient(HttpClient Client, long ExpiresAt);

    private static string Fingerprint(ConnectorHttpClientOptions o)
    {
        var material = $"{o.ClientCertificate?.Thumbprint}|{o.VerificationMode}|{o.CertificateAuthoritiesPem}";
        return Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(material)));
    }

    private ResiliencePipeline<HttpResponseMessage> CreateRetryPipeline(int attempts, ConnectorsOptions current)
    {
        var maxWait = current.MaxInProcessRetryDelay;
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = attempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = current.RetryBaseDelay,
            MaxDelay = maxWait > TimeSpan.Zero ? maxWait : null,
            // Retry-After (seconds or HTTP date) read with our clock: the built-in ShouldRetryAfterHeader reads dates
            // against TimeProvider.System, so it would disagree with ShouldRetry under a test or host clock.
            ShouldRetryAfterHeader = false,
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result is { } response ? RetryAfter.Get(response.Headers, timeProvider) : null),
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, maxWait, timeProvider)),
        };
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddRetry(retry)
            .Build();
    }

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxWait, TimeProvider timeProvider)
    {
        if (outcome.Exception is { } exception)
        {
            return exception switch
            {
                HostNotAllowedException or ResponseTooLargeException or TooManyRedirectsException or UnsupportedProtocolException => false,
                HttpRequestException or TimeoutRejectedException => true,
                _ => false,
            };
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status is not (408 or 429) && status < 500)
        {
            return false;
        }

        return RetryAfter.Get(response.Headers, timeProvider) is not { } wait || wait <= maxWait;
    }
}

/// <summary>Reads <c>Retry-After</c>: delta seconds or an HTTP date.</summary>
internal static class RetryAfter
{
    public static TimeSpan? Get(HttpResponseHeaders headers, TimeProvider timeProvider)
    {
        if (headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}

/// <summary>
/// Puts the connector chain into the factory's named clients <c>Connectors:*</c> and removes the factory's default
/// logging handlers from them: those log full URLs, and a URL can carry a secret (a Slack webhook's path).
/// </summary>
internal sealed class ConnectorHttpHandlerFilter(IServiceProvider services) : IHttpMessageHandlerBuilderFilter
{
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        var factoryDefault = builder.PrimaryHandler;
        next(builder);
        if (builder.Name is not { } name || !name.StartsWith(ConnectorHttpClients.NamePrefix, StringComparison.Ordinal))
        {
            return;
        }

        var clients = (ConnectorHttpClients)services.GetService(typeof(ConnectorHttpClients))!;
        for (var i = builder.AdditionalHandlers.Count - 1; i >= 0; i--)
        {
            var type = builder.AdditionalHandlers[i].GetType();
            if (type.Namespace == "Microsoft.Extensions.Http.Logging")
            {
                builder.AdditionalHandlers.RemoveAt(i);
            }
        }

        foreach (var handler in clients.CreateHandlers(name[ConnectorHttpClients.NamePrefix.Length..]))
        {
            builder.AdditionalHandlers.Add(handler);
        }

        // A primary handler the host configured itself (for example a test transport through
        // AddHttpClient("Connectors:.webhook").ConfigurePrimaryHttpMessageHandler(...)) is kept; the factory's
        // default one is replaced by the TLS- and proxy-aware handler.
        if (builder.PrimaryHandler is null || ReferenceEquals(builder.PrimaryHandler, factoryDefault))
        {
            factoryDefault?.Dispose();
            builder.PrimaryHandler = clients.CreatePrimaryHandler();
        }
    };
}

/// <summary>Turns off <see cref="HttpClient.Timeout"/> for the connector clients: the chain bounds each attempt itself.</summary>
internal sealed class ConnectorHttpClientFactoryOptionsSetup : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        if (name?.StartsWith(ConnectorHttpClients.NamePrefix, StringComparison.Ordinal) == true)
        {
            options.HttpClientActions.Add(client => client.Timeout = Timeout.InfiniteTimeSpan);
        }
    }

    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);
}
