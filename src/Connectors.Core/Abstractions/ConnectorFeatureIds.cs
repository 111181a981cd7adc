namespace Connectors;

/// <summary>Kibana's connector feature ids.</summary>
public static class ConnectorFeatureIds
{
    /// <summary>Alerting rules.</summary>
    public const string Alerting = "alerting";

    /// <summary>Cases.</summary>
    public const string Cases = "cases";

    /// <summary>Uptime.</summary>
    public const string Uptime = "uptime";

    /// <summary>Security Solution.</summary>
    public const string Siem = "siem";

    /// <summary>Generative AI for Security.</summary>
    public const string GenerativeAIForSecurity = "generativeAIForSecurity";

    /// <summary>Generative AI for Observability.</summary>
    public const string GenerativeAIForObservability = "generativeAIForObservability";

    /// <summary>Generative AI for Search Playground.</summary>
    public const string GenerativeAIForSearchPlayground = "generativeAIForSearchPlayground";

    /// <summary>Endpoint Security.</summary>
    public const string EndpointSecurity = "endpointSecurity";

    /// <summary>Workflows.</summary>
    public const string Workflows = "workflows";

    /// <summary>Agent Builder.</summary>
    public const string AgentBuilder = "agentBuilder";

    /// <summary>Every known feature id.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Alerting, Cases, Uptime, Siem, GenerativeAIForSecurity, GenerativeAIForObservability,
        GenerativeAIForSearchPlayground, EndpointSecurity, Workflows, AgentBuilder,
    ];
}
