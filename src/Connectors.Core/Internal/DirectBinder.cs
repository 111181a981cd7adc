using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Connectors.Internal;

/// <summary>
/// Binds a JSON object that <see cref="StrictJsonBinder"/> has already checked straight onto a new instance through
/// the contract's own creator and setters, without writing the node out and reading it back. Only for contracts whose
/// every member is a plain shape (strings, booleans, 32/64-bit integers, doubles, string enums, nested objects of the
/// same kind, string dictionaries, JSON nodes) and whose contract has no callbacks, custom member converters or number
/// handling; anything else (and any value this binder does not expect, such as a <c>null</c>) is left to
/// <see cref="JsonSerializer"/>, so the result and the errors are the serializer's.
/// </summary>
internal static class DirectBinder
{
    private static readonly ConcurrentDictionary<JsonTypeInfo, ObjectPlan?> Plans = new();

    /// <summary>Whether <paramref name="typeInfo"/> binds directly (for tests).</summary>
    public static bool Supports(JsonTypeInfo typeInfo) => PlanFor(typeInfo) is not null;

    /// <summary>
    /// The plan that binds <paramref name="typeInfo"/>'s values, made once per contract; <see langword="null"/> when the
    /// serializer must bind them. A caller that binds the same contract often keeps it (<see cref="ConnectorSchema{T}"/>).
    /// Its <see cref="ObjectPlan.TryBind"/> with <c>check: true</c> is the check of <see cref="StrictJsonBinder"/> and the
    /// binding in one pass, for the usual value: every key a member of a plain kind (a string, a boolean, a double, a
    /// string enum, a JSON node of the member's kind), none <c>null</c>, every required member present. It returns
    /// <see langword="false"/> as soon as anything needs more (an unknown key, a value to coerce or to refuse, a
    /// <c>null</c>, a member of another kind): the caller then checks and binds as usual, so the result and the errors are
    /// theirs. What it binds is what checking and binding give for that value.
    /// </summary>
    public static ObjectPlan? PlanOf(JsonTypeInfo typeInfo) => PlanFor(typeInfo);

    private static ObjectPlan? PlanFor(JsonTypeInfo typeInfo) =>
        Plans.TryGetValue(typeInfo, out var plan) ? plan : Plans.GetOrAdd(typeInfo, static info => ObjectPlan.Build(info, 0));

    private enum MemberKind
    {
        String,
        Boolean,
        Int32,
        Int64,
        Double,
        Enum,
        Object,
        StringDictionary,
        Node,
        Serializer,
    }

    /// <summary>How to bind one contract's values: its creator and its members.</summary>
    internal sealed class ObjectPlan(Func<object> create, MemberPlan[] members)
    {
        private readonly int requiredCount = members.Count(m => m.Required);

        // Read-optimised for a small fixed set of names (buckets by length, then the characters that tell them apart).
        private readonly FrozenDictionary<string, MemberPlan> byName = members.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);

        internal static ObjectPlan? Build(JsonTypeInfo info, int depth)
        {
            var options = info.Options;
            if (depth > 4 || info.Kind != JsonTypeInfoKind.Object || info.CreateObject is null
                || info.OnDeserializing is not null || info.OnDeserialized is not null || info.NumberHandling is not null
                || info.PreferredPropertyObjectCreationHandling == JsonObjectCreationHandling.Populate
                || options.PropertyNameCaseInsensitive || options.NumberHandling != JsonNumberHandling.Strict
                || options.PreferredObjectCreationHandling == JsonObjectCreationHandling.Populate)
            {
                return null;
            }

            var members = new MemberPlan[info.Properties.Count];
            for (var i = 0; i < members.Length; i++)
            {
                var property = info.Properties[i];
                if (property.Set is null || property.CustomConverter is not null || property.NumberHandling is not null
                    || property.IsExtensionData || property.ObjectCreationHandling == JsonObjectCreationHandling.Populate
                    || MemberPlan.Build(property, depth, i) is not { } member)
                {
                    return null;
                }

                members[i] = member;
            }

            return new ObjectPlan(info.CreateObject, members);
        }

        /// <summary>
        /// Binds <paramref name="value"/> member by member; with <paramref name="check"/>, only values the strict check
        /// passes unchanged, and only with every required member present.
        /// </summary>
        public bool TryBind(JsonObject value, bool check, out object result)
        {
            result = create();
            var required = 0;
            var hint = 0;
            var count = value.Count;
            for (var i = 0; i < count; i++)
            {
                var (key, node) = value.GetAt(i);
                if (node is null || Find(key, ref hint) is not { } member
                    || !(check ? member.TryReadChecked(node, out var read) : member.TryRead(node, out read)))
                {
                    return false;
                }

                if (member.Required)
                {
                    required++;
                }

                member.Set(result, read);
            }

            return !check || required == requiredCount;
        }

        /// <summary>
        /// The member named <paramref name="key"/>: first the one after the last found (an object usually lists its
        /// members in the contract's order, as the serializer assumes too), then by name.
        /// </summary>
        private MemberPlan? Find(string key, ref int hint)
        {
            if (hint < members.Length && string.Equals(members[hint].Name, key, StringComparison.Ordinal))
            {
                return members[hint++];
            }

            if (!byName.TryGetValue(key, out var member))
            {
                return null;
            }

            hint = member.Index + 1;
            return member;
        }
    }

    internal sealed class MemberPlan(string name, Action<object, object?> set, bool required, int index)
    {
        private MemberKind kind;
        private Type? nodeType;
        private KeyValuePair<string, object>[]? enumValues;
        private ObjectPlan? nested;
        private Func<object>? createDictionary;
        private JsonTypeInfo? info;

        public string Name => name;

        public Action<object, object?> Set => set;

        /// <summary>Whether the contract requires the member.</summary>
        public bool Required => required;

        /// <summary>The member's position in the contract.</summary>
        public int Index => index;

        public static MemberPlan? Build(JsonPropertyInfo property, int depth, int index)
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var plan = new MemberPlan(property.Name, property.Set!, property.IsRequired, index);
            if (type == typeof(string))
            {
                return plan.With(MemberKind.String);
            }

            if (type == typeof(bool))
            {
                return plan.With(MemberKind.Boolean);
            }

            if (type == typeof(int))
            {
                return plan.With(MemberKind.Int32);
            }

            if (type == typeof(long))
            {
                return plan.With(MemberKind.Int64);
            }

            if (type == typeof(double))
            {
                return plan.With(MemberKind.Double);
            }

            if (type == typeof(JsonNode) || type == typeof(JsonObject) || type == typeof(JsonArray))
            {
                plan.nodeType = type;
                return plan.With(MemberKind.Node);
            }

            var options = property.Options;
            if (type.IsEnum)
            {
                // A handful of names, compared in turn (cheaper than hashing the value).
                plan.enumValues = EnumValues(type, options.GetTypeInfo(property.PropertyType))?.ToArray();
                return plan.enumValues is null ? null : plan.With(MemberKind.Enum);
            }

            var typeInfo = options.GetTypeInfo(property.PropertyType);
            if (type == typeof(Dictionary<string, string>) && typeInfo.CreateObject is { } create && typeInfo.Converter.GetType().Name.StartsWith("Dictionary", StringComparison.Ordinal))
            {
                plan.createDictionary = create;
                return plan.With(MemberKind.StringDictionary);
            }

            plan.nested = ObjectPlan.Build(typeInfo, depth + 1);
            if (plan.nested is not null)
            {
                return plan.With(MemberKind.Object);
            }

            // Any other shape (lists, records with required members, ...): the serializer reads that member's value.
            plan.info = typeInfo;
            return plan.With(MemberKind.Serializer);
        }

        public bool TryRead(JsonNode node, out object? value)
        {
            value = null;
            switch (kind)
            {
                case MemberKind.String:
                    // One accessor call: true only for a value that holds a string (a JSON string read or made), never
                    // for one that only writes as a string (a char, a date, a GUID), which the serializer reads.
                    if (node is JsonValue s && s.TryGetValue<string>(out var text))
                    {
                        value = text;
                        return true;
                    }

                    return false;
                case MemberKind.Boolean:
                    if (node is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                    {
                        value = b.GetValue<bool>();
                        return true;
                    }

                    return false;
                case MemberKind.Int32:
                    if (node is JsonValue i && i.GetValueKind() == JsonValueKind.Number && i.TryGetValue<int>(out var int32))
                    {
                        value = int32;
                        return true;
                    }

                    return false;
                case MemberKind.Int64:
                    if (node is JsonValue l && l.GetValueKind() == JsonValueKind.Number && l.TryGetValue<long>(out var int64))
                    {
                        value = int64;
                        return true;
                    }

                    return false;
                case MemberKind.Double:
                    if (node is JsonValue d && d.GetValueKind() == JsonValueKind.Number && d.TryGetValue<double>(out var number))
                    {
                        value = number;
                        return true;
                    }

                    return false;
                case MemberKind.Enum:
                    if (node is JsonValue e && e.TryGetValue<string>(out var name) && EnumValue(name) is { } member)
                    {
                        value = member;
                        return true;
                    }

                    return false;
                case MemberKind.Object:
                    if (node is JsonObject o && nested!.TryBind(o, check: false, out var bound))
                    {
                        value = bound;
                        return true;
                    }

                    return false;
                case MemberKind.StringDictionary:
                    return node is JsonObject map && TryReadDictionary(map, out value);
                case MemberKind.Node:
                    value = node.DeepClone();
                    return true;
                case MemberKind.Serializer:
                    try
                    {
                        value = NodeReader.Deserialize(node, info!);
                        return value is not null;
                    }
                    catch (JsonException)
                    {
                        // The serializer, reading the whole object, reports the error with its full path.
                        return false;
                    }

                default:
                    return false;
            }
        }

        /// <summary>
        /// <see cref="TryRead"/> for a value the strict check would pass unchanged (its kinds: strings, booleans, doubles,
        /// enums by their names, a node of the member's kind); <see langword="false"/> for anything else.
        /// </summary>
        public bool TryReadChecked(JsonNode node, out object? value)
        {
            switch (kind)
            {
                case MemberKind.String or MemberKind.Boolean or MemberKind.Double or MemberKind.Enum:
                    return TryRead(node, out value);
                case MemberKind.Node when nodeType == typeof(JsonNode)
                                          || (nodeType == typeof(JsonObject) && node is JsonObject)
                                          || (nodeType == typeof(JsonArray) && node is JsonArray):
                    value = node.DeepClone();
                    return true;
                default:
                    value = null;
                    return false;
            }
        }

        private object? EnumValue(string name)
        {
            foreach (var (candidate, value) in enumValues!)
            {
                if (string.Equals(candidate, name, StringComparison.Ordinal))
                {
                    return value;
                }
            }

            return null;
        }

        private bool TryReadDictionary(JsonObject map, out object? value)
        {
            value = null;
            var dictionary = (Dictionary<string, string>)createDictionary!();
            var count = map.Count;
            for (var i = 0; i < count; i++)
            {
                var (key, item) = map.GetAt(i);
                if (item is not JsonValue v || !v.TryGetValue<string>(out var text))
                {
                    return false;
                }

                dictionary[key] = text;
            }

            value = dictionary;
            return true;
        }

        private MemberPlan With(MemberKind value)
        {
            kind = value;
            return this;
        }

        /// <summary>
        /// The names the strict binder accepts for an enum, each mapped to what the serializer itself reads for it;
        /// <see langword="null"/> when the serializer does not read one of them (the serializer then decides).
        /// </summary>
        private static Dictionary<string, object>? EnumValues(Type enumType, JsonTypeInfo info)
        {
            var map = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var name in StrictJsonBinder.EnumNamesOf(enumType))
            {
                try
                {
                    if (JsonSerializer.Deserialize("\"" + JsonEncodedText.Encode(name) + "\"", info) is not { } read)
                    {
                        return null;
                    }

                    map[name] = read;
                }
                catch (JsonException)
                {
                    return null;
                }
                catch (NotSupportedException)
                {
                    return null;
                }
            }

            return map;
        }
    }
}
