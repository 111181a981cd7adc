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
        entries.Add(name, new Entry(bound, async (service, value, ct) => new SubActionOutput(await run(service, (TParams)value, ct).ConfigureAwait(false), null)));
        return this;
    }

    /// <summary>
    /// Adds a sub-action whose result is a stream (Kibana returns the response's <c>Readable</c>): the result carries
    /// it in <see cref="ConnectorResult.Stream"/>, with no data.
    /// </summary>
    public SubActionSet<TService> AddStream<TParams>(
        string name,
        JsonTypeInfo<TParams> schema,
        Func<TService, TParams, CancellationToken, ValueTask<ConnectorStream>> run,
        Func<TParams, ConnectorValidationContext, ConnectorValidationError?>? refine = null)
        where TParams : class =>
        AddDataOrStream(name, schema, async (service, p, ct) => (null, await run(service, p, ct).ConfigureAwait(false)), refine);

    /// <summary>Adds a sub-action that answers with data or, depending on its params, with a stream.</summary>
    public SubActionSet<TService> AddDataOrStream<TParams>(
        string name,
        JsonTypeInfo<TParams> schema,
        Func<TService, TParams, CancellationToken, ValueTask<(JsonNode? Data, ConnectorStream? Stream)>> run,
        Func<TParams, ConnectorValidationContext, ConnectorValidationError?>? refine = null)
        where TParams : class
    {
        var bound = ConnectorSchema.Create(schema, refine);
        entries.Add(name, new Entry(bound, async (service, value, ct) =>
        {
            var (data, stream) = await run(service, (TParams)value, ct).ConfigureAwait(false);
            return new SubActionOutput(data, stream);
        }));
        return this;
    }

    /// <summary>Adds a sub-action whose params contract is a schema of its own (bound to <typeparamref name="TParams"/>).</summary>
    public SubActionSet<TService> Add<TParams>(
        string name,
        ConnectorSchema schema,
        Func<TService, TParams, CancellationToken, ValueTask<JsonNode?>> run)
        where TParams : class
    {
        entries.Add(name, new Entry(schema, async (service, value, ct) => new SubActionOutput(await run(service, (TParams)value, ct).ConfigureAwait(false), null)));
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
            var output = await entry.Run(service, bound!, cancellationToken).ConfigureAwait(false);
            return output.Stream is { } stream
                ? ConnectorResult.Ok(id) with { Stream = stream }
                : ConnectorResult.Ok(id, output.Data ?? new JsonObject());
        }
        catch (SubActionException ex)
        {
            return ExecutorResults.Thrown(id, ex.Message, ex.ErrorSource, ex.RetryAt is { } at ? RetryHint.At(at) : RetryHint.Later);
        }
        catch (HttpRequestException ex)
        {
            return ExecutorResults.Thrown(id, HttpResults.MessageOf(ex), HttpResults.SourceOf(ex));
        }
    }

    private sealed record Entry(ConnectorSchema Schema, Func<TService, object, CancellationToken, ValueTask<SubActionOutput>> Run);

    private readonly record struct SubActionOutput(JsonNode? Data, ConnectorStream? Stream);
}

/// <summary>An error a sub-action throws, with who caused it; its message becomes the result's service message.</summary>
internal sealed class SubActionException(string message, ErrorSource source = ErrorSource.Framework) : Exception(message)
{
    public ErrorSource ErrorSource { get; } = source;

    /// <summary>The HTTP status of the response that failed, if any.</summary>
    public int? Status { get; init; }

    /// <summary>The parsed body of the response that failed, if any.</summary>
    public System.Text.Json.Nodes.JsonNode? Body { get; init; }

    /// <summary>When the service asked to be retried (<c>Retry-After</c> of a 429), if it did.</summary>
    public DateTimeOffset? RetryAt { get; init; }
}
