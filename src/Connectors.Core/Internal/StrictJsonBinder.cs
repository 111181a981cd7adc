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
    private static readonly ConcurrentDictionary<JsonTypeInfo, ObjectShape> Shapes = new();

    private enum MemberKind
    {
        String,
        Boolean,
        Double,
        Enum,
        AnyNode,
        ObjectNode,
        ArrayNode,
        Other,
    }

    /// <summary>
    /// Checks <paramref name="value"/>; returns it unchanged when nothing needed coercing (no copy), a coerced copy
    /// otherwise, or <see langword="null"/> with <paramref name="errors"/> filled.
    /// </summary>
    public static JsonObject? Normalize(JsonObject value, JsonTypeInfo typeInfo, List<ConnectorValidationError> errors) =>
        Normalize(value, typeInfo, errors, fast: true);

    /// <summary><see cref="Normalize(JsonObject, JsonTypeInfo, List{ConnectorValidationError})"/> without the one-pass check of objects (for tests).</summary>
    internal static JsonObject? NormalizeFully(JsonObject value, JsonTypeInfo typeInfo, List<ConnectorValidationError> errors) =>
        Normalize(value, typeInfo, errors, fast: false);

    private static JsonObject? Normalize(JsonObject value, JsonTypeInfo typeInfo, List<ConnectorValidationError> errors, bool fast)
    {
        var result = Check(value, typeInfo, string.Empty, errors, fast);
        return errors.Count == 0 ? result as JsonObject : null;
    }

    private static JsonNode? Check(JsonNode? node, JsonTypeInfo info, string path, List<ConnectorValidationError> errors, bool fast)
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

            return node;
        }

        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                return CheckObject(node, info, path, errors, fast);
            case JsonTypeInfoKind.Dictionary:
                return CheckDictionary(node, info, path, errors, fast);
            case JsonTypeInfoKind.Enumerable:
                return CheckArray(node, info, path, errors, fast);
            default:
                return CheckScalar(node, type, path, errors);
        }
    }

    private static JsonNode? CheckDictionary(JsonNode? node, JsonTypeInfo info, string path, List<ConnectorValidationError> errors, bool fast)
    {
        if (node is not JsonObject dict)
        {
            return Fail(errors, path, "object", node);
        }

        var valueInfo = info.Options.GetTypeInfo(info.ElementType!);
        List<(string Key, JsonNode? Value)>? replaced = null;
        foreach (var (key, child) in dict)
        {
            if (child is null)
            {
                if (!AllowsNull(info.ElementType!))
                {
                    Fail(errors, Join(path, key), Describe(valueInfo.Type), child);
                }

                continue;
            }

            var checkedChild = Check(child, valueInfo, Join(path, key), errors, fast);
            if (!ReferenceEquals(checkedChild, child))
            {
                (replaced ??= []).Add((key, checkedChild));
            }
        }

        return Apply(dict, replaced);
    }

    private static JsonNode? CheckArray(JsonNode? node, JsonTypeInfo info, string path, List<ConnectorValidationError> errors, bool fast)
    {
        if (node is not JsonArray array)
        {
            return Fail(errors, path, "array", node);
        }

        var itemInfo = info.Options.GetTypeInfo(info.ElementType!);
        JsonArray? copy = null;
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            var checkedItem = Check(item, itemInfo, $"{path}.{i}", errors, fast);
            if (!ReferenceEquals(checkedItem, item))
            {
                copy ??= (JsonArray)array.DeepClone();
                copy[i] = checkedItem?.Parent is null ? checkedItem : checkedItem.DeepClone();
            }
        }

        return copy ?? array;
    }

    /// <summary>
    /// The text of a JSON string value: the string it holds, or, for one made from another value that writes as a string
    /// (a char, a GUID, a date), the string it writes.
    /// </summary>
    internal static string TextOf(JsonValue value)
    {
        if (value.TryGetValue<string>(out var text))
        {
            return text;
        }

        using var document = JsonDocument.Parse(value.ToJsonString());
        return document.RootElement.GetString() ?? string.Empty;
    }

    private static JsonNode? CheckObject(JsonNode? node, JsonTypeInfo info, string path, List<ConnectorValidationError> errors, bool fast)
    {
        if (node is not JsonObject obj)
        {
            return Fail(errors, path, "object", node);
        }

        if (fast && TryCheckObjectFast(obj, Shapes.TryGetValue(info, out var shape) ? shape : Shapes.GetOrAdd(info, ObjectShape.Build), path, out var quick))
        {
            return quick;
        }

        List<(string Key, JsonNode? Value)>? replaced = null;
        var properties = info.Properties;
        for (var p = 0; p < properties.Count; p++)
        {
            var property = properties[p];
            if (!obj.TryGetPropertyValue(property.Name, out var child))
            {
                if (property.IsRequired)
                {
                    var childPath = Join(path, property.Name);
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
                    Fail(errors, Join(path, property.Name), Describe(property.PropertyType), null);
                }

                continue;
            }

            var checkedChild = Check(child, info.Options.GetTypeInfo(property.PropertyType), Join(path, property.Name), errors, fast);
            if (!ReferenceEquals(checkedChild, child))
            {
                (replaced ??= []).Add((property.Name, checkedChild));
            }
        }

        if (obj.Count > CountPresent(obj, properties))
        {
            foreach (var (key, _) in obj)
            {
                if (!IsKnown(properties, key))
                {
                    var childPath = Join(path, key);
                    errors.Add(new ConnectorValidationError(childPath, $"[{childPath}]: definition for this key is missing"));
                }
            }
        }

        return Apply(obj, replaced);
    }

    /// <summary>
    /// The common case in one pass over the object's own members: every key known, every value of the expected kind,
    /// every required member present. <see langword="false"/> as soon as anything needs more (an unknown key, a value to
    /// coerce or to refuse, a missing member): the full check then runs from the start, so errors and their order are
    /// the full check's.
    /// </summary>
    private static bool TryCheckObjectFast(JsonObject obj, ObjectShape shape, string path, out JsonNode? result)
    {
        result = null;
        List<(string Key, JsonNode? Value)>? replaced = null;
        var required = 0;
        var count = obj.Count;
        for (var i = 0; i < count; i++)
        {
            var (key, child) = obj.GetAt(i);
            if (!shape.Members.TryGetValue(key, out var member))
            {
                return false;
            }

            if (member.Required)
            {
                required++;
            }

            if (child is null)
            {
                if (!member.NullAllowed)
                {
                    return false;
                }

                continue;
            }

            switch (member.Kind)
            {
                case MemberKind.String when child is JsonValue v && v.GetValueKind() == JsonValueKind.String:
                case MemberKind.Boolean when child is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                case MemberKind.Double when child is JsonValue d && d.GetValueKind() == JsonValueKind.Number:
                case MemberKind.Enum when child is JsonValue e && e.GetValueKind() == JsonValueKind.String && Array.IndexOf(member.EnumNames!, TextOf(e)) >= 0:
                case MemberKind.AnyNode:
                case MemberKind.ObjectNode when child is JsonObject:
                case MemberKind.ArrayNode when child is JsonArray:
                    continue;
                case MemberKind.Other:
                    var errors = new List<ConnectorValidationError>();
                    var checkedChild = Check(child, member.TypeInfo, Join(path, key), errors, fast: true);
                    if (errors.Count > 0)
                    {
                        return false;
                    }

                    if (!ReferenceEquals(checkedChild, child))
                    {
                        (replaced ??= []).Add((key, checkedChild));
                    }

                    continue;
                default:
                    return false;
            }
        }

        if (required != shape.RequiredCount)
        {
            return false;
        }

        result = Apply(obj, replaced);
        return true;
    }

    private static int CountPresent(JsonObject obj, IList<JsonPropertyInfo> properties)
    {
        var count = 0;
        for (var p = 0; p < properties.Count; p++)
        {
            if (obj.ContainsKey(properties[p].Name))
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsKnown(IList<JsonPropertyInfo> properties, string key)
    {
        for (var p = 0; p < properties.Count; p++)
        {
            if (properties[p].Name == key)
            {
                return true;
            }
        }

        return false;
    }

    private static JsonObject Apply(JsonObject original, List<(string Key, JsonNode? Value)>? replaced)
    {
        if (replaced is null)
        {
            return original;
        }

        var copy = (JsonObject)original.DeepClone();
        foreach (var (key, value) in replaced)
        {
            copy[key] = value?.Parent is null ? value : value.DeepClone();
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
            return kind == JsonValueKind.String ? value : Fail(errors, path, "string", node);
        }

        if (type == typeof(bool))
        {
            if (kind is JsonValueKind.True or JsonValueKind.False)
            {
                return value;
            }

            if (kind == JsonValueKind.String && bool.TryParse(TextOf(value), out var b))
            {
                return JsonValue.Create(b);
            }

            return Fail(errors, path, "boolean", node);
        }

        if (type.IsEnum)
        {
            var names = EnumNames.GetOrAdd(type, GetEnumNames);
            if (kind == JsonValueKind.String && Array.IndexOf(names, TextOf(value)) >= 0)
            {
                return value;
            }

            var got = kind == JsonValueKind.String ? TextOf(value) : Kind(node);
            errors.Add(new ConnectorValidationError(path, $"[{path}]: expected one of [{string.Join(", ", names)}] but got [{got}]"));
            return null;
        }

        if (IsNumber(type))
        {
            if (kind == JsonValueKind.Number)
            {
                return CheckNumberFits(value, type, path, errors) ? value : null;
            }

            if (kind == JsonValueKind.String
                && double.TryParse(TextOf(value), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
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
            return kind == JsonValueKind.String ? value : Fail(errors, path, "string", node);
        }

        return value;
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

    /// <summary>The names accepted for an enum: its <see cref="JsonStringEnumMemberNameAttribute"/> names, else camelCase.</summary>
    public static string[] EnumNamesOf(Type enumType) => EnumNames.GetOrAdd(enumType, GetEnumNames);

    private static string[] GetEnumNames(Type enumType) =>
        [.. enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(f.Name))];

    /// <summary>An object contract's members by JSON name, with what the fast check needs of each.</summary>
    private sealed class ObjectShape(Dictionary<string, MemberShape> members, int requiredCount)
    {
        public Dictionary<string, MemberShape> Members { get; } = members;

        public int RequiredCount { get; } = requiredCount;

        public static ObjectShape Build(JsonTypeInfo info)
        {
            var members = new Dictionary<string, MemberShape>(StringComparer.Ordinal);
            var required = 0;
            foreach (var property in info.Properties)
            {
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                var typeInfo = info.Options.GetTypeInfo(property.PropertyType);
                var kind = type == typeof(JsonObject) ? MemberKind.ObjectNode
                    : type == typeof(JsonArray) ? MemberKind.ArrayNode
                    : typeof(JsonNode).IsAssignableFrom(type) || type == typeof(JsonElement) || type == typeof(object) ? MemberKind.AnyNode
                    : typeInfo.Kind != JsonTypeInfoKind.None ? MemberKind.Other
                    : type == typeof(string) ? MemberKind.String
                    : type == typeof(bool) ? MemberKind.Boolean
                    : type == typeof(double) ? MemberKind.Double
                    : type.IsEnum ? MemberKind.Enum
                    : MemberKind.Other;
                members[property.Name] = new MemberShape(
                    kind,
                    property.IsRequired,
                    property.IsSetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null,
                    typeInfo,
                    kind == MemberKind.Enum ? EnumNamesOf(type) : null);
                if (property.IsRequired)
                {
                    required++;
                }
            }

            return new ObjectShape(members, required);
        }
    }

    private sealed record MemberShape(MemberKind Kind, bool Required, bool NullAllowed, JsonTypeInfo TypeInfo, string[]? EnumNames);
}
