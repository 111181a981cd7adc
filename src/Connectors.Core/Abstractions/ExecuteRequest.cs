using System.Text.Json.Nodes;
using Connectors.Templating;

namespace Connectors;

/// <summary>A request to execute a connector.</summary>
public sealed record ExecuteRequest
{
    /// <summary>The connector id.</summary>
    public required string ConnectorId { get; init; }

    /// <summary>
    /// The params, with Kibana's field names. When <see cref="Variables"/> is set, every string leaf is a template
    /// rendered with the variables and the escape the connector type declares for that param.
    /// </summary>
    public JsonObject Params { get; init; } = [];

    /// <summary>
    /// The template variables (an alert's <c>context</c>, <c>rule</c>, …): a <c>JsonNode</c>, a dictionary, a POCO
    /// or an anonymous object. <see langword="null"/>: the params are taken literally, as Kibana's <c>_execute</c> does.
    /// </summary>
    public object? Variables { get; init; }

    /// <summary>The template language of <see cref="Params"/> when <see cref="Variables"/> is set.</summary>
    /// <value>The default value is <see cref="TemplateDialect.Mustache"/>.</value>
    public TemplateDialect Dialect { get; init; } = TemplateDialect.Mustache;

    /// <summary>The space the connector is looked up in.</summary>
    /// <value>The default value is <c>default</c>.</value>
    public string SpaceId { get; init; } = "default";
}
