namespace Connectors;

/// <summary>
/// Creates, reads, updates, deletes, lists and executes connectors, per space, with the semantics of Kibana's
/// actions client. Every method is thread-safe.
/// </summary>
public interface IConnectorRegistry
{
    /// <summary>Creates a connector after validating its config, secrets and the policy.</summary>
    /// <param name="request">The connector to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created connector, without secrets.</returns>
    /// <exception cref="ConnectorValidationException">The name, type, config or secrets are invalid.</exception>
    /// <exception cref="ConnectorForbiddenException">The type is disabled or not licensed, or a destination is not allowed.</exception>
    /// <exception cref="ConnectorConflictException">A connector with the same id exists in the space.</exception>
    Task<Connector> CreateAsync(CreateConnectorRequest request, CancellationToken cancellationToken = default);

    /// <summary>Replaces a connector's name, config and secrets wholesale; its type cannot change.</summary>
    /// <param name="id">The connector id.</param>
    /// <param name="request">The new name, config and secrets.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated connector, without secrets.</returns>
    /// <exception cref="ConnectorNotFoundException">No such connector in the space.</exception>
    /// <exception cref="ConnectorValidationException">The request is invalid, or the connector is preconfigured.</exception>
    /// <exception cref="ConnectorForbiddenException">The type is disabled or not licensed, or a destination is not allowed.</exception>
    /// <exception cref="ConnectorConflictException">The connector changed concurrently.</exception>
    Task<Connector> UpdateAsync(string id, UpdateConnectorRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gets a connector by id: a stored one of the space, or a preconfigured one (visible in every space).</summary>
    /// <param name="id">The connector id.</param>
    /// <param name="spaceId">The space.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The connector, without secrets.</returns>
    /// <exception cref="ConnectorNotFoundException">No such connector in the space.</exception>
    Task<Connector> GetAsync(string id, string spaceId = "default", CancellationToken cancellationToken = default);

    /// <summary>Deletes a stored connector.</summary>
    /// <param name="id">The connector id.</param>
    /// <param name="spaceId">The space.</param>
    /// <param name="force">Delete even while other objects reference the connector.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ConnectorNotFoundException">No such connector in the space.</exception>
    /// <exception cref="ConnectorValidationException">The connector is preconfigured.</exception>
    /// <exception cref="ConnectorConflictException">The connector is still referenced and <paramref name="force"/> is false.</exception>
    Task DeleteAsync(string id, string spaceId = "default", bool force = false, CancellationToken cancellationToken = default);

    /// <summary>Lists the space's stored connectors and every preconfigured connector, sorted by name.</summary>
    /// <param name="spaceId">The space.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The connectors, without secrets, with <see cref="Connector.ReferencedByCount"/> filled in.</returns>
    Task<IReadOnlyList<Connector>> ListAsync(string spaceId = "default", CancellationToken cancellationToken = default);

    /// <summary>Lists the registered connector types with their license and configuration state.</summary>
    /// <param name="featureId">When set, only types that support this feature id (for example <c>alerting</c>).</param>
    /// <returns>The types, in registration order.</returns>
    IReadOnlyList<ConnectorTypeInfo> ListConnectorTypes(string? featureId = null);

    /// <summary>
    /// Executes a connector. Everything that goes wrong while executing is returned as an error result; only an
    /// unknown connector and a disabled or unlicensed type throw.
    /// </summary>
    /// <param name="request">The connector, params and (optionally) the template variables.</param>
    /// <param name="cancellationToken">Cancels the execution; cancellation propagates as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ConnectorNotFoundException">No such connector in the space.</exception>
    /// <exception cref="ConnectorForbiddenException">The type is disabled or not licensed.</exception>
    Task<ConnectorResult> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken = default);
}
