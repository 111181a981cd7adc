using System.Security.Cryptography;
using System.Text.Json;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.Mcp;

/// <summary>
/// The headers of one <c>.mcp</c> connector: <c>{...config.headers, ...authHeaders}</c>, where the auth headers are built
/// only when <c>hasAuth</c> (bearer token, API key in its header, or basic) with <c>secretHeaders</c> merged over them.
/// Also knows every secret-derived value, so failure texts can be scrubbed of them.
/// </summary>
internal sealed class McpHeaders
{
    public const string DefaultApiKeyHeaderName = "X-API-Key";
    private const string Redacted = "[REDACTED]";

    private readonly List<string> secretValues = [];

    public McpHeaders(McpConfig config, McpSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(secrets);
        AuthHeaders = BuildAuthHeaders(config, secrets);
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in config.Headers ?? [])
        {
            all[name] = value;
        }

        foreach (var (name, value) in AuthHeaders)
        {
            all[name] = value;
        }

        All = all;
        AddSecret(secrets.Token);
        AddSecret(secrets.ApiKey);
        AddSecret(secrets.Password);
        foreach (var value in (secrets.SecretHeaders ?? []).Values.Concat(AuthHeaders.Select(h => h.Value)))
        {
            AddSecret(value);
            if (value.StartsWith("Basic ", StringComparison.Ordinal))
            {
                AddSecret(value["Basic ".Length..]);
            }
        }

        // Longest first, so a value that contains another is replaced whole.
        secretValues.Sort((a, b) => b.Length.CompareTo(a.Length));
        CacheKeyHash = HashForCache(config, AuthHeaders);
    }

    /// <summary>The auth headers (built from the secrets) in Kibana's order; secret headers last.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AuthHeaders { get; }

    /// <summary>Every header sent: config headers, then the auth headers over them (names compared without case).</summary>
    public IReadOnlyDictionary<string, string> All { get; }

    /// <summary>A hash of what makes a tool list differ: server URL, config headers, auth switch and type, auth headers.</summary>
    public string CacheKeyHash { get; }

    /// <summary>The text with every secret value (token, key, password, secret header, auth header) replaced.</summary>
    public string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in secretValues)
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    private static List<KeyValuePair<string, string>> BuildAuthHeaders(McpConfig config, McpSecrets secrets)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (!config.HasAuth)
        {
            return headers;
        }

        switch (config.AuthType)
        {
            case McpAuthType.Bearer when !string.IsNullOrEmpty(secrets.Token):
                headers.Add(new("Authorization", $"Bearer {secrets.Token}"));
                break;
            case McpAuthType.ApiKey when !string.IsNullOrEmpty(secrets.ApiKey):
                headers.Add(new(string.IsNullOrEmpty(config.ApiKeyHeaderName) ? DefaultApiKeyHeaderName : config.ApiKeyHeaderName, secrets.ApiKey));
                break;
            case McpAuthType.Basic when !string.IsNullOrEmpty(secrets.User) && !string.IsNullOrEmpty(secrets.Password):
                headers.Add(new("Authorization", HttpResults.BasicAuthorization(secrets.User, secrets.Password)));
                break;
        }

        foreach (var (name, value) in secrets.SecretHeaders ?? [])
        {
            var at = headers.FindIndex(h => h.Key == name);
            if (at >= 0)
            {
                headers[at] = new(name, value);
            }
            else
            {
                headers.Add(new(name, value));
            }
        }

        return headers;
    }

    private static string HashForCache(McpConfig config, IReadOnlyList<KeyValuePair<string, string>> authHeaders)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("serverUrl", config.ServerUrl);
            writer.WriteStartObject("headers");
            foreach (var (name, value) in (config.Headers ?? []).OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteBoolean("hasAuth", config.HasAuth);
            writer.WriteString("authType", config.AuthType?.ToString() ?? string.Empty);
            writer.WriteStartObject("authHeaders");
            foreach (var (name, value) in authHeaders.OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Convert.ToHexString(SHA256.HashData(buffer.ToArray()));
    }

    private void AddSecret(string? value)
    {
        if (!string.IsNullOrEmpty(value) && !secretValues.Contains(value))
        {
            secretValues.Add(value);
        }
    }
}
