using System.Text.Json.Nodes;
using Connectors.Templating;

namespace Connectors;

/// <summary>
/// What the framework needs to know about a connector type: identity, license, features, how its config, secrets
/// and params are bound and validated, and which escape each param is rendered with.
/// </summary>
public sealed class ConnectorTypeDefinition
{
    /// <summary>The type id, for example <c>.webhook</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The display name, for example <c>Webhook</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The minimum license level.</summary>
    /// <value>The default value is <see cref="LicenseLevel.Basic"/>.</value>
    public LicenseLevel MinimumLicenseRequired { get; init; } = LicenseLevel.Basic;

    /// <summary>The features the type supports (see <see cref="ConnectorFeatureIds"/>); at least one.</summary>
    public required IReadOnlyList<string> SupportedFeatureIds { get; init; }

    /// <summary>Whether this is a system action type (no user-created connectors).</summary>
    public bool IsSystemActionType { get; init; }

    /// <summary>The config schema.</summary>
    /// <value>The default value is <see cref="ConnectorSchema.Empty"/>.</value>
    public ConnectorSchema Config { get; init; } = ConnectorSchema.Empty;

    /// <summary>The secrets schema.</summary>
    /// <value>The default value is <see cref="ConnectorSchema.Empty"/>.</value>
    public ConnectorSchema Secrets { get; init; } = ConnectorSchema.Empty;

    /// <summary>The params schema, applied after rendering.</summary>
    /// <value>The default value is <see cref="ConnectorSchema.Empty"/>.</value>
    public ConnectorSchema Params { get; init; } = ConnectorSchema.Empty;

    /// <summary>
    /// An optional check across the bound config and secrets; returns an error message, or <see langword="null"/>.
    /// </summary>
    public Func<object, object, ConnectorValidationContext, string?>? ValidateConnector { get; init; }

    /// <summary>The escape for params that <see cref="ParamEscapes"/> does not name.</summary>
    /// <value>The default value is <see cref="MustacheEscape.None"/>.</value>
    public MustacheEscape DefaultParamEscape { get; init; } = MustacheEscape.None;

    /// <summary>The escape per param path (property names joined by <c>.</c>; array items add no segment).</summary>
    public IReadOnlyDictionary<string, MustacheEscape> ParamEscapes { get; init; } = new Dictionary<string, MustacheEscape>();

    /// <summary>
    /// Optional: picks the escape from the params themselves (for example by <c>subAction</c>); returns
    /// <see langword="null"/> to fall back to <see cref="ParamEscapes"/>.
    /// </summary>
    public Func<JsonObject, string, MustacheEscape?>? ParamEscapeSelector { get; init; }

    /// <summary>
    /// Optional: rewrites the params, given the variables, before they are rendered with Mustache (a type's own step
    /// in Kibana's <c>renderParameterTemplates</c>, for example Opsgenie's <c>{{rule.tags}}</c> expansion).
    /// </summary>
    internal Func<JsonObject, object, JsonObject>? PrepareParamsForRendering { get; init; }

    /// <summary>
    /// Optional: the type's whole <c>renderParameterTemplates</c>, replacing the Mustache pass over every string leaf
    /// (for example Tines, whose run body becomes the JSON of all variables, or D3, which renders only its body).
    /// Given the params, the variables and a renderer for one template with an escape; returns the rendered params.
    /// </summary>
    internal Func<JsonObject, object, Func<string, MustacheEscape, string>, JsonObject>? RenderParamTemplates { get; init; }

    /// <summary>Optional: whether a connector with this (stored) config uses a deprecated configuration.</summary>
    public Func<JsonObject, bool>? IsConnectorDeprecated { get; init; }

    /// <summary>The type's own retry budget for transient HTTP failures; <see cref="ConnectorsOptions.MaxAttempts"/> when absent.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Gets the escape for a param path.</summary>
    /// <param name="parameters">The params being rendered.</param>
    /// <param name="path">The param path.</param>
    /// <returns>The escape.</returns>
    public MustacheEscape GetParamEscape(JsonObject parameters, string path)
    {
        if (ParamEscapeSelector?.Invoke(parameters, path) is { } selected)
        {
            return selected;
        }

        return ParamEscapes.TryGetValue(path, out var escape) ? escape : DefaultParamEscape;
    }
}
