using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Connectors.Internal;

/// <summary>
/// Checks a JSON value against a System.Text.Json contract as strictly as Kibana's schemas do, and returns a
/// normalised copy (numbers and booleans given as strings, as configuration files give them, are coerced the way
/// Kibana's config-schema coerces them).
/// </summary>
internal static class StrictJsonBinder
{
    private static readonly ConcurrentDictionary<Type, string[]> EnumNames = new();

    public static JsonObject? Normalize(JsonObject value, JsonTypeInfo typeInfo, List<ConnectorValidationError> errors) =>
        Check(value, typeInfo, string.Empty, errors) as JsonObject;

    private static JsonNode? Check(JsonNode? node, JsonTypeInfo info, string path, List<ConnectorValidationError> errors)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (typeof(JsonNode).IsAssignableFrom(type) || type == typeof(JsonElement) || type == typeof(object))
        {
            if (type == typeof(JsonObject) && node is not JsonObject)
            {
                return Fail(errors, path, "object", node);
            }

            if (type == typeof(JsonArray) && node is not JsonArray)
            {
                return Fail(errors, path, "array", node);
            }

            return node?.DeepClone();
        }

        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                return CheckObject(node, info, path, errors);
            case JsonTypeInfoKind.Dictionary:
                if (node is not JsonObject dict)
                {
                    return Fail(errors, path, "object", node);
                }

                var valueInfo = info.Options.GetTypeInfo(info.ElementType!);
                var copy = new JsonObject();
                foreach (var (key, child) in dict)
                {
                    var childPath = Join(path, key);
                    if (child is null && !AllowsNull(info.ElementType!))
                    {
                        Fail(errors, childPath, Describe(valueInfo.Type), child);
                        continue;
                    }

                    copy[key] = child is null ? null : Check(child, valueInfo, childPath, errors);
                }

                return copy;
            case JsonTypeInfoKind.Enumerable:
                if (node is not JsonArray array)
                {
                    return Fail(errors, path, "array", node);
                }

                var itemInfo = info.Options.GetTypeInfo(info.ElementType!);
                var items = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    items.Add(Check(array[i], itemInfo, $"{path}.{i}", errors));
                }

                return items;
            default:
                return CheckScalar(node, type, path, errors);
        }
    }

    private static JsonNode? CheckObject(JsonNode? node, JsonTypeInfo info, string path, List<ConnectorValidationError> errors)
    {
        if (node is not JsonObject obj)
        {
            return Fail(errors, path, "object", node);
        }

        var copy = new JsonObject();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in info.Properties)
        {
            known.Add(property.Name);
            var childPath = Join(path, property.Name);
            if (!obj.TryGetPropertyValue(property.Name, out var child))
            {
                if (property.IsRequired)
                {
                    errors.Add(new ConnectorValidationError(
                        childPath,
                        $"[{childPath}]: expected value of type [{Describe(property.PropertyType)}] but got [undefined]"));
                }

                continue;
            }

            if (child is null)
            {
                if (!property.IsSetNullable && !AllowsNull(property.PropertyType))
                {
                    Fail(errors, childPath, Describe(property.PropertyType), null);
                    continue;
                }

                copy[property.Name] = null;
                continue;
            }

            copy[property.Name] = Check(child, info.Options.GetTypeInfo(property.PropertyType), childPath, errors);
        }

        foreach (var (key, _) in obj)
        {
            if (!known.Contains(key))
            {
                var childPath = Join(path, key);
                errors.Add(new ConnectorValidationError(childPath, $"[{childPath}]: definition for this key is missing"));
            }
        }

        return copy;
    }

    private static JsonNode? CheckScalar(JsonNode? node, Type type, string path, List<ConnectorValidationError> errors)
    {
        if (node is not JsonValue value)
        {
            return Fail(errors, path, Describe(type), node);
        }

        var kind = value.GetValueKind();
        if (type == typeof(string))
        {
            return kind == JsonValueKind.String ? value.DeepClone() : Fail(errors, path, "string", node);
        }

        if (type == typeof(bool))
        {
            if (kind is JsonValueKind.True or JsonValueKind.False)
            {
                return value.DeepClone();
            }

            if (kind == JsonValueKind.String && bool.TryParse(value.GetValue<string>(), out var b))
            {
                return JsonValue.Create(b);
            }

            return Fail(errors, path, "boolean", node);
        }

        if (type.IsEnum)
        {
            var names = EnumNames.GetOrAdd(type, GetEnumNames);
            if (kind == JsonValueKind.String && names.Contains(value.GetValue<string>(), StringComparer.Ordinal))
            {
                return value.DeepClone();
            }

            var got = kind == JsonValueKind.String ? value.GetValue<string>() : Kind(node);
            errors.Add(new ConnectorValidationError(path, $"[{path}]: expected one of [{string.Join(", ", names)}] but got [{got}]"));
            return null;
        }

        if (IsNumber(type))
        {
            if (kind == JsonValueKind.Number)
            {
                return CheckNumberFits(value, type, path, errors) ? value.DeepClone() : null;
            }

            if (kind == JsonValueKind.String
                && double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                var coerced = JsonValue.Create(d);
                if (type == typeof(int) || type == typeof(long))
                {
                    if (d != Math.Floor(d))
                    {
                        return Fail(errors, path, "integer", node);
                    }

                    coerced = JsonValue.Create((long)d);
                }

                return coerced;
            }

            return Fail(errors, path, "number", node);
        }

        if (type == typeof(TimeSpan) || type == typeof(DateTimeOffset) || type == typeof(Uri) || type == typeof(Guid))
        {
            return kind == JsonValueKind.String ? value.DeepClone() : Fail(errors, path, "string", node);
        }

        return value.DeepClone();
    }

    private static bool CheckNumberFits(JsonValue value, Type type, string path, List<ConnectorValidationError> errors)
    {
        if (type != typeof(int) && type != typeof(long))
        {
            return true;
        }

        var raw = value.ToJsonString();
        var ok = type == typeof(int)
            ? int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            : long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        if (!ok)
        {
            errors.Add(new ConnectorValidationError(path, $"[{path}]: expected an integer but got [{raw}]"));
        }

        return ok;
    }

    private static bool IsNumber(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(decimal) || type == typeof(float);

    private static bool AllowsNull(Type type) => Nullable.GetUnderlyingType(type) is not null;

    private static JsonNode? Fail(List<ConnectorValidationError> errors, string path, string expected, JsonNode? got)
    {
        var message = path.Length == 0
            ? $"expected value of type [{expected}] but got [{Kind(got)}]"
            : $"[{path}]: expected value of type [{expected}] but got [{Kind(got)}]";
        errors.Add(new ConnectorValidationError(path, message));
        return null;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "Object",
        JsonArray => "Array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "unknown",
        },
        _ => "unknown",
    };

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type.IsEnum || type == typeof(Uri) || type == typeof(TimeSpan))
        {
            return "string";
        }

        if (type == typeof(bool))
        {
            return "boolean";
        }

        if (IsNumber(type))
        {
            return "number";
        }

        if (type.IsArray || (type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
                             && !type.Name.Contains("Dictionary", StringComparison.Ordinal)))
        {
            return "Array";
        }

        return "Object";
    }

    private static string[] GetEnumNames(Type enumType) =>
        [.. enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(f.Name))];
}
