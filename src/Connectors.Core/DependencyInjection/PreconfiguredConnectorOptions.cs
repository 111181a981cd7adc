using System.Text.Json.Nodes;

namespace Connectors;

/// <summary>A connector defined in configuration (an entry of kibana.yml's <c>xpack.actions.preconfigured</c>).</summary>
public sealed class PreconfiguredConnectorOptions
{
    /// <summary>The display name; required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The connector type id, for example <c>.server-log</c>; required.</summary>
    public string ActionTypeId { get; set; } = string.Empty;

    /// <summary>The type's config.</summary>
    public JsonObject Config { get; set; } = [];

    /// <summary>The type's secrets.</summary>
    public JsonObject Secrets { get; set; } = [];

    /// <summary>Whether <see cref="Connector.Config"/> is returned by get and list.</summary>
    public bool ExposeConfig { get; set; }
}
