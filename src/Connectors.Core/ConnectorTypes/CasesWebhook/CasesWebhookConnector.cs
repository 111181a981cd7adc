using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.ConnectorTypes.Webhook;

namespace Connectors.ConnectorTypes.CasesWebhook;

/// <summary>
/// <c>.cases-webhook</c> (Webhook - Case Management): <c>pushToService</c> creates or updates a case in any REST case
/// system through configured URL and JSON templates, then posts the new comments. Failures are what Kibana makes of a
/// thrown error: <c>an error occurred while running the action</c> with the wrapped text as service message, retry.
/// </summary>
internal sealed class CasesWebhookConnector : IConnectorExecutor
{
    public const string TypeId = ".cases-webhook";

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = CasesWebhookService.ConnectorName,
        MinimumLicenseRequired = LicenseLevel.Gold,
        SupportedFeatureIds = [ConnectorFeatureIds.Cases],
        Config = ConnectorSchema.Create(CasesWebhookJsonContext.Default.CasesWebhookConfig, CasesWebhookValidation.ValidateConfig),
        Secrets = ConnectorSchema.Create(WebhookJsonContext.Default.WebhookSecrets, WebhookValidation.ValidateSecrets),
        Params = new SubActionUnionSchema(new Dictionary<string, ConnectorSchema>
        {
            ["pushToService"] = ConnectorSchema.Create(CasesWebhookJsonContext.Default.CasesWebhookPushParams),
        }),
        ValidateConnector = CasesWebhookValidation.ValidateConnector,
    };

    public async ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.ConnectorId;
        var call = context.GetParams<SubActionCall>();
        try
        {
            var service = new CasesWebhookService(context);
            var p = (CasesWebhookPushParams)call.Params;
            var result = p.Incident.ExternalId is { } externalId
                ? await service.UpdateIncidentAsync(externalId, p.Incident, cancellationToken).ConfigureAwait(false)
                : await service.CreateIncidentAsync(p.Incident, cancellationToken).ConfigureAwait(false);
            if (p.Comments is { Count: > 0 } comments)
            {
                var pushed = new JsonArray();
                result["comments"] = pushed;
                foreach (var comment in comments)
                {
                    if (string.IsNullOrEmpty(comment.Comment))
                    {
                        continue;
                    }

                    await service.CreateCommentAsync(result["id"]!.GetValue<string>(), comment.Comment, cancellationToken).ConfigureAwait(false);
                    pushed.Add(new JsonObject { ["commentId"] = comment.CommentId, ["pushedDate"] = result["pushedDate"]!.DeepClone() });
                }
            }

            return ConnectorResult.Ok(id, result);
        }
        catch (CasesWebhookException ex)
        {
            return ExecutorResults.Thrown(id, ex.Message, ex.ErrorSource);
        }
        catch (SubActionException ex)
        {
            return ExecutorResults.Thrown(id, ex.Message, ex.ErrorSource);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException)
        {
            // An unreadable client certificate or CA: Kibana fails building its HTTPS agent.
            return ExecutorResults.Thrown(id, ex.Message, ErrorSource.User);
        }
    }
}
