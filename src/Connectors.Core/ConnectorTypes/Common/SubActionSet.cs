using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Connectors.ConnectorTypes.Common;

/// <summary>
/// The sub-actions of one connector type and their dispatch, as Kibana's sub-action framework runs them
/// (<c>sub_action_framework/executor.ts</c>): look the sub-action up, validate its params against its own schema,
/// run it, and answer <c>{status:'ok', data: value ?? {}}</c>. A failure is what Kibana's framework makes of a
/// thrown error: <c>an error occurred while running the action</c>, the error's text as service message, retry.
/// </summary>
/// <typeparam name="TService">What a sub-action runs against (the connector's bound config, secrets, client…).</typeparam>
internal sealed class SubActionSet<TService>
{
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public SubActionSet(string typeId, string typeName)
    {
        TypeId = typeId;
        TypeName = typeName;
    }

    public string TypeId { get; }

    public string TypeName { get; }

    public IEnumerable<string> Names => entries.Keys;

    /// <summary>Adds a sub-action with its params contract (strict, errors naming the field) and optional refinement.</summary>
    public SubActionSet<TService> Add<TParams>(
        string name,
        JsonTypeInfo<TParams> schema,
        Func<TService, TParams, CancellationToken, ValueTask<JsonNode?>> run,
        Func<TParams, ConnectorValidationContext, ConnectorValidationError?>? refine = null)
        where TParams : class
    {
        var bound = ConnectorSchema.Create(schema, refine);
        entries.Add(name, new Entry(bound, (service, value, ct) => run(service, (TParams)value, ct)));
        return this;
    }

    /// <summary>Adds a sub-action whose params contract is a schema of its own (bound to <typeparamref name="TParams"/>).</summary>
    public SubActionSet<TService> Add<TParams>(
        string name,
        ConnectorSchema schema,
        Func<TService, TParams, CancellationToken, ValueTask<JsonNode?>> run)
        where TParams : class
    {
        entries.Add(name, new Entry(schema, (service, value, ct) => run(service, (TParams)value, ct)));
        return this;
    }

    /// <summary>The params schema for one sub-action, if registered.</summary>
    public ConnectorSchema? SchemaOf(string name) => entries.TryGetValue(name, out var entry) ? entry.Schema : null;

    /// <summary>Runs the envelope's sub-action.</summary>
    public async ValueTask<ConnectorResult> ExecuteAsync(
        ConnectorExecutionContext context, TService service, SubActionEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(envelope);
        var id = context.ConnectorId;
        if (entries.Count == 0)
        {
            return ExecutorResults.Thrown(id, "You should register at least one subAction for your connector type", ErrorSource.Framework);
        }

        if (!entries.TryGetValue(envelope.SubAction, out var entry))
        {
            return ExecutorResults.Thrown(
                id,
                $"Sub action \"{envelope.SubAction}\" is not registered. Connector id: {id}. Connector name: {TypeName}. Connector type: {TypeId}",
                ErrorSource.Framework);
        }

        if (!entry.Schema.TryBind(envelope.SubActionParams, new ConnectorValidationContext(context.Policy), out var bound, out var errors))
        {
            return ExecutorResults.Thrown(id, $"Request validation failed ({string.Join("; ", errors.Select(e => e.Message))})", ErrorSource.User);
        }

        try
        {
            var data = await entry.Run(service, bound!, cancellationToken).ConfigureAwait(false);
            return ConnectorResult.Ok(id, data ?? new JsonObject());
        }
        catch (SubActionException ex) when (ex.RetryAt is { } at)
        {
            return ConnectorResult.Error(id, "an error occurred while running the action", ex.Message, RetryHint.At(at), ex.ErrorSource);
        }
        catch (SubActionException ex)
        {
            return ExecutorResults.Thrown(id, ex.Message, ex.ErrorSource);
        }
        catch (HttpRequestException ex)
        {
            return ExecutorResults.Thrown(id, HttpResults.MessageOf(ex), HttpResults.SourceOf(ex));
        }
    }

    private sealed record Entry(ConnectorSchema Schema, Func<TService, object, CancellationToken, ValueTask<JsonNode?>> Run);
}

/// <summary>An error a sub-action throws, with who caused it; its message becomes the result's service message.</summary>
internal sealed class SubActionException(string message, ErrorSource source = ErrorSource.Framework) : Exception(message)
{
    public ErrorSource ErrorSource { get; } = source;

    /// <summary>The HTTP status of the response that failed, if any.</summary>
    public int? Status { get; init; }

    /// <summary>The parsed body of the response that failed, if any.</summary>
    public System.Text.Json.Nodes.JsonNode? Body { get; init; }

    /// <summary>When a 429's <c>Retry-After</c> asks to retry.</summary>
    public DateTimeOffset? RetryAt { get; init; }
}
