using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Connectors.Templating.Internal;

/// <summary>
/// A JavaScript plain object's own properties in JavaScript's enumeration order: integer-like keys first in
/// ascending order, then the other keys in insertion order; a repeated key keeps its first position.
/// </summary>
internal sealed class JsObject : IReadOnlyDictionary<string, object?>
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <inheritdoc/>
    public int Count => _values.Count;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => OrderedKeys();

    /// <inheritdoc/>
    public IEnumerable<object?> Values => OrderedKeys().Select(k => _values[k]);

    /// <inheritdoc/>
    public object? this[string key]
    {
        get => _values[key];
        set
        {
            if (!_values.ContainsKey(key))
            {
                _order.Add(key);
            }

            _values[key] = value;
        }
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _values.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        OrderedKeys().Select(k => new KeyValuePair<string, object?>(k, _values[k])).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether <paramref name="key"/> is an array index (a canonical integer below 2^32 − 1).</summary>
    internal static bool IsArrayIndex(string key, out uint index)
    {
        index = 0;
        if (key.Length == 0 || key.Length > 10 || (key.Length > 1 && key[0] == '0') || !key.All(char.IsAsciiDigit))
        {
            return false;
        }

        var value = ulong.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
        if (value >= uint.MaxValue)
        {
            return false;
        }

        index = (uint)value;
        return true;
    }

    private IEnumerable<string> OrderedKeys()
    {
        var indices = new List<(uint Index, string Key)>();
        foreach (var key in _order)
        {
            if (IsArrayIndex(key, out var index))
            {
                indices.Add((index, key));
            }
        }

        indices.Sort((a, b) => a.Index.CompareTo(b.Index));
        return indices.Select(i => i.Key).Concat(_order.Where(k => !IsArrayIndex(k, out _)));
    }
}
