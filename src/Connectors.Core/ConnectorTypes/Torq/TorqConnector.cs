using System.Text;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Microsoft.Extensions.Logging;

namespace Connectors.ConnectorTypes.Torq;

/// <summary>
/// <c>.torq</c>: posts the (parsed, re-serialized) JSON <c>body</c> to a Torq webhook integration with
/// <c>X-Torq-Token</c>. Params render without escaping (Kibana's <c>renderMustacheObject</c>); success returns the body string.
/// </summary>
internal sealed partial class TorqConnector : IConnectorExecutor
{
    public const string TypeId = ".torq";
    private const string Prefix = "error triggering Torq workflow, ";

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Torq",
        MinimumLicenseRequired = LicenseLevel.Gold,
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Uptime, ConnectorFeatureIds.Siem],
        Config = ConnectorSchema.Create(TorqJsonContext.Default.TorqConfig, TorqValidation.ValidateConfig),
        Secrets = ConnectorSchema.Create(TorqJsonContext.Default.TorqSecrets),
        Params = ConnectorSchema.Create(TorqJsonContext.Default.TorqParams),
    };

    public async ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.ConnectorId;
        var data = context.GetParams<TorqParams>().Body;
        if (!JsJsonText.TryReserialize(string.IsNullOrEmpty(data) ? "null" : data, out var json, out var parseError))
        {
            InvalidBody(context.Logger, id, parseError);
            return ConnectorResult.Error(id, Prefix + "invalid body", parseError);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, context.GetConfig<TorqConfig>().WebhookIntegrationUrl);
        request.Headers.TryAddWithoutValidation("X-Torq-Token", context.GetSecrets<TorqSecrets>().Token);
        if (json is not ("null" or "false" or "0" or "\"\""))
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await context.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            var code = HttpResults.ErrorCode(ex);
            var message = code is null ? HttpResults.MessageOf(ex) : $"[{code}] {HttpResults.MessageOf(ex)}";
            TorqError(context.Logger, id, message);
            return ConnectorResult.Error(id, Prefix + "request failed", message, errorSource: HttpResults.SourceOf(ex));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return ConnectorResult.Ok(id, JsonValue.Create(data));
            }

            var text = await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false);
            var responseMessage = (HttpResults.ParseBody(text) as JsonObject)?["message"] is JsonNode m
                ? m is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : m.ToJsonString(HttpResults.JsonOptions)
                : null;
            var serviceMessage = $"[{status}] {response.ReasonPhrase}{(string.IsNullOrEmpty(responseMessage) ? string.Empty : ": " + responseMessage)}";
            TorqError(context.Logger, id, serviceMessage);
            if (status >= 500)
            {
                return ConnectorResult.Error(id, Prefix + "retry later", serviceMessage, RetryHint.Later);
            }

            if (status == 429)
            {
                return HttpResults.RetryAt(response, context.TimeProvider) is { } at
                    ? ConnectorResult.Error(id, $"{Prefix}retry at {HttpResults.ToIsoString(at)}", serviceMessage, RetryHint.At(at), ErrorSource.User)
                    : ConnectorResult.Error(id, Prefix + "retry later", serviceMessage, RetryHint.Later, ErrorSource.User);
            }

            var source = HttpResults.IsUserErrorStatus(status) || status is 404 or 405 ? ErrorSource.User : ErrorSource.Framework;
            return status switch
            {
                405 => ConnectorResult.Error(id, Prefix + "method is not supported", serviceMessage, errorSource: source),
                401 => ConnectorResult.Error(id, Prefix + "unauthorised", serviceMessage, errorSource: source),
                404 => ConnectorResult.Error(id, Prefix + "make sure the webhook URL is valid", serviceMessage, errorSource: source),
                _ => ConnectorResult.Error(id, Prefix + "invalid response", serviceMessage, errorSource: source),
            };
        }
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Error, Message = "error on {ConnectorId} Torq event: error triggering Torq workflow, invalid body: {Error}")]
    private static partial void InvalidBody(ILogger logger, string connectorId, string error);

    [LoggerMessage(EventId = 411, Level = LogLevel.Error, Message = "error on {ConnectorId} Torq event: {Message}")]
    private static partial void TorqError(ILogger logger, string connectorId, string message);
}
