using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.Teams;

/// <summary>
/// <c>.teams</c>: posts <c>{"text": message}</c> to a Microsoft Teams incoming webhook. Teams signals throttling with
/// HTTP 200 and <c>ErrorCode:ApplicationThrottled</c> in the body: that is a retry (at <c>Retry-After</c> when given).
/// </summary>
internal sealed class TeamsConnector : IConnectorExecutor
{
    public const string TypeId = ".teams";

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Microsoft Teams",
        MinimumLicenseRequired = LicenseLevel.Gold,
        SupportedFeatureIds =
        [
            ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Uptime, ConnectorFeatureIds.Siem,
            ConnectorFeatureIds.Workflows, ConnectorFeatureIds.AgentBuilder,
        ],
        Secrets = ConnectorSchema.Create(
            TeamsJsonContext.Default.TeamsSecrets,
            static (s, context) => FieldRules.Validate("webhookUrl", s.WebhookUrl, "teams", context)),
        Params = ConnectorSchema.Create(
            TeamsJsonContext.Default.TeamsParams,
            static (p, _) => FieldRules.MinLength("message", p.Message, 1)),
    };

    public async ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.ConnectorId;
        var message = context.GetParams<TeamsParams>().Message;
        var data = new JsonObject { ["text"] = message };
        using var request = new HttpRequestMessage(HttpMethod.Post, context.GetSecrets<TeamsSecrets>().WebhookUrl)
        {
            Content = HttpResults.JsonContent(data),
        };

        HttpResponseMessage response;
        try
        {
            response = await context.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return ConnectorResult.Error(id, "error posting to Microsoft Teams, unexpected error", errorSource: HttpResults.SourceOf(ex));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var body = HttpResults.ParseBody(await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false));
                if (body is JsonValue text && text.GetValueKind() == JsonValueKind.String
                    && text.GetValue<string>().Contains("ErrorCode:ApplicationThrottled", StringComparison.Ordinal))
                {
                    return HttpResults.RetryAt(response, context.TimeProvider) is { } at
                        ? ConnectorResult.Error(id, $"error posting a Microsoft Teams message, retry at {HttpResults.ToIsoString(at)}", message, RetryHint.At(at))
                        : ConnectorResult.Error(id, "error posting a Microsoft Teams message, retry later", retry: RetryHint.Later);
                }

                return ConnectorResult.Ok(id, data);
            }

            if (status >= 500)
            {
                return ConnectorResult.Error(id, "error posting a Microsoft Teams message, retry later", retry: RetryHint.Later);
            }

            return ConnectorResult.Error(
                id,
                "error posting to Microsoft Teams, invalid response",
                $"[{status}] {response.ReasonPhrase}",
                errorSource: HttpResults.IsUserErrorStatus(status) ? ErrorSource.User : ErrorSource.Framework);
        }
    }
}
