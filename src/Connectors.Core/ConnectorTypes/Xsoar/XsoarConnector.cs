using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.Xsoar;

/// <summary>
/// <c>.xsoar</c> (platinum): Cortex XSOAR — <c>getPlaybooks</c> and <c>run</c> (create an incident, explicit params
/// over the body JSON). Cloud when an API key id is set: <c>/xsoar/public/v1</c> prefix and <c>x-xdr-auth-id</c>.
/// </summary>
internal sealed class XsoarConnector : IConnectorExecutor
{
    public const string TypeId = ".xsoar";

    private static readonly SubActionSet<ConnectorExecutionContext> SubActions =
        new SubActionSet<ConnectorExecutionContext>(TypeId, "XSOAR")
            .Add("getPlaybooks", XsoarJsonContext.Default.XsoarNoParams, GetPlaybooksAsync)
            .Add("run", XsoarJsonContext.Default.XsoarRunParams, RunAsync, ValidateRun);


    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "XSOAR",
        MinimumLicenseRequired = LicenseLevel.Platinum,
        SupportedFeatureIds = [ConnectorFeatureIds.Siem],
        Config = ConnectorSchema.Create(XsoarJsonContext.Default.XsoarConfig, static (c, ctx) => ctx.Policy.IsUriAllowed(c.Url)
            ? null
            : new ConnectorValidationError("url", $"error validating url: {ConnectorPolicy.UriNotAllowedMessage(c.Url)}")),
        Secrets = ConnectorSchema.Create(XsoarJsonContext.Default.XsoarSecrets),
        Params = SubActionEnvelopeSchema.Instance,
        PrepareParamsForRendering = ApplyRuleSeverity,
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SubActions.ExecuteAsync(context, context, context.GetParams<SubActionEnvelope>(), cancellationToken);
    }

    /// <summary><c>run</c> with <c>isRuleSeverity: true</c>: the severity from the rule (otherwise 0).</summary>
    internal static JsonObject ApplyRuleSeverity(JsonObject parameters, object variables) =>
        RuleSeverityParams.Apply(parameters, variables, "run", fallback: 0);

    private static ConnectorValidationError? ValidateRun(XsoarRunParams p, ConnectorValidationContext context)
    {
        if (p.Body is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(p.Body) is JsonObject ? null : new("body", "[body]: must be a JSON object");
        }
        catch (JsonException ex)
        {
            return new("body", $"Error parsing alert body for xSOAR: {ex.Message}");
        }
    }

    private static async ValueTask<JsonNode?> GetPlaybooksAsync(ConnectorExecutionContext context, XsoarNoParams p, CancellationToken cancellationToken) =>
        await SendAsync(
            context, "/playbook/search", new JsonObject(),
            data => data is JsonObject { } o && o["playbooks"] is JsonArray ? null : "[playbooks]: expected value of type [array]",
            cancellationToken).ConfigureAwait(false);

    private static async ValueTask<JsonNode?> RunAsync(ConnectorExecutionContext context, XsoarRunParams p, CancellationToken cancellationToken)
    {
        var body = p.Body is null ? new JsonObject() : JsonNode.Parse(p.Body)!.AsObject();
        foreach (var (key, value) in JsonSerializer.SerializeToNode(p, XsoarJsonContext.Default.XsoarRunParams)!.AsObject())
        {
            if (key != "body")
            {
                body[key] = value?.DeepClone();
            }
        }

        await SendAsync(context, "/incident", body, data => data is JsonObject ? null : "expected an object", cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static Task<JsonNode?> SendAsync(
        ConnectorExecutionContext context, string path, JsonNode body, Func<JsonNode?, string?> validate, CancellationToken cancellationToken)
    {
        var secrets = context.GetSecrets<XsoarSecrets>();
        var isCloud = !string.IsNullOrEmpty(secrets.ApiKeyID);
        var url = context.GetConfig<XsoarConfig>().Url.TrimEnd('/') + (isCloud ? "/xsoar/public/v1" : string.Empty) + path;
        List<KeyValuePair<string, string>> headers = [new("Authorization", secrets.ApiKey)];
        if (isCloud)
        {
            headers.Add(new("x-xdr-auth-id", secrets.ApiKeyID!));
        }

        return SubActionHttp.SendAsync(
            context, HttpMethod.Post, url, body, headers, static (_, axios) => axios, validate, cancellationToken,
            static failure => string.IsNullOrEmpty(failure.StatusText) ? $"Error: Request failed with status code {failure.Status}" : $"API Error: {failure.StatusText}");
    }
}
