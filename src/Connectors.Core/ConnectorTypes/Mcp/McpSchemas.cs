using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.Mcp;

/// <summary>
/// The <c>.mcp</c> schemas. Kibana declares config, secrets, <c>listTools</c> and <c>callTool</c> params as plain zod objects,
/// which drop unknown keys instead of rejecting them; only <c>test</c>'s params are strict.
/// </summary>
internal static class McpSchemas
{
    public static ConnectorSchema Config { get; } = new KeyDroppingSchema<McpConfig>(McpJsonContext.Default.McpConfig, ValidateConfig);

    public static ConnectorSchema Secrets { get; } = new KeyDroppingSchema<McpSecrets>(McpJsonContext.Default.McpSecrets);

    public static ConnectorSchema ListTools { get; } = new KeyDroppingSchema<McpListToolsParams>(McpJsonContext.Default.McpListToolsParams);

    public static ConnectorSchema CallTool { get; } = new KeyDroppingSchema<McpCallToolParams>(McpJsonContext.Default.McpCallToolParams);

    /// <summary><c>apiKeyHeaderName</c>'s <c>min(1)</c>, then <c>urlAllowListValidator('serverUrl')</c>.</summary>
    internal static ConnectorValidationError? ValidateConfig(McpConfig config, ConnectorValidationContext context) =>
        FieldRules.MinLength("apiKeyHeaderName", config.ApiKeyHeaderName, 1)
        ?? (context.Policy.IsUriAllowed(config.ServerUrl)
            ? null
            : new("serverUrl", $"error validating url: {ConnectorPolicy.UriNotAllowedMessage(config.ServerUrl)}"));

    /// <summary>Binds sub-action params the way the sub-action framework reports a failure: <c>Request validation failed (…)</c>.</summary>
    public static T Bind<T>(ConnectorSchema schema, JsonObject value, ConnectorPolicy policy)
    {
        if (!schema.TryBind(value, new ConnectorValidationContext(policy), out var bound, out var errors))
        {
            throw new SubActionException($"Request validation failed ({string.Join("; ", errors.Select(e => e.Message))})", ErrorSource.User);
        }

        return (T)bound!;
    }

    /// <summary>A strict contract behind a step that drops the keys the contract does not name (zod's default <c>strip</c>).</summary>
    private sealed class KeyDroppingSchema<T> : ConnectorSchema
        where T : class
    {
        private readonly ConnectorSchema<T> inner;
        private readonly HashSet<string> known;

        public KeyDroppingSchema(JsonTypeInfo<T> typeInfo, Func<T, ConnectorValidationContext, ConnectorValidationError?>? validate = null)
        {
            inner = Create(typeInfo, validate);
            known = [.. typeInfo.Properties.Select(p => p.Name)];
        }

        public override Type ValueType => typeof(T);

        public override bool TryBind(
            JsonObject? value,
            ConnectorValidationContext context,
            out object? bound,
            out IReadOnlyList<ConnectorValidationError> errors)
        {
            if (value is not null && value.Any(p => !known.Contains(p.Key)))
            {
                var kept = new JsonObject();
                foreach (var (key, node) in value)
                {
                    if (known.Contains(key))
                    {
                        kept[key] = node?.DeepClone();
                    }
                }

                value = kept;
            }

            return inner.TryBind(value, context, out bound, out errors);
        }
    }
}
