using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.Jira;

/// <summary>
/// <c>.jira</c> (gold): Jira issues through REST v2 — <c>pushToService</c> (create or update by <c>externalId</c>,
/// comments), <c>getIncident</c>, <c>issueTypes</c>, <c>fieldsByIssueType</c>, <c>getFields</c>, <c>issues</c>,
/// <c>issue</c>, <c>handshake</c> — authenticated with <c>email:apiToken</c>.
/// </summary>
internal sealed class JiraConnector : IConnectorExecutor
{
    public const string TypeId = ".jira";

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Jira",
        MinimumLicenseRequired = LicenseLevel.Gold,
        SupportedFeatureIds =
        [
            ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Cases, ConnectorFeatureIds.Uptime, ConnectorFeatureIds.Siem, ConnectorFeatureIds.Workflows,
        ],
        Config = ConnectorSchema.Create(JiraJsonContext.Default.JiraConfig, JiraValidation.ValidateConfig),
        Secrets = ConnectorSchema.Create(JiraJsonContext.Default.JiraSecrets),
        Params = new SubActionUnionSchema(new Dictionary<string, ConnectorSchema>(StringComparer.Ordinal)
        {
            ["getFields"] = ConnectorSchema.Create(JiraJsonContext.Default.JiraNoParams),
            ["getIncident"] = ConnectorSchema.Create(JiraJsonContext.Default.JiraGetIncidentParams),
            ["handshake"] = ConnectorSchema.Create(JiraJsonContext.Default.JiraNoParams),
            ["pushToService"] = ConnectorSchema.Create(JiraJsonContext.Default.JiraPushParams, JiraValidation.ValidatePush),
            ["issueTypes"] = ConnectorSchema.Create(JiraJsonContext.Default.JiraNoParams),
            ["fieldsByIssueType"] = ConnectorSchema.Create(JiraJsonContext.Default.JiraIdParams),
            ["issues"] = ConnectorSchema.Create(JiraJsonContext.Default.JiraIssuesParams),
            ["issue"] = ConnectorSchema.Create(JiraJsonContext.Default.JiraIdParams),
        }),
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = context.GetParams<SubActionCall>();
        return ExternalServiceRun.RunAsync(context, async () =>
        {
            var service = new JiraService(context, context.GetConfig<JiraConfig>(), context.GetSecrets<JiraSecrets>());
            return (call.SubAction, call.Params) switch
            {
                (_, JiraPushParams push) => await PushAsync(service, push, cancellationToken).ConfigureAwait(false),
                (_, JiraGetIncidentParams get) => await service.GetIncidentAsync(get.ExternalId, cancellationToken).ConfigureAwait(false),
                ("getFields", _) => await service.GetFieldsAsync(cancellationToken).ConfigureAwait(false),
                ("issueTypes", _) => await service.IssueTypesAsync(cancellationToken).ConfigureAwait(false),
                ("fieldsByIssueType", JiraIdParams p) => await service.FieldsByIssueTypeAsync(p.Id, cancellationToken).ConfigureAwait(false),
                ("issue", JiraIdParams p) => await service.IssueAsync(p.Id, cancellationToken).ConfigureAwait(false),
                (_, JiraIssuesParams p) => await service.IssuesAsync(p.Title, cancellationToken).ConfigureAwait(false),
                _ => (JsonNode?)null,
            };
        });
    }

    /// <summary>Update by <c>externalId</c> or create; then each non-empty comment, with its own <c>created</c> as pushed date.</summary>
    private static async Task<JsonNode?> PushAsync(JiraService service, JiraPushParams push, CancellationToken cancellationToken)
    {
        var incident = push.Incident with { ExternalId = null };
        var result = push.Incident.ExternalId is { } externalId
            ? await service.UpdateIncidentAsync(externalId, incident, cancellationToken).ConfigureAwait(false)
            : await service.CreateIncidentAsync(incident, cancellationToken).ConfigureAwait(false);
        if (push.Comments is { Count: > 0 } comments)
        {
            var pushed = new JsonArray();
            foreach (var comment in comments.Where(c => !string.IsNullOrEmpty(c.Comment)))
            {
                var added = await service.CreateCommentAsync((string)result["id"]!, comment, cancellationToken).ConfigureAwait(false);
                pushed.Add(new JsonObject { ["commentId"] = added["commentId"]?.DeepClone(), ["pushedDate"] = added["pushedDate"]?.DeepClone() });
            }

            result["comments"] = pushed;
        }

        return result;
    }
}
