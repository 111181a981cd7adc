using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Jira;

/// <summary>The <c>.jira</c> config: the site URL and the project key.</summary>
internal sealed record JiraConfig
{
    public required string ApiUrl { get; init; }

    public required string ProjectKey { get; init; }
}

/// <summary>The <c>.jira</c> secrets: the account email and its API token.</summary>
internal sealed record JiraSecrets
{
    public required string Email { get; init; }

    public required string ApiToken { get; init; }
}

/// <summary><c>handshake</c>, <c>issueTypes</c>, <c>getFields</c>: no params.</summary>
internal sealed record JiraNoParams;

/// <summary><c>getIncident</c>.</summary>
internal sealed record JiraGetIncidentParams
{
    public required string ExternalId { get; init; }
}

/// <summary><c>fieldsByIssueType</c> and <c>issue</c>.</summary>
internal sealed record JiraIdParams
{
    public required string Id { get; init; }
}

/// <summary><c>issues</c>: a summary search.</summary>
internal sealed record JiraIssuesParams
{
    public required string Title { get; init; }
}

/// <summary><c>pushToService</c>.</summary>
internal sealed record JiraPushParams
{
    public required JiraIncident Incident { get; init; }

    public List<JiraComment>? Comments { get; init; }
}

/// <summary>A comment.</summary>
internal sealed record JiraComment
{
    public required string Comment { get; init; }

    public required string CommentId { get; init; }
}

/// <summary>The issue to create or update.</summary>
internal sealed record JiraIncident
{
    public required string Summary { get; init; }

    public string? Description { get; init; }

    public string? ExternalId { get; init; }

    public string? IssueType { get; init; }

    public string? Priority { get; init; }

    public List<string>? Labels { get; init; }

    public string? Parent { get; init; }

    public JsonNode? OtherFields { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(JiraConfig))]
[JsonSerializable(typeof(JiraSecrets))]
[JsonSerializable(typeof(JiraNoParams))]
[JsonSerializable(typeof(JiraGetIncidentParams))]
[JsonSerializable(typeof(JiraIdParams))]
[JsonSerializable(typeof(JiraIssuesParams))]
[JsonSerializable(typeof(JiraPushParams))]
internal sealed partial class JiraJsonContext : JsonSerializerContext;
