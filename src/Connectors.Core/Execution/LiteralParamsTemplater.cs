using System.Text.Json.Nodes;

namespace Connectors.Internal;

/// <summary>Placeholder until the Mustache renderer is wired in: returns the params unchanged.</summary>
internal sealed class LiteralParamsTemplater : IParamsTemplater
{
    public JsonObject Render(JsonObject parameters, object variables, ConnectorTypeDefinition type) =>
        parameters.DeepClone().AsObject();
}
