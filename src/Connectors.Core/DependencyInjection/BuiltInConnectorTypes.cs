using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Internal;

/// <summary>The connector types <c>AddConnectors()</c> registers: one line per type.</summary>
internal static class BuiltInConnectorTypes
{
    public static void Add(IConnectorsBuilder builder)
    {
        builder.AddConnectorType<ConnectorTypes.ServerLog.ServerLogConnector>();
        builder.AddConnectorType<ConnectorTypes.Webhook.WebhookConnector>();
        builder.AddConnectorType<ConnectorTypes.Slack.SlackConnector>();
        builder.AddConnectorType<ConnectorTypes.SlackApi.SlackApiConnector>();
        builder.AddConnectorType<ConnectorTypes.PagerDuty.PagerDutyConnector>();
        builder.AddConnectorType<ConnectorTypes.Opsgenie.OpsgenieConnector>();
        builder.AddConnectorType<ConnectorTypes.Teams.TeamsConnector>();
        builder.AddConnectorType<ConnectorTypes.Email.EmailConnector>();
        ConnectorTypes.Index.IndexConnector.Register(builder);
        builder.AddConnectorType<ConnectorTypes.XMatters.XMattersConnector>();
        builder.AddConnectorType<ConnectorTypes.Torq.TorqConnector>();
        builder.AddConnectorType<ConnectorTypes.Tines.TinesConnector>();
        builder.AddConnectorType<ConnectorTypes.D3Security.D3SecurityConnector>();
        builder.AddConnectorType<ConnectorTypes.CasesWebhook.CasesWebhookConnector>();
        builder.AddConnectorType<ConnectorTypes.ServiceNow.ServiceNowItsmConnector>();
        builder.AddConnectorType<ConnectorTypes.ServiceNow.ServiceNowSirConnector>();
        builder.AddConnectorType<ConnectorTypes.ServiceNow.ServiceNowItomConnector>();
        builder.AddConnectorType<ConnectorTypes.Jira.JiraConnector>();
        builder.AddConnectorType<ConnectorTypes.JiraServiceManagement.JiraServiceManagementConnector>();
        builder.AddConnectorType<ConnectorTypes.TheHive.TheHiveConnector>();
        builder.AddConnectorType<ConnectorTypes.Xsoar.XsoarConnector>();
        builder.AddConnectorType<ConnectorTypes.Swimlane.SwimlaneConnector>();
        builder.AddConnectorType<ConnectorTypes.Resilient.ResilientConnector>();
        builder.AddConnectorType<ConnectorTypes.CrowdStrike.CrowdStrikeConnector>();
        builder.AddConnectorType<ConnectorTypes.SentinelOne.SentinelOneConnector>();
        builder.AddConnectorType<ConnectorTypes.MicrosoftDefenderEndpoint.MicrosoftDefenderEndpointConnector>();
        builder.AddConnectorType<ConnectorTypes.OpenAI.OpenAIConnector>();
        builder.AddConnectorType<ConnectorTypes.Inference.InferenceConnector>();
        builder.AddConnectorType<ConnectorTypes.Mcp.McpConnector>();
        builder.AddConnectorType<ConnectorTypes.Bedrock.BedrockConnector>();
        builder.AddConnectorType<ConnectorTypes.Gemini.GeminiConnector>();
    }
}
