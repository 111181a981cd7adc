using System.Text.Json.Nodes;

namespace RuleEngine;

/// <summary>When an action runs: when the alert becomes active, or when it recovers.</summary>
public enum ActionGroup
{
    /// <summary>The alert became active (Kibana's <c>threshold met</c>).</summary>
    Active,

    /// <summary>The alert recovered (Kibana's <c>recovered</c>).</summary>
    Recovered,
}

/// <summary>An action of a rule: a connector and templated params (Mustache, rendered with the alert's variables).</summary>
public sealed record RuleAction(ActionGroup Group, string ConnectorId, JsonObject Params);

/// <summary>A threshold rule: one alert per host whose CPU is above <see cref="Threshold"/>.</summary>
public sealed record ThresholdRule(string Id, string Name, double Threshold, IReadOnlyList<RuleAction> Actions);
