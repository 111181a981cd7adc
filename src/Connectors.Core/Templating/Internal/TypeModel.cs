using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;

namespace Connectors.Templating.Internal;

/// <summary>
/// How the engine reads a CLR type that is not one of the shapes it knows directly: public property
/// getters compiled once per type (POCOs, records, anonymous types), typed dictionaries, sequences, scalars.
/// </summary>
internal abstract class TypeModel
{
    private static readonly ConcurrentDictionary<Type, TypeModel> Cache = new();

    public abstract ValueKind Kind { get; }

    public static TypeModel For(Type type) => Cache.GetOrAdd(type, Create);

    public virtual bool TryGetMember(object instance, string key, out object? value)
    {
        value = null;
        return false;
    }

    public virtual IEnumerable<KeyValuePair<string, object?>> Entries(object instance) => [];

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Templates read the public properties of the data they are given.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Falls back to reflection when dynamic code is not available.")]
    private static TypeModel Create(Type type)
    {
        if (type.IsEnum || type.IsPrimitive || type == typeof(decimal) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
            || type == typeof(Guid) || type == typeof(TimeSpan) || type == typeof(Uri) || type == typeof(DateOnly) || type == typeof(TimeOnly))
        {
            return ScalarModel.Instance;
        }

        foreach (var itf in type.GetInterfaces().Append(type))
        {
            if (itf.IsGenericType && itf.GetGenericArguments()[0] == typeof(string)
                && (itf.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || itf.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
            {
                var model = typeof(DictionaryModel<>).MakeGenericType(itf.GetGenericArguments()[1]);
                return (TypeModel)Activator.CreateInstance(model)!;
            }
        }

        if (typeof(IDictionary).IsAssignableFrom(type))
        {
            return NonGenericDictionaryModel.Instance;
        }

        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            return SequenceModel.Instance;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .ToArray();
        return properties.Length == 0 ? ScalarModel.Instance : new PocoModel(type, properties);
    }

    private sealed class ScalarModel : TypeModel
    {
        public static readonly ScalarModel Instance = new();

        public override ValueKind Kind => ValueKind.Other;
    }

    private sealed class SequenceModel : TypeModel
    {
        public static readonly SequenceModel Instance = new();

        public override ValueKind Kind => ValueKind.Array;
    }

    private sealed class NonGenericDictionaryModel : TypeModel
    {
        public static readonly NonGenericDictionaryModel Instance = new();

        public override ValueKind Kind => ValueKind.Object;

        public override bool TryGetMember(object instance, string key, out object? value)
        {
            var d = (IDictionary)instance;
            if (d.Contains(key))
            {
                value = d[key];
                return true;
            }

            value = null;
            return false;
        }

        public override IEnumerable<KeyValuePair<string, object?>> Entries(object instance)
        {
            foreach (DictionaryEntry e in (IDictionary)instance)
            {
                yield return new(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, e.Value);
            }
        }
    }

    private sealed class DictionaryModel<T> : TypeModel
    {
        public override ValueKind Kind => ValueKind.Object;

        public override bool TryGetMember(object instance, string key, out object? value)
        {
            bool found;
            T? v;
            if (instance is IReadOnlyDictionary<string, T> ro)
            {
                found = ro.TryGetValue(key, out v);
            }
            else
            {
                found = ((IDictionary<string, T>)instance).TryGetValue(key, out v);
            }

            value = v;
            return found;
        }

        public override IEnumerable<KeyValuePair<string, object?>> Entries(object instance)
        {
            IEnumerable<KeyValuePair<string, T>> source = instance as IReadOnlyDictionary<string, T> ?? (IEnumerable<KeyValuePair<string, T>>)instance;
            foreach (var e in source)
            {
                yield return new(e.Key, e.Value);
            }
        }
    }

    private sealed class PocoModel : TypeModel
    {
        private readonly Dictionary<string, Func<object, object?>> _getters = new(StringComparer.Ordinal);
        private readonly KeyValuePair<string, Func<object, object?>>[] _ordered;

        [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Expression.Compile falls back to interpretation without dynamic code.")]
        public PocoModel(Type type, PropertyInfo[] properties)
        {
            var list = new List<KeyValuePair<string, Func<object, object?>>>();
            foreach (var p in properties)
            {
                if (_getters.ContainsKey(p.Name))
                {
                    continue; // a property hidden with 'new': keep the most derived (listed first)
                }

                var instance = Expression.Parameter(typeof(object), "o");
                var body = Expression.Convert(Expression.Property(Expression.Convert(instance, type), p), typeof(object));
                var getter = Expression.Lambda<Func<object, object?>>(body, instance).Compile();
                _getters[p.Name] = getter;
                list.Add(new(p.Name, getter));
            }

            _ordered = [.. list];
        }

        public override ValueKind Kind => ValueKind.Object;

        public override bool TryGetMember(object instance, string key, out object? value)
        {
            if (_getters.TryGetValue(key, out var getter))
            {
                value = getter(instance);
                return true;
            }

            value = null;
            return false;
        }

        public override IEnumerable<KeyValuePair<string, object?>> Entries(object instance)
        {
            foreach (var (name, getter) in _ordered)
            {
                yield return new(name, getter(instance));
            }
        }
    }
}
