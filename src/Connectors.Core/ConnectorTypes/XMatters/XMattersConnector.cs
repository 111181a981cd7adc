using System.Text.Json;
using Connectors.ConnectorTypes.Common;
using Microsoft.Extensions.Logging;

namespace Connectors.ConnectorTypes.XMatters;

/// <summary>
/// <c>.xmatters</c>: posts the alert fields to an xMatters flow, with basic auth to <c>configUrl</c> or to a
/// <c>secretsUrl</c> carrying the API key. Success returns the sent payload; 429 and 5xx retry later.
/// </summary>
internal sealed partial class XMattersConnector : IConnectorExecutor
{
    public const string TypeId = ".xmatters";

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "xMatters",
        MinimumLicenseRequired = LicenseLevel.Gold,
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Siem],
        Config = ConnectorSchema.Create(XMattersJsonContext.Default.XMattersConfig, XMattersValidation.ValidateConfig),
        Secrets = ConnectorSchema.Create(XMattersJsonContext.Default.XMattersSecrets, XMattersValidation.ValidateSecrets),
        Params = ConnectorSchema.Create(XMattersJsonContext.Default.XMattersParams),
        ValidateConnector = XMattersValidation.ValidateConnector,
    };

    public async ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.ConnectorId;
        var config = context.GetConfig<XMattersConfig>();
        var secrets = context.GetSecrets<XMattersSecrets>();
        var p = context.GetParams<XMattersParams>();
        var payload = p with { Severity = string.IsNullOrEmpty(p.Severity) ? "High" : p.Severity };
        var body = JsonSerializer.SerializeToNode(payload, XMattersJsonContext.Default.XMattersParams)!;
        var url = config.UsesBasic ? config.ConfigUrl : secrets.SecretsUrl;
        if (string.IsNullOrEmpty(url))
        {
            return Thrown(context, "Error: no url provided", ErrorSource.Framework);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = HttpResults.JsonContent(body) };
        if (config.UsesBasic && secrets.User is { } user && secrets.Password is { } password)
        {
            request.Headers.TryAddWithoutValidation("Authorization", HttpResults.BasicAuthorization(user, password));
        }

        HttpResponseMessage response;
        try
        {
            response = await context.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return Thrown(context, HttpResults.MessageOf(ex), HttpResults.SourceOf(ex));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return ConnectorResult.Ok(id, body);
            }

            return status == 429 || status >= 500
                ? ConnectorResult.Error(id, $"Error triggering xMatters flow: http status {status}, retry later", retry: RetryHint.Later,
                    errorSource: status == 429 ? ErrorSource.User : ErrorSource.Framework)
                : ConnectorResult.Error(id, $"Error triggering xMatters flow: unexpected status {status}",
                    errorSource: HttpResults.IsUserErrorStatus(status) ? ErrorSource.User : ErrorSource.Framework);
        }
    }

    private static ConnectorResult Thrown(ConnectorExecutionContext context, string message, ErrorSource source)
    {
        PostFailed(context.Logger, message);
        return ConnectorResult.Error(context.ConnectorId, "Error triggering xMatters workflow", message, errorSource: source);
    }

    [LoggerMessage(EventId = 420, Level = LogLevel.Warning, Message = "Error thrown triggering xMatters workflow: {Message}")]
    private static partial void PostFailed(ILogger logger, string message);
}
