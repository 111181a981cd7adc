using System.Text.Json.Nodes;

namespace Connectors.Internal;

/// <summary>
/// A connector resolved for execution: what the executor sees, the stored config and secrets to bind, and the
/// version key. With the in-memory store one instance serves every execute of a connector version (the stored config
/// and secrets are then shared and only read), so the event-log texts are built once per version.
/// </summary>
internal sealed class ResolvedConnector(
    Connector connector, JsonObject config, JsonObject secrets, ConnectorVersionKey key, bool shared)
{
    private string? startedMessage;
    private string? executedMessage;
    private string? failureMessage;

    public Connector Connector { get; } = connector;

    public JsonObject Config { get; } = config;

    public JsonObject Secrets { get; } = secrets;

    public ConnectorVersionKey Key { get; } = key;

    /// <summary>Whether <see cref="Config"/> and <see cref="Secrets"/> are immutable snapshots shared between executes.</summary>
    public bool Shared { get; } = shared;

    /// <summary>The bound config and secrets of a shared version, kept by <see cref="BoundConnectorCache"/> (set by racing writers to equal values).</summary>
    public KeptBinding? Binding { get; set; }

    public string StartedMessage(string typeId) =>
        startedMessage ??= $"action started: {typeId}:{Connector.Id}: {Connector.Name}";

    public string ExecutedMessage(string typeId) =>
        executedMessage ??= $"action executed: {typeId}:{Connector.Id}: {Connector.Name}";

    public string FailureMessage(string typeId) =>
        failureMessage ??= $"action execution failure: {typeId}:{Connector.Id}: {Connector.Name}";

    /// <summary>A binding, the cache and the options generation it was made in, and the type that made it.</summary>
    internal sealed record KeptBinding(BoundConnectorCache Owner, long Generation, ConnectorTypeDefinition Type, (object Config, object Secrets) Bound);
}
