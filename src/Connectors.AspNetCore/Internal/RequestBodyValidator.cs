using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.AspNetCore.Internal;

/// <summary>The kinds of body keys Kibana's route schemas use.</summary>
internal enum BodyKeyKind
{
    /// <summary>A string that must not be blank (<c>validateEmptyStrings</c>).</summary>
    NonBlankString,

    /// <summary>A record whose values must not hold blank strings (config, secrets).</summary>
    NonBlankRecord,

    /// <summary>A record of any values (execute params).</summary>
    AnyRecord,
}

/// <summary>One key of a body schema.</summary>
internal sealed record BodyKey(string Name, BodyKeyKind Kind, bool Required);

/// <summary>
/// Validates request bodies with the texts of Kibana's <c>@kbn/config-schema</c>:
/// <c>[request body.name]: expected value of type [string] but got [undefined]</c>,
/// <c>[request body.config.url]: value '' is not valid</c>, <c>[request body.x]: definition for this key is missing</c>.
/// </summary>
internal static class RequestBodyValidator
{
    public static readonly BodyKey[] Create =
    [
        new("name", BodyKeyKind.NonBlankString, Required: true),
        new("connector_type_id", BodyKeyKind.NonBlankString, Required: true),
        new("config", BodyKeyKind.NonBlankRecord, Required: false),
        new("secrets", BodyKeyKind.NonBlankRecord, Required: true),
    ];

    public static readonly BodyKey[] Update =
    [
        new("name", BodyKeyKind.NonBlankString, Required: true),
        new("config", BodyKeyKind.NonBlankRecord, Required: false),
        new("secrets", BodyKeyKind.NonBlankRecord, Required: false),
    ];

    public static readonly BodyKey[] Execute =
    [
        new("params", BodyKeyKind.AnyRecord, Required: true),
    ];

    /// <summary>Validates <paramref name="body"/>; returns Kibana's message, or <see langword="null"/> when valid.</summary>
    public static string? Validate(JsonNode? body, IReadOnlyList<BodyKey> schema)
    {
        body ??= new JsonObject();
        if (body is not JsonObject obj)
        {
            return $"[request body]: expected a plain object value, but found [{TypeName(body)}] instead.";
        }

        foreach (var key in schema)
        {
            var present = obj.TryGetPropertyValue(key.Name, out var value);
            var path = $"[request body.{key.Name}]";
            var expected = key.Kind == BodyKeyKind.NonBlankString ? "string" : "object";
            if (!present)
            {
                if (key.Required)
                {
                    return $"{path}: expected value of type [{expected}] but got [undefined]";
                }

                continue;
            }

            switch (key.Kind)
            {
                case BodyKeyKind.NonBlankString:
                    if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                    {
                        return $"{path}: expected value of type [string] but got [{TypeName(value)}]";
                    }

                    if (string.IsNullOrWhiteSpace(v.GetValue<string>()))
                    {
                        return $"{path}: value '' is not valid";
                    }

                    break;
                default:
                    if (value is not JsonObject record)
                    {
                        return $"{path}: expected value of type [object] but got [{TypeName(value)}]";
                    }

                    if (key.Kind == BodyKeyKind.NonBlankRecord)
                    {
                        foreach (var (name, item) in record)
                        {
                            if (HasBlankString(item))
                            {
                                return $"[request body.{key.Name}.{name}]: value '' is not valid";
                            }
                        }
                    }

                    break;
            }
        }

        foreach (var (name, _) in obj)
        {
            if (!schema.Any(k => k.Name == name))
            {
                return $"[request body.{name}]: definition for this key is missing";
            }
        }

        return null;
    }

    private static bool HasBlankString(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => string.IsNullOrWhiteSpace(v.GetValue<string>()),
        JsonArray a => a.Any(HasBlankString),
        JsonObject o => o.Any(p => HasBlankString(p.Value)),
        _ => false,
    };

    /// <summary>JavaScript's <c>typeDetect</c> names, as config-schema prints them.</summary>
    private static string TypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "Array",
        JsonObject => "Object",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
    };
}
