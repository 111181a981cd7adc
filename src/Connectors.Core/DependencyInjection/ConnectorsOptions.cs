using Connectors.Templating;

namespace Connectors;

/// <summary>
/// The options of Connectors.Core. Names follow kibana.yml's <c>xpack.actions.*</c>; bind them from configuration
/// with <c>AddConnectors(IConfiguration)</c>.
/// </summary>
public sealed class ConnectorsOptions
{
    /// <summary>The license level used when no <see cref="ILicenseProvider"/> is registered (always active).</summary>
    /// <value>The default value is <see cref="LicenseLevel.Basic"/>.</value>
    public LicenseLevel License { get; set; } = LicenseLevel.Basic;

    /// <summary>The connector types that may be used; <c>*</c> for all, empty for none (<c>xpack.actions.enabledActionTypes</c>).</summary>
    /// <value>The default value is <c>["*"]</c>.</value>
    public IList<string> EnabledConnectorTypes { get; set; } = ["*"];

    /// <summary>
    /// The hosts connectors may reach: <c>*</c> for all, exact host names (case-insensitive), or <c>*.example.com</c>
    /// for any subdomain (<c>xpack.actions.allowedHosts</c>). Checked at create/update, at execute and on every
    /// HTTP request and redirect.
    /// </summary>
    /// <value>The default value is <c>["*"]</c>.</value>
    public IList<string> AllowedHosts { get; set; } = ["*"];

    /// <summary>The email policy (<c>xpack.actions.email</c>).</summary>
    public EmailOptions Email { get; set; } = new();

    /// <summary>The <c>.index</c> connector's Elasticsearch credentials (the cluster URL is <c>ServiceUrls[".index"]</c>).</summary>
    public IndexOptions Index { get; set; } = new();

    /// <summary>
    /// The <c>.inference</c> connector's Elasticsearch credentials (the cluster URL is <c>ServiceUrls[".inference"]</c>):
    /// the cluster whose <c>_inference</c> endpoints the AI connectors call.
    /// </summary>
    public IndexOptions Inference { get; set; } = new();

    /// <summary>Connectors defined in configuration, by id (<c>xpack.actions.preconfigured</c>).</summary>
    public IDictionary<string, PreconfiguredConnectorOptions> Preconfigured { get; set; } =
        new Dictionary<string, PreconfiguredConnectorOptions>(StringComparer.Ordinal);

    /// <summary>Per-host TLS and SMTP settings (<c>xpack.actions.customHostSettings</c>).</summary>
    public IList<CustomHostSettings> CustomHostSettings { get; set; } = [];

    /// <summary>The proxy for outbound HTTP (<c>xpack.actions.proxyUrl</c>); none when <see langword="null"/>.</summary>
    public string? ProxyUrl { get; set; }

    /// <summary>Headers sent to the proxy (<c>xpack.actions.proxyHeaders</c>).</summary>
    public IDictionary<string, string> ProxyHeaders { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Hosts reached without the proxy (<c>xpack.actions.proxyBypassHosts</c>). Cannot be combined with <see cref="ProxyOnlyHosts"/>.</summary>
    public IList<string>? ProxyBypassHosts { get; set; }

    /// <summary>The only hosts reached through the proxy (<c>xpack.actions.proxyOnlyHosts</c>).</summary>
    public IList<string>? ProxyOnlyHosts { get; set; }

    /// <summary>The global TLS settings (<c>xpack.actions.ssl</c>).</summary>
    public SslSettings Ssl { get; set; } = new();

    /// <summary>The largest response body read from a service, in bytes (<c>xpack.actions.maxResponseContentLength</c>).</summary>
    /// <value>The default value is 1,000,000 bytes.</value>
    public long MaxResponseContentLength { get; set; } = 1_000_000;

    /// <summary>The timeout of one outbound HTTP request (<c>xpack.actions.responseTimeout</c>).</summary>
    /// <remarks>
    /// On the system clock, a timeout of a second or more is shared by the requests that start within 1/64 of it (at
    /// most 1 s), so it ends up to that much after the timeout (under a second for the default); shorter timeouts, and
    /// any timeout under another <see cref="TimeProvider"/>, are exact.
    /// </remarks>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The attempts for a transient HTTP failure (408, 429, 5xx, transport errors), first try included (<c>xpack.actions.run.maxAttempts</c>).</summary>
    /// <value>The default value is 3.</value>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Per-type overrides of <see cref="MaxAttempts"/> (<c>xpack.actions.run.connectorTypeOverrides</c>).</summary>
    public IDictionary<string, int> MaxAttemptsOverrides { get; set; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The first backoff delay between attempts; later ones grow exponentially, with jitter.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait slept in-process before another attempt. A service that asks for a longer wait
    /// (<c>Retry-After</c>) is not retried in-process: the result returns at once with <see cref="RetryHint.RetryAt"/>.
    /// </summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan MaxInProcessRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest an execution may take before it ends with an <c>execute-timeout</c> event and an error result.</summary>
    /// <remarks>
    /// On the system clock and without a cancellable token from the caller, the timeout is shared by the executions that
    /// start within 1/64 of it (at most 1 s), so it ends up to that much after the timeout; with a caller's token, under
    /// another <see cref="TimeProvider"/>, or below a second, it is exact.
    /// </remarks>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The base URL of types whose Kibana config has no URL field, by type id (for example
    /// <c>".slack_api" → "https://slack.com/api/"</c>), so that tests and private clouds can point elsewhere.
    /// </summary>
    public IDictionary<string, string> ServiceUrls { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// What a template that cannot be rendered does: <see cref="TemplateErrorMode.Inline"/> (Kibana) puts
    /// <c>error rendering mustache template "…": …</c> into the param and sends it anyway;
    /// <see cref="TemplateErrorMode.Fail"/> ends the execution with a user error before anything is sent.
    /// </summary>
    /// <value>The default value is <see cref="TemplateErrorMode.Inline"/>.</value>
    public TemplateErrorMode TemplateErrors { get; set; } = TemplateErrorMode.Inline;

    /// <summary>How many events the in-memory event log keeps (the latest).</summary>
    /// <value>The default value is 10,000.</value>
    public int EventLogCapacity { get; set; } = 10_000;
}
