using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Templating.Internal;

/// <summary>
/// What <see cref="MustacheData"/> learns once about its JSON variables so that Kibana-mode renders read them without
/// the <see cref="JsonNode"/> API: each object's members as arrays (and whether a key holds a dot, which only the
/// general path resolves), each scalar's text as the unescaped variable tag writes it and which escapes leave it
/// unchanged. The prepared tree is the snapshot: its objects and arrays are its own, its scalars the immutable values
/// parsed from JSON. Whenever the prepared form cannot answer exactly as the render's other paths would, they read
/// <see cref="Source"/>: a <see cref="JsonNode"/> copy of the snapshot, built the first time it is asked for.
/// </summary>
internal abstract class PreparedValue
{
    /// <summary>The value as a <see cref="JsonNode"/> for the render's other paths (built on first use for objects and arrays).</summary>
    public abstract JsonNode Source { get; }

    /// <summary>Prepares a node; <see langword="null"/> for JSON null.</summary>
    public static PreparedValue? From(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new PreparedObject(o),
        JsonArray a => new PreparedArray(a),
        JsonValue v => (PreparedValue?)PreparedScalar.From(v) ?? new PreparedOther(v.DeepClone()),
        _ => new PreparedOther(node.DeepClone()),
    };

    /// <summary>The node of a prepared child for its parent's <see cref="Source"/>: ours, or a copy of a shared value.</summary>
    protected static JsonNode? ChildSource(PreparedValue? child) => child switch
    {
        null => null,
        PreparedScalar or PreparedOther => child.Source.DeepClone(),
        _ => child.Source,
    };
}

/// <summary>A prepared object or array: its <see cref="Source"/> is built once, on first use.</summary>
internal abstract class PreparedContainer : PreparedValue
{
    private Lock? gate;
    private JsonNode? source;

    public override JsonNode Source => Volatile.Read(ref source) ?? BuildOnce();

    /// <summary>Whether <see cref="Source"/> has been built.</summary>
    public bool HasSource => Volatile.Read(ref source) is not null;

    protected abstract JsonNode Build();

    private JsonNode BuildOnce()
    {
        // One builder at a time: a child's node can join only one parent. (The gate is made only if it is needed.)
        Interlocked.CompareExchange(ref gate, new Lock(), null);
        lock (gate)
        {
            if (source is null)
            {
                Volatile.Write(ref source, Build());
            }

            return source!;
        }
    }
}

/// <summary>A JSON object: its members in order.</summary>
internal sealed class PreparedObject : PreparedContainer
{
    /// <summary>Objects with more members go to the general path, as on the JSON fast path.</summary>
    private const int MaxMembers = 16;

    private readonly string[] names;
    private readonly PreparedValue?[] values;

    /// <summary>Whether no key holds a dot (Kibana's dotted-key rule cannot apply) and the object has few members.</summary>
    private readonly bool plain;

    public PreparedObject(JsonObject from)
    {
        var count = from.Count;
        names = new string[count];
        values = new PreparedValue?[count];
        plain = count <= MaxMembers;
        for (var i = 0; i < count; i++)
        {
            var (name, value) = from.GetAt(i);
            names[i] = name;
            values[i] = From(value);
            plain &= !name.Contains('.', StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The member named <paramref name="key"/> (a key Kibana does not drop): 1 found (<see langword="null"/> for JSON
    /// null), 0 not found, -1 when the general path must decide (a dotted key below this one, many members,
    /// <c>toString</c>): the answers of <see cref="ValueAccess.TryGetPlainJsonObjectMember"/>.
    /// </summary>
    public int TryGet(string key, out PreparedValue? value)
    {
        value = null;
        var keys = names;
        if (!plain && keys.Length > MaxMembers)
        {
            return -1;
        }

        var found = false;
        for (var i = 0; i < keys.Length; i++)
        {
            var k = keys[i];
            if (k.Length == key.Length)
            {
                if (!found && ValueAccess.SameChars(k, key))
                {
                    value = values[i];
                    if (plain)
                    {
                        // No key holds a dot: the first equal name is the answer.
                        return 1;
                    }

                    found = true;
                }
            }
            else if (!plain && k.Length > key.Length && k[key.Length] == '.' && k.StartsWith(key, StringComparison.Ordinal))
            {
                // A dotted key extends the name: Kibana's rule, which the general path applies.
                value = null;
                return -1;
            }
        }

        return found ? 1 : key == "toString" ? -1 : 0;
    }

    protected override JsonNode Build()
    {
        var node = new JsonObject();
        for (var i = 0; i < names.Length; i++)
        {
            node.Add(names[i], ChildSource(values[i]));
        }

        return node;
    }
}

/// <summary>A value only the general path renders (a <see cref="JsonValue"/> not parsed from JSON, copied).</summary>
internal sealed class PreparedOther(JsonNode source) : PreparedValue
{
    public override JsonNode Source { get; } = source;
}

/// <summary>A JSON array.</summary>
internal sealed class PreparedArray : PreparedContainer
{
    public PreparedArray(JsonArray from)
    {
        Items = new PreparedValue?[from.Count];
        for (var i = 0; i < Items.Length; i++)
        {
            Items[i] = From(from[i]);
        }
    }

    public PreparedValue?[] Items { get; }

    protected override JsonNode Build()
    {
        var node = new JsonArray();
        foreach (var item in Items)
        {
            node.Add(ChildSource(item));
        }

        return node;
    }
}

/// <summary>A JSON string, number or boolean.</summary>
internal sealed class PreparedScalar : PreparedValue
{
    private const int TruthyBit = 1 << 5;
    private const int KnownBit = 1 << 6;

    private static readonly MustacheTemplate Unescaped = MustacheTemplate.Parse("{{{.}}}");
    private static readonly MustacheRenderOptions KibanaNone = new() { KibanaCompatible = true, Escape = MustacheEscape.None };

    private readonly bool isString;
    private string? text;

    // Learnt on first use: bit e set when escape e leaves the text unchanged, TruthyBit, KnownBit.
    private int facts;

    private PreparedScalar(JsonValue source, bool isString)
    {
        Source = source;
        this.isString = isString;
    }

    /// <summary>The value parsed from JSON (immutable; shared with the variables it was prepared from).</summary>
    public override JsonNode Source { get; }

    /// <summary>Whether a Kibana-mode section renders for it.</summary>
    public bool Truthy
    {
        get
        {
            var known = Volatile.Read(ref facts);
            return ((known != 0 ? known : Learn()) & TruthyBit) != 0;
        }
    }

    /// <summary>
    /// The value as a Kibana-mode variable tag writes it without an escape, and whether <paramref name="escape"/>
    /// leaves it so. Worked out on first use (by the render itself, so the two cannot disagree) and kept: values a
    /// template never reads cost nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public string Text(MustacheEscape escape, out bool unchanged)
    {
        var known = Volatile.Read(ref facts);
        if (known == 0)
        {
            known = Learn();
        }

        unchanged = (known & (1 << (int)escape)) != 0;
        return text!;
    }

    public static PreparedScalar? From(JsonValue value) =>
        JsonElementValues.TryGetParsedElement(value, out var element)
        && element.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            ? new PreparedScalar(value, element.ValueKind == JsonValueKind.String)
            : null;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Learn()
    {
        var written = Unescaped.Render(Source, KibanaNone);
        var learnt = KnownBit | (ValueAccess.IsTruthy(Source, kibana: true) ? TruthyBit : 0);
        foreach (var escape in Enum.GetValues<MustacheEscape>())
        {
            // Kibana's renderer never escapes numbers and booleans; strings change only where the escape finds a character.
            if (!isString || !Escaper.NeedsEscaping(written, escape, kibana: true))
            {
                learnt |= 1 << (int)escape;
            }
        }

        // Racing threads learn the same; the text is published before the facts that mark it known.
        Volatile.Write(ref text, written);
        Volatile.Write(ref facts, learnt);
        return learnt;
    }
}
