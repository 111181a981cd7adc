using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Connectors.Internal;

namespace Connectors;

/// <summary>
/// Binds and validates a connector's config, secrets or params: a strict JSON schema taken from a
/// System.Text.Json contract (unknown keys rejected, required fields, value kinds, enums), then an optional
/// custom check. Errors name the field, in Kibana's format (<c>[url]: expected value of type [string] but got [undefined]</c>).
/// </summary>
public abstract class ConnectorSchema
{
    private protected ConnectorSchema()
    {
    }

    /// <summary>The empty object <c>{}</c>: any key is rejected. Binds to an empty <see cref="JsonObject"/>.</summary>
    public static ConnectorSchema Empty { get; } = new EmptySchema();

    /// <summary>The bound CLR type.</summary>
    public abstract Type ValueType { get; }

    /// <summary>Creates a schema from a (preferably source-generated) JSON contract and an optional custom check.</summary>
    /// <typeparam name="T">The bound type, usually a record.</typeparam>
    /// <param name="typeInfo">The contract; its property names are the JSON field names.</param>
    /// <param name="validate">A custom check of the bound value; returns the failure, or <see langword="null"/>.</param>
    /// <returns>The schema.</returns>
    public static ConnectorSchema<T> Create<T>(
        JsonTypeInfo<T> typeInfo,
        Func<T, ConnectorValidationContext, ConnectorValidationError?>? validate = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new ConnectorSchema<T>(typeInfo, validate);
    }

    /// <summary>
    /// <see cref="Create{T}(JsonTypeInfo{T}, Func{T, ConnectorValidationContext, ConnectorValidationError?}?)"/> with a
    /// type's own binder for its usual value, tried first: it returns the value that checking and binding give, or
    /// <see langword="null"/> for anything it does not take (the schema then checks and binds as usual).
    /// </summary>
    internal static ConnectorSchema<T> Create<T>(
        JsonTypeInfo<T> typeInfo,
        Func<T, ConnectorValidationContext, ConnectorValidationError?>? validate,
        Func<JsonObject, T?> bindUsual)
        where T : class =>
        new(typeInfo, validate, bindUsual);

    /// <summary>Binds and validates a value.</summary>
    /// <param name="value">The JSON value; <see langword="null"/> is treated as <c>{}</c>.</param>
    /// <param name="context">The policy for custom checks.</param>
    /// <param name="bound">The bound value, when valid.</param>
    /// <param name="errors">The failures, when invalid.</param>
    /// <returns>Whether the value is valid.</returns>
    public abstract bool TryBind(
        JsonObject? value,
        ConnectorValidationContext context,
        out object? bound,
        out IReadOnlyList<ConnectorValidationError> errors);

    /// <summary>
    /// The value with the numbers and booleans that the schema expects, where it holds them as strings (as
    /// configuration gives every value), typed: <c>"465"</c> → <c>465</c>, <c>"True"</c> → <c>true</c>. Free-form
    /// fields keep what they hold; a value the schema refuses comes back unchanged, for validation to report.
    /// </summary>
    internal virtual JsonObject Coerce(JsonObject value) => value;

    /// <summary>The System.Text.Json contract behind the schema, when it has one.</summary>
    internal virtual JsonTypeInfo? Contract => null;

    private sealed class EmptySchema : ConnectorSchema
    {
        public override Type ValueType => typeof(JsonObject);

        public override bool TryBind(
            JsonObject? value,
            ConnectorValidationContext context,
            out object? bound,
            out IReadOnlyList<ConnectorValidationError> errors)
        {
            if (value is null || value.Count == 0)
            {
                bound = new JsonObject();
                errors = [];
                return true;
            }

            bound = null;
            errors = [.. value.Select(p => new ConnectorValidationError(p.Key, $"[{p.Key}]: definition for this key is missing"))];
            return false;
        }
    }
}

/// <summary>A schema that binds to <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The bound type.</typeparam>
public sealed class ConnectorSchema<T> : ConnectorSchema
    where T : class
{
    [ThreadStatic]
    private static List<ConnectorValidationError>? scratchErrors;

    private readonly JsonTypeInfo<T> typeInfo;
    private readonly Func<T, ConnectorValidationContext, ConnectorValidationError?>? validate;

    // The contract's direct binding plan, looked up on first use (PlanKnown once set; a race only looks it up twice).
    private DirectBinder.ObjectPlan? plan;
    private volatile bool planKnown;

    private readonly Func<JsonObject, T?>? bindUsual;

    internal ConnectorSchema(
        JsonTypeInfo<T> typeInfo,
        Func<T, ConnectorValidationContext, ConnectorValidationError?>? validate,
        Func<JsonObject, T?>? bindUsual = null)
    {
        this.typeInfo = typeInfo;
        this.validate = validate;
        this.bindUsual = bindUsual;
    }

    /// <inheritdoc/>
    public override Type ValueType => typeof(T);

    internal override JsonObject Coerce(JsonObject value) =>
        StrictJsonBinder.Normalize(value, typeInfo, []) ?? value;

    /// <inheritdoc/>
    internal override JsonTypeInfo? Contract => typeInfo;

    /// <inheritdoc/>
    public override bool TryBind(
        JsonObject? value,
        ConnectorValidationContext context,
        out object? bound,
        out IReadOnlyList<ConnectorValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(context);

        if (value is not null && bindUsual?.Invoke(value) is { } usual)
        {
            // The type's own binder took the usual value (what the check and the binding below give for it).
            return Validated(usual, context, out bound, out errors);
        }

        if (value is not null && Plan is { } direct && direct.TryBind(value, check: true, out var checkedValue))
        {
            // The usual value, checked and bound in one pass (what the check and the binding below give for it).
            return Validated((T)checkedValue, context, out bound, out errors);
        }

        // The error list of the last valid binding on this thread is reused (it is empty): a valid value, the usual
        // case on every execute, allocates no list. A list that holds errors is handed out and not reused.
        var list = scratchErrors ?? [];
        scratchErrors = null;
        var normalized = StrictJsonBinder.Normalize(value ?? [], typeInfo, list);
        if (list.Count > 0 || normalized is null)
        {
            bound = null;
            errors = list;
            return false;
        }

        scratchErrors = list;

        T? result;
        try
        {
            if (Plan is { } plain && plain.TryBind(normalized, check: false, out var directValue))
            {
                result = (T)directValue;
            }
            else
            {
                result = NodeReader.Deserialize(normalized, typeInfo);
            }
        }
        catch (System.Text.Json.JsonException ex)
        {
            bound = null;
            errors = [new ConnectorValidationError(ex.Path ?? string.Empty, $"[{ex.Path}]: invalid value")];
            return false;
        }

        if (result is null)
        {
            bound = null;
            errors = [new ConnectorValidationError(string.Empty, "expected a value but got [null]")];
            return false;
        }

        return Validated(result, context, out bound, out errors);
    }

    private DirectBinder.ObjectPlan? Plan
    {
        get
        {
            if (!planKnown)
            {
                plan = DirectBinder.PlanOf(typeInfo);
                planKnown = true;
            }

            return plan;
        }
    }

    /// <summary>The type's own validation of a bound value.</summary>
    private bool Validated(T result, ConnectorValidationContext context, out object? bound, out IReadOnlyList<ConnectorValidationError> errors)
    {
        if (validate?.Invoke(result, context) is { } failure)
        {
            bound = null;
            errors = [failure];
            return false;
        }

        bound = result;
        errors = [];
        return true;
    }
}
