using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.ConnectorTypes.Common;

/// <summary>The kind of value a <see cref="SchemaField"/> takes.</summary>
internal enum SchemaFieldKind
{
    /// <summary>A string (optionally one of <see cref="SchemaField.OneOf"/>).</summary>
    String,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>A number; a numeric string is coerced (zod's <c>z.coerce.number()</c>).</summary>
    Number,

    /// <summary>An array of strings.</summary>
    StringArray,

    /// <summary>A string or a non-empty array of strings (Defender's OData filters).</summary>
    StringOrStringArray,

    /// <summary>An object checked by <see cref="SchemaField.Object"/>.</summary>
    Object,

    /// <summary>Any object, passed through.</summary>
    AnyObject,
}

/// <summary>One field of an <see cref="ObjectFieldsSchema"/>.</summary>
internal sealed record SchemaField(string Name, SchemaFieldKind Kind)
{
    public bool Required { get; init; }

    public bool Nullable { get; init; }

    /// <summary>Minimum string length (and item length for arrays), or minimum value for numbers.</summary>
    public double? Min { get; init; }

    /// <summary>Maximum value for numbers.</summary>
    public double? Max { get; init; }

    /// <summary>Minimum number of items for arrays.</summary>
    public int? MinItems { get; init; }

    /// <summary>The allowed string values, if restricted.</summary>
    public IReadOnlyList<string>? OneOf { get; init; }

    /// <summary>The nested schema of an <see cref="SchemaFieldKind.Object"/> field.</summary>
    public ObjectFieldsSchema? Object { get; init; }

    public static SchemaField Text(string name, bool required = false, int? min = null, bool nullable = false) =>
        new(name, SchemaFieldKind.String) { Required = required, Min = min, Nullable = nullable };
}

/// <summary>
/// A strict object schema described as a list of fields (the shape of a zod object with many optional fields).
/// Binds to a <see cref="JsonObject"/> whose keys come in the schema's order (as zod's output does), so that a query
/// string built from it has Kibana's parameter order. Errors name the field in config-schema's words.
/// </summary>
internal sealed class ObjectFieldsSchema(IReadOnlyList<SchemaField> fields, bool passthrough = false) : ConnectorSchema
{
    private readonly Dictionary<string, SchemaField> byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public IReadOnlyList<SchemaField> Fields { get; } = fields;

    public override Type ValueType => typeof(JsonObject);

    public override bool TryBind(
        JsonObject? value,
        ConnectorValidationContext context,
        out object? bound,
        out IReadOnlyList<ConnectorValidationError> errors)
    {
        var list = new List<ConnectorValidationError>();
        var result = Check(value ?? [], string.Empty, list);
        bound = list.Count == 0 ? result : null;
        errors = list;
        return list.Count == 0;
    }

    private JsonObject Check(JsonObject value, string path, List<ConnectorValidationError> errors)
    {
        var result = new JsonObject();
        foreach (var field in Fields)
        {
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            if (!value.TryGetPropertyValue(field.Name, out var node))
            {
                if (field.Required)
                {
                    errors.Add(new(fieldPath, $"[{fieldPath}]: expected value of type [{Expected(field)}] but got [undefined]"));
                }

                continue;
            }

            if (node is null)
            {
                if (field.Nullable)
                {
                    result[field.Name] = null;
                }
                else
                {
                    errors.Add(new(fieldPath, $"[{fieldPath}]: expected value of type [{Expected(field)}] but got [null]"));
                }

                continue;
            }

            if (CheckValue(field, node, fieldPath, errors) is { } checkedValue)
            {
                result[field.Name] = checkedValue;
            }
        }

        foreach (var (key, node) in value)
        {
            if (byName.ContainsKey(key))
            {
                continue;
            }

            if (passthrough)
            {
                result[key] = node?.DeepClone();
            }
            else
            {
                var keyPath = path.Length == 0 ? key : $"{path}.{key}";
                errors.Add(new(keyPath, $"[{keyPath}]: definition for this key is missing"));
            }
        }

        return result;
    }

    private JsonNode? CheckValue(SchemaField field, JsonNode node, string path, List<ConnectorValidationError> errors)
    {
        switch (field.Kind)
        {
            case SchemaFieldKind.String:
                return CheckString(field, node, path, errors);
            case SchemaFieldKind.Boolean:
                if (node is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    return b.DeepClone();
                }

                return Fail(errors, path, "boolean", node);
            case SchemaFieldKind.Number:
                return CheckNumber(field, node, path, errors);
            case SchemaFieldKind.StringArray:
                return CheckArray(field, node, path, errors);
            case SchemaFieldKind.StringOrStringArray:
                if (node is JsonArray)
                {
                    return CheckArray(field, node, path, errors);
                }

                if (node is JsonValue s && s.GetValueKind() == JsonValueKind.String)
                {
                    return CheckString(field, node, path, errors);
                }

                errors.Add(new(path, $"[{path}]: expected value of type [string] or [array] but got [{SubActionHttp.Kind(node)}]"));
                return null;
            case SchemaFieldKind.Object:
                if (node is JsonObject obj)
                {
                    return field.Object!.Check(obj, path, errors);
                }

                return Fail(errors, path, "Object", node);
            default:
                return node is JsonObject any ? any.DeepClone() : Fail(errors, path, "Object", node);
        }
    }

    private static JsonNode? CheckString(SchemaField field, JsonNode node, string path, List<ConnectorValidationError> errors)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            return Fail(errors, path, "string", node);
        }

        var text = v.GetValue<string>();
        if (field.OneOf is { } allowed && !allowed.Contains(text, StringComparer.Ordinal))
        {
            errors.Add(new(path, $"[{path}]: expected one of [{string.Join(", ", allowed)}] but got [{text}]"));
            return null;
        }

        if (field.Min is { } min && text.Length < min)
        {
            errors.Add(new(path, $"[{path}]: value has length [{text.Length}] but it must have a minimum length of [{min}]."));
            return null;
        }

        return JsonValue.Create(text);
    }

    private static JsonNode? CheckNumber(SchemaField field, JsonNode node, string path, List<ConnectorValidationError> errors)
    {
        double number;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            number = double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        else if (node is JsonValue s && s.GetValueKind() == JsonValueKind.String
                 && double.TryParse(s.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            number = parsed;
        }
        else
        {
            return Fail(errors, path, "number", node);
        }

        if (field.Min is { } min && number < min)
        {
            errors.Add(new(path, $"[{path}]: Value must be equal to or greater than [{min}]."));
            return null;
        }

        if (field.Max is { } max && number > max)
        {
            errors.Add(new(path, $"[{path}]: Value must be equal to or lower than [{max}]."));
            return null;
        }

        return number == Math.Floor(number) && Math.Abs(number) < 1e15 ? JsonValue.Create((long)number) : JsonValue.Create(number);
    }

    private static JsonNode? CheckArray(SchemaField field, JsonNode node, string path, List<ConnectorValidationError> errors)
    {
        if (node is not JsonArray array)
        {
            return Fail(errors, path, "Array", node);
        }

        if (field.MinItems is { } minItems && array.Count < minItems)
        {
            errors.Add(new(path, $"[{path}]: array size is [{array.Count}], but cannot be smaller than [{minItems}]"));
            return null;
        }

        var result = new JsonArray();
        var ok = true;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is { } item && CheckString(field, item, $"{path}.{i}", errors) is { } checkedItem)
            {
                result.Add(checkedItem);
            }
            else
            {
                if (array[i] is null)
                {
                    Fail(errors, $"{path}.{i}", "string", null);
                }

                ok = false;
            }
        }

        return ok ? result : null;
    }

    private static string Expected(SchemaField field) => field.Kind switch
    {
        SchemaFieldKind.String => "string",
        SchemaFieldKind.Boolean => "boolean",
        SchemaFieldKind.Number => "number",
        SchemaFieldKind.StringArray => "Array",
        SchemaFieldKind.StringOrStringArray => "string",
        _ => "Object",
    };

    private static JsonNode? Fail(List<ConnectorValidationError> errors, string path, string expected, JsonNode? got)
    {
        errors.Add(new(path, $"[{path}]: expected value of type [{expected}] but got [{(got is null ? "null" : SubActionHttp.Kind(got))}]"));
        return null;
    }
}
