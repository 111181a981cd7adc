using System.Text.Json.Nodes;
using Connectors.Templating;
using Connectors.Templating.Internal;
using Microsoft.Extensions.Options;

namespace Connectors.Internal;

/// <summary>
/// Kibana's <c>renderParameterTemplates</c>: every string leaf of the params rendered with the variables and the
/// escape the type declares for its path; or, when the request asks for it, the Scriban dialect.
/// </summary>
internal sealed class ParamsTemplater(ITemplateRenderer mustache, ScribanParamsRenderer scriban, IOptionsMonitor<ConnectorsOptions> options)
    : IParamsTemplater
{
    public JsonObject Render(JsonObject parameters, object variables, ConnectorTypeDefinition type, TemplateDialect dialect, CancellationToken cancellationToken)
    {
        if (dialect == TemplateDialect.Scriban)
        {
            try
            {
                return scriban.RenderParams(parameters, variables, ScribanLimits.Default, cancellationToken);
            }
            catch (ScribanTemplateException ex)
            {
                throw new ParamsRenderException($"error rendering scriban template: {ex.Message}", ex);
            }
        }

        try
        {
            if (type.RenderParamTemplates is { } custom)
            {
                var mode = options.CurrentValue.TemplateErrors;
                return custom(parameters, Given(variables), (template, escape) => mustache.Render(template, variables, escape, mode));
            }

            var prepared = type.PrepareParamsForRendering is { } prepare ? prepare(parameters, Given(variables)) : parameters;
            return mustache.RenderParams(prepared, variables, path => type.GetParamEscape(prepared, path), options.CurrentValue.TemplateErrors);
        }
        catch (MustacheException ex)
        {
            throw new ParamsRenderException(ex.Message, ex);
        }
    }

    /// <summary>
    /// The variables a type's own rendering code reads: as the host gave them, or for prepared JSON variables their
    /// snapshot as a node (built only here, when such code asks); templates read the prepared form.
    /// </summary>
    private static object Given(object variables) => variables is MustacheData data ? data.Variables ?? variables : variables;
}
