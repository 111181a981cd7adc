using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.ConnectorTypes.Webhook;
using Connectors.Templating;

namespace Connectors.ConnectorTypes.OpenAI;

/// <summary>
/// <c>.gen-ai</c> (enterprise): OpenAI, Azure OpenAI and OpenAI-compatible ("Other") chat completions —
/// <c>run</c>/<c>test</c> (a JSON body), <c>stream</c>, <c>invokeAI</c>, and the streamed <c>invokeStream</c> and
/// <c>invokeAsyncIterator</c> (server-sent events as a <see cref="ConnectorStream"/>). Token usage is reported from the
/// response's <c>usage</c>, or from the usage chunk of a stream.
/// </summary>
internal sealed class OpenAIConnector : IConnectorExecutor
{
    public const string TypeId = ".gen-ai";

    public const string Run = "run";
    public const string Test = "test";
    public const string Stream = "stream";
    public const string InvokeAI = "invokeAI";
    public const string InvokeStream = "invokeStream";
    public const string InvokeAsyncIterator = "invokeAsyncIterator";

    /// <summary>Kibana's <c>DEFAULT_TIMEOUT_MS</c> for <c>run</c>/<c>test</c>/<c>invokeAI</c>.</summary>
    public const double DefaultTimeoutMs = 200_000;

    public const string UnrecognizedFormat =
        "An error occurred sending your message. \n\nAPI Error: The response from OpenAI was in an unrecognized format.";

    private static readonly ConcurrentDictionary<string, X509Certificate2> Certificates = new(StringComparer.Ordinal);

    private static readonly SubActionSet<OpenAIService> SubActions =
        new SubActionSet<OpenAIService>(TypeId, "OpenAI")
            .Add(Run, OpenAIJsonContext.Default.OpenAIRunParams, static (s, p, ct) => s.RunApiAsync(p.Body, p.Timeout, ct))
            .Add(Test, OpenAIJsonContext.Default.OpenAIRunParams, static (s, p, ct) => s.RunApiAsync(p.Body, p.Timeout, ct))
            .AddDataOrStream(Stream, OpenAIJsonContext.Default.OpenAIStreamParams, static (s, p, ct) => s.StreamApiAsync(p, ct))
            .Add(InvokeAI, OpenAIJsonContext.Default.OpenAIInvokeParams, static (s, p, ct) => s.InvokeAIAsync(p, ct), ValidateInvoke)
            .AddStream(InvokeStream, OpenAIJsonContext.Default.OpenAIInvokeParams, static (s, p, ct) => s.InvokeStreamAsync(p, ct), ValidateInvoke)
            .AddStream(InvokeAsyncIterator, OpenAIJsonContext.Default.OpenAIInvokeParams, static (s, p, ct) => s.InvokeStreamAsync(p, ct), ValidateInvoke);

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "OpenAI",
        MinimumLicenseRequired = LicenseLevel.Enterprise,
        SupportedFeatureIds =
        [
            ConnectorFeatureIds.GenerativeAIForSecurity,
            ConnectorFeatureIds.GenerativeAIForObservability,
            ConnectorFeatureIds.GenerativeAIForSearchPlayground,
        ],
        Config = OpenAIConfigSchema.Instance,
        Secrets = ConnectorSchema.Create(OpenAIJsonContext.Default.OpenAISecrets, OpenAISecretsValidation.Validate),
        Params = SubActionEnvelopeSchema.Instance,
        ParamEscapeSelector = static (parameters, path) => path == "subActionParams.body" && IsRunOrTest(parameters) ? MustacheEscape.Json : null,
        RenderParamTemplates = RenderParams,
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.GetConfig<OpenAIConfig>();
        var secrets = context.GetSecrets<OpenAISecrets>();
        HttpClient client;
        try
        {
            client = ClientFor(context, config, secrets);
        }
        catch (CryptographicException ex)
        {
            // Kibana's text when the PKI material cannot be loaded (the PEM checks passed, the key does not fit, …).
            return ValueTask.FromResult(ExecutorResults.Thrown(
                context.ConnectorId, $"Invalid or inaccessible PKI certificates: {ex.Message}", ErrorSource.Framework));
        }

        var service = new OpenAIService(context, config, secrets, client);
        return SubActions.ExecuteAsync(context, service, context.GetParams<SubActionEnvelope>(), cancellationToken);
    }

    /// <summary>
    /// Kibana's <c>renderParameterTemplates</c>: only <c>run</c> and <c>test</c> are rendered, and only their
    /// <c>body</c>, with JSON escaping; the other sub-actions' params are used as given.
    /// </summary>
    internal static JsonObject RenderParams(JsonObject parameters, object variables, Func<string, MustacheEscape, string> render)
    {
        if (!IsRunOrTest(parameters) || parameters["subActionParams"] is not JsonObject subActionParams
            || subActionParams["body"] is not JsonValue body || body.GetValueKind() != JsonValueKind.String)
        {
            return parameters;
        }

        var rendered = (JsonObject)parameters.DeepClone();
        rendered["subActionParams"]!["body"] = render(body.GetValue<string>(), MustacheEscape.Json);
        return rendered;
    }

    private static bool IsRunOrTest(JsonObject parameters) =>
        parameters["subAction"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is Run or Test;

    /// <summary>The InvokeAI schema's unions: <c>tools</c>, <c>tool_choice</c>, <c>function_call</c>, <c>stop</c>.</summary>
    private static ConnectorValidationError? ValidateInvoke(OpenAIInvokeParams p, ConnectorValidationContext context)
    {
        for (var i = 0; i < (p.Tools?.Count ?? 0); i++)
        {
            if (p.Tools![i] is not JsonObject tool || (tool["type"] as JsonValue)?.ToString() != "function")
            {
                return new($"tools.{i}.type", $"[tools.{i}.type]: expected value to equal [function]");
            }

            if (tool["function"] is not JsonObject function || function["name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String)
            {
                return new($"tools.{i}.function.name", $"[tools.{i}.function.name]: expected value of type [string]");
            }

            if (function["parameters"] is not JsonObject)
            {
                return new($"tools.{i}.function.parameters", $"[tools.{i}.function.parameters]: expected value of type [object]");
            }
        }

        if (p.ToolChoice is { } choice && !IsString(choice, "none", "auto", "required")
            && !(choice is JsonObject o && (o["type"] as JsonValue)?.ToString() == "function" && o["function"]?["name"] is JsonValue))
        {
            return new("tool_choice", "[tool_choice]: expected one of [none, auto, required] or a function choice");
        }

        if (p.FunctionCall is { } call && !IsString(call, "none", "auto") && !(call is JsonObject c && c["name"] is JsonValue))
        {
            return new("function_call", "[function_call]: expected one of [none, auto] or {name}");
        }

        if (p.Stop is { } stop && !IsString(stop) && !(stop is JsonArray items && items.All(item => item is JsonValue s && s.GetValueKind() == JsonValueKind.String)))
        {
            return new("stop", "[stop]: expected a string or an array of strings");
        }

        return null;
    }

    private static bool IsString(JsonNode node, params string[] allowed) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && (allowed.Length == 0 || allowed.Contains(v.GetValue<string>()));

    /// <summary>
    /// The client: the type's own, or for Other with certificate data one that presents the client certificate and
    /// trusts the CA with the verification mode (<c>full</c> when not set).
    /// </summary>
    private static HttpClient ClientFor(ConnectorExecutionContext context, OpenAIConfig config, OpenAISecrets secrets)
    {
        if (config.Provider != OpenAIProvider.Other || string.IsNullOrEmpty(secrets.CertificateData) || string.IsNullOrEmpty(secrets.PrivateKeyData))
        {
            return context.HttpClient;
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{secrets.CertificateData}\n{secrets.PrivateKeyData}")));
        var certificate = Certificates.GetOrAdd(key, static (_, s) => X509Certificate2.CreateFromPem(
            OpenAISecretsValidation.FormatPem(OpenAISecretsValidation.Decode(s.CertificateData!) ?? string.Empty, "CERTIFICATE"),
            OpenAISecretsValidation.FormatPem(OpenAISecretsValidation.Decode(s.PrivateKeyData!) ?? string.Empty, "PRIVATE KEY")), secrets);
        return context.CreateHttpClient(new ConnectorHttpClientOptions
        {
            ClientCertificate = certificate,
            CertificateAuthoritiesPem = string.IsNullOrEmpty(secrets.CaData)
                ? null
                : OpenAISecretsValidation.FormatPem(OpenAISecretsValidation.Decode(secrets.CaData) ?? string.Empty, "CERTIFICATE"),
            VerificationMode = config.VerificationMode switch
            {
                TlsVerificationModeValue.None => TlsVerificationMode.None,
                TlsVerificationModeValue.Certificate => TlsVerificationMode.Certificate,
                _ => TlsVerificationMode.Full,
            },
        });
    }
}
