namespace Connectors.Core.Tests.Templating;

/// <summary>One test of the Mustache spec suite.</summary>
internal sealed record SpecCase(string Id, string Name, System.Text.Json.Nodes.JsonNode? Data, string Template, string Expected, Dictionary<string, string>? Partials)
{
    public bool HasLambda => Data?.ToJsonString().Contains("__tag__", StringComparison.Ordinal) == true;
}
