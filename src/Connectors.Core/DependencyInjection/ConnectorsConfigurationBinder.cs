using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace Connectors.Internal;

/// <summary>
/// Binds <see cref="ConnectorsOptions"/> from a section shaped like kibana.yml's <c>xpack.actions</c>: Kibana's
/// key names (<c>enabledActionTypes</c>, <c>email.domain_allowlist</c>, <c>run.maxAttempts</c>, …) as well as the
/// option names, and free-form <c>config</c>/<c>secrets</c> objects for preconfigured connectors.
/// </summary>
internal static class ConnectorsConfigurationBinder
{
    public static void Bind(IConfiguration section, ConnectorsOptions options)
    {
        section.Bind(options, o => o.ErrorOnUnknownConfiguration = false);

        // The binder appends to a list that already has items (the "*" defaults): replace them instead.
        if ((List(section, "enabledActionTypes") ?? List(section, nameof(ConnectorsOptions.EnabledConnectorTypes))) is { } enabled)
        {
            options.EnabledConnectorTypes = enabled;
        }

        if (List(section, nameof(ConnectorsOptions.AllowedHosts)) is { } allowed)
        {
            options.AllowedHosts = allowed;
        }

        var email = section.GetSection("email");
        if (email.GetSection("domain_allowlist") is { } domains && domains.Exists())
        {
            options.Email.DomainAllowlist = [.. domains.GetChildren().Select(c => c.Value ?? string.Empty)];
        }

        if (email.GetSection("recipient_allowlist") is { } recipients && recipients.Exists())
        {
            options.Email.RecipientAllowlist = [.. recipients.GetChildren().Select(c => c.Value ?? string.Empty)];
        }

        var run = section.GetSection("run");
        if (run["maxAttempts"] is { } maxAttempts && int.TryParse(maxAttempts, CultureInfo.InvariantCulture, out var attempts))
        {
            options.MaxAttempts = attempts;
        }

        foreach (var entry in run.GetSection("connectorTypeOverrides").GetChildren())
        {
            if (entry["id"] is { } id && int.TryParse(entry["maxAttempts"], CultureInfo.InvariantCulture, out var typeAttempts))
            {
                options.MaxAttemptsOverrides[id] = typeAttempts;
            }
        }

        foreach (var entry in section.GetSection("preconfigured").GetChildren())
        {
            var connector = options.Preconfigured.TryGetValue(entry.Key, out var existing) ? existing : new PreconfiguredConnectorOptions();
            connector.Name = entry["name"] ?? connector.Name;
            connector.ActionTypeId = entry["actionTypeId"] ?? connector.ActionTypeId;
            if (entry["exposeConfig"] is { } expose && bool.TryParse(expose, out var exposeConfig))
            {
                connector.ExposeConfig = exposeConfig;
            }

            connector.Config = ToJsonObject(entry.GetSection("config"));
            connector.Secrets = ToJsonObject(entry.GetSection("secrets"));
            options.Preconfigured[entry.Key] = connector;
        }
    }

    private static List<string>? List(IConfiguration section, string key)
    {
        var child = section.GetSection(key);
        return child.Exists() ? [.. child.GetChildren().Select(c => c.Value ?? string.Empty)] : null;
    }

    /// <summary>A configuration section as JSON: objects, arrays (keys 0..n-1), string values.</summary>
    public static JsonObject ToJsonObject(IConfigurationSection section) => ToJson(section) as JsonObject ?? [];

    private static JsonNode? ToJson(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return section.Value is null ? (section.Exists() ? null : new JsonObject()) : JsonValue.Create(section.Value);
        }

        var isArray = children.Select((c, i) => c.Key == i.ToString(CultureInfo.InvariantCulture)).All(b => b);
        if (isArray)
        {
            var array = new JsonArray();
            foreach (var child in children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)))
            {
                array.Add(ToJson(child));
            }

            return array;
        }

        var obj = new JsonObject();
        foreach (var child in children)
        {
            obj[child.Key] = ToJson(child);
        }

        return obj;
    }
}
