using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.OpenAI;

/// <summary>
/// The <c>.gen-ai</c> config schema: Kibana's union on <c>apiProvider</c>, each member strict with its own fields, then
/// the config validator (<c>assertURL</c>, allowed hosts, the provider list) with its
/// <c>Error configuring OpenAI action: …</c> texts.
/// </summary>
internal sealed class OpenAIConfigSchema : ConnectorSchema
{
    private static readonly string[] Common = ["apiProvider", "apiUrl", "defaultModel", "headers", "contextWindowLength", "temperature"];

    private static readonly Dictionary<string, HashSet<string>> FieldsByProvider = new(StringComparer.Ordinal)
    {
        [OpenAIProviders.AzureOpenAI] = [.. Common],
        [OpenAIProviders.OpenAI] = [.. Common, "organizationId", "projectId"],
        [OpenAIProviders.Other] = [.. Common, "verificationMode", "enableNativeFunctionCalling"],
    };

    private readonly ConnectorSchema<OpenAIConfig> inner = Create(OpenAIJsonContext.Default.OpenAIConfig, Validate);

    public static OpenAIConfigSchema Instance { get; } = new();

    public override Type ValueType => typeof(OpenAIConfig);

    public override bool TryBind(
        JsonObject? value,
        ConnectorValidationContext context,
        out object? bound,
        out IReadOnlyList<ConnectorValidationError> errors)
    {
        value ??= [];
        bound = null;
        var provider = value["apiProvider"] is JsonValue p && p.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : null;
        if (provider is null || !FieldsByProvider.TryGetValue(provider, out var fields))
        {
            var suffix = string.IsNullOrEmpty(provider) ? string.Empty : $": {provider}";
            errors = [new("apiProvider", Wrap($"API Provider is not supported{suffix}"))];
            return false;
        }

        var list = new List<ConnectorValidationError>();
        foreach (var (key, _) in value)
        {
            if (!fields.Contains(key))
            {
                list.Add(new(key, $"[{key}]: definition for this key is missing"));
            }
        }

        if (provider == OpenAIProviders.Other && value["defaultModel"] is null)
        {
            list.Add(new("defaultModel", "[defaultModel]: expected value of type [string] but got [undefined]"));
        }

        if (list.Count > 0)
        {
            errors = list;
            return false;
        }

        if (!inner.TryBind(value, context, out var config, out errors))
        {
            return false;
        }

        var result = (OpenAIConfig)config!;
        if (provider == OpenAIProviders.OpenAI && result.DefaultModel is null)
        {
            result.DefaultModel = OpenAIRequestBody.DefaultModel;
        }

        bound = result;
        return true;
    }

    /// <summary>Kibana's wrapper: <c>Error configuring OpenAI action: </c> and the error's <c>toString()</c>.</summary>
    public static string Wrap(string message) => $"Error configuring OpenAI action: Error: {message}";

    private static ConnectorValidationError? Validate(OpenAIConfig config, ConnectorValidationContext context)
    {
        try
        {
            SubActionHttp.AssertUrl(config.ApiUrl);
        }
        catch (SubActionException ex)
        {
            return new("apiUrl", Wrap(ex.Message));
        }

        return context.Policy.IsUriAllowed(config.ApiUrl)
            ? null
            : new("apiUrl", Wrap($"error validating url: {ConnectorPolicy.UriNotAllowedMessage(config.ApiUrl)}"));
    }
}

/// <summary>The <c>.gen-ai</c> secrets checks: the PKI form when certificate data is given, else an API key.</summary>
internal static class OpenAISecretsValidation
{
    public static ConnectorValidationError? Validate(OpenAISecrets secrets, ConnectorValidationContext context)
    {
        var hasPkiFields = secrets.CertificateData is not null || secrets.PrivateKeyData is not null || secrets.CaData is not null;
        if (hasPkiFields)
        {
            foreach (var (field, value) in new[]
            {
                ("apiKey", secrets.ApiKey), ("certificateData", secrets.CertificateData), ("privateKeyData", secrets.PrivateKeyData), ("caData", secrets.CaData),
            })
            {
                if (FieldRules.MinLength(field, value, 1) is { } tooShort)
                {
                    return tooShort;
                }
            }
        }

        if (string.IsNullOrEmpty(secrets.CertificateData))
        {
            return string.IsNullOrEmpty(secrets.ApiKey)
                ? new("apiKey", "[apiKey]: expected value of type [string] but got [undefined]")
                : null;
        }

        if (string.IsNullOrEmpty(secrets.PrivateKeyData))
        {
            return new("privateKeyData", "Private key data must be provided for PKI");
        }

        return CheckPem("certificateData", secrets.CertificateData, "CERTIFICATE", "Certificate data")
            ?? CheckPem("privateKeyData", secrets.PrivateKeyData, "PRIVATE KEY", "Private key data")
            ?? (string.IsNullOrEmpty(secrets.CaData) ? null : CheckPem("caData", secrets.CaData, "CERTIFICATE", "CA certificate data"));
    }

    /// <summary>The base64 PEM, decoded; <see langword="null"/> when it is not base64.</summary>
    public static string? Decode(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : null;
    }

    /// <summary>
    /// Kibana's PEM tidy-up: a PEM of one type whose base64 is spread over odd whitespace is rewritten with 64-character
    /// lines; anything else is kept as it is.
    /// </summary>
    public static string FormatPem(string pem, string type)
    {
        var header = $"-----BEGIN {type}-----";
        var footer = $"-----END {type}-----";
        var normalized = string.Join(' ', pem.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (!normalized.StartsWith(header, StringComparison.Ordinal) || !normalized.EndsWith(footer, StringComparison.Ordinal))
        {
            return pem;
        }

        var base64 = string.Concat(normalized[header.Length..^footer.Length].Where(c => !char.IsWhiteSpace(c)));
        var lines = new StringBuilder();
        for (var i = 0; i < base64.Length; i += 64)
        {
            lines.Append(base64.AsSpan(i, Math.Min(64, base64.Length - i))).Append('\n');
        }

        return $"{header}\n{lines}{footer}";
    }

    private static ConnectorValidationError? CheckPem(string field, string data, string type, string description)
    {
        var decoded = Decode(data);
        return decoded is not null && decoded.Contains($"-----BEGIN {type}-----", StringComparison.Ordinal)
            ? null
            : new(field, $"Invalid {description} file format: The file must be a PEM-encoded certificate beginning with \"-----BEGIN {type}-----\".");
    }
}
