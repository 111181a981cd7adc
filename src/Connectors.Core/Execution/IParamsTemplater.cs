using System.Text.Json.Nodes;
using Connectors.Templating;

namespace Connectors.Internal;

/// <summary>Renders a params tree with the escapes a connector type declares (Kibana's <c>renderParameterTemplates</c>).</summary>
internal interface IParamsTemplater
{
    /// <summary>Renders every string leaf; throws <see cref="ParamsRenderException"/> when rendering must fail.</summary>
    JsonObject Render(JsonObject parameters, object variables, ConnectorTypeDefinition type, TemplateDialect dialect, CancellationToken cancellationToken);
}

/// <summary>A template that could not be rendered, in the fail-fast template error mode.</summary>
internal sealed class ParamsRenderException(string message, Exception? inner = null) : Exception(message, inner);
