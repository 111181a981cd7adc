namespace Connectors.Templating.Internal;

/// <summary>
/// An object built by Kibana's variable augmentation when dotted keys have to be merged (§9.2). Only
/// created on the rare path where an object has keys containing dots; its values stay in their original
/// shape and are augmented lazily when they are looked into.
/// </summary>
internal sealed class ExpandedObject
{
    private readonly OrderedDictionary<string, object?> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public IEnumerable<KeyValuePair<string, object?>> Entries => _entries;

    public bool TryGet(string key, out object? value) => _entries.TryGetValue(key, out value);

    /// <summary>Builds the augmented form of <paramref name="source"/>, an object of any shape.</summary>
    public static ExpandedObject From(object source, int depth)
    {
        var result = new ExpandedObject();
        foreach (var entry in ValueAccess.Entries(source))
        {
            result.Apply(entry.Key, entry.Value, depth);
        }

        return result;
    }

    /// <summary>Resolves what <paramref name="key"/> becomes in the augmented form of <paramref name="source"/>.</summary>
    public static bool TryResolve(object source, string key, out object? value)
    {
        var result = new ExpandedObject();
        foreach (var entry in ValueAccess.Entries(source))
        {
            var k = entry.Key;
            if (string.Equals(k, key, StringComparison.Ordinal)
                || (k.Length > key.Length && k[key.Length] == '.' && k.StartsWith(key, StringComparison.Ordinal)))
            {
                result.Apply(k, entry.Value, 0);
            }
        }

        return result.TryGet(key, out value);
    }

    private void Apply(string key, object? value, int depth)
    {
        if (depth > 64 || ValueAccess.IsDroppedKey(key))
        {
            return;
        }

        if (key.Contains('.', StringComparison.Ordinal))
        {
            var segments = key.Split('.');
            foreach (var s in segments)
            {
                if (ValueAccess.IsDroppedKey(s))
                {
                    return;
                }
            }

            var target = this;
            for (var i = 0; i < segments.Length - 1; i++)
            {
                target._entries.TryGetValue(segments[i], out var existing);
                ExpandedObject next;
                if (existing is ExpandedObject eo)
                {
                    next = eo;
                }
                else if (existing is not null && ValueAccess.KindOf(existing) == ValueKind.Object)
                {
                    next = From(existing, depth + 1);
                }
                else
                {
                    next = new ExpandedObject();
                }

                target._entries[segments[i]] = next;
                target = next;
            }

            target._entries[segments[^1]] = value;
            return;
        }

        if (value is not null && _entries.TryGetValue(key, out var current) && current is not null
            && ValueAccess.KindOf(value) == ValueKind.Object && ValueAccess.KindOf(current) == ValueKind.Object)
        {
            var merged = current as ExpandedObject ?? From(current, depth + 1);
            foreach (var entry in ValueAccess.Entries(value))
            {
                merged.Apply(entry.Key, entry.Value, depth + 1);
            }

            _entries[key] = merged;
            return;
        }

        _entries[key] = value;
    }
}
