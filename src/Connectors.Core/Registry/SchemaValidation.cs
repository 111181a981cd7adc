using System.Text.Json.Nodes;

namespace Connectors.Internal;

/// <summary>Runs a type's schemas with Kibana's message prefixes.</summary>
internal static class SchemaValidation
{
    public const string ParamsPrefix = "error validating action params: ";
    public const string ConfigPrefix = "error validating connector type config: ";
    public const string SecretsPrefix = "error validating connector type secrets: ";
    public const string ConnectorPrefix = "error validating action type connector: ";

    public static bool TryBind(
        ConnectorSchema schema,
        JsonObject? value,
        ConnectorValidationContext context,
        string prefix,
        out object bound,
        out ConnectorValidationException? error)
    {
        if (schema.TryBind(value, context, out var result, out var errors))
        {
            bound = result!;
            error = null;
            return true;
        }

        bound = null!;
        error = new ConnectorValidationException(prefix + string.Join("; ", errors.Select(e => e.Message)), errors);
        return false;
    }

    /// <summary>Config → secrets → connector, throwing the first failure.</summary>
    public static (object Config, object Secrets) BindConnector(
        ConnectorTypeDefinition type, JsonObject config, JsonObject secrets, ConnectorValidationContext context)
    {
        if (!TryBind(type.Config, config, context, ConfigPrefix, out var boundConfig, out var error)
            || !TryBind(type.Secrets, secrets, context, SecretsPrefix, out var boundSecrets, out error))
        {
            throw error!;
        }

        if (type.ValidateConnector?.Invoke(boundConfig, boundSecrets, context) is { } message)
        {
            throw new ConnectorValidationException(ConnectorPrefix + message, [new ConnectorValidationError(string.Empty, message)]);
        }

        return (boundConfig, boundSecrets);
    }
}
