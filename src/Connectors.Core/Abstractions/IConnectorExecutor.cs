namespace Connectors;

/// <summary>
/// A connector type: its definition (id, license, schemas, escapes) and the code that runs it. One per type id;
/// register with <c>AddConnectorType&lt;TExecutor&gt;()</c>. Implementations report remote failures as error
/// results rather than throwing; a throw becomes Kibana's <c>an error occurred while running the action</c>.
/// </summary>
public interface IConnectorExecutor
{
    /// <summary>The type's definition.</summary>
    ConnectorTypeDefinition Definition { get; }

    /// <summary>Runs the connector with validated config, secrets and params.</summary>
    /// <param name="context">The connector, its validated config, secrets and params, and the services to use.</param>
    /// <param name="cancellationToken">
    /// Cancels the execution: the caller's token, linked with the execution timeout. It is valid only until the returned
    /// task completes, after which the framework may reuse its source, so work that goes on after the execution must not
    /// use it. The source of an execution that returns a stream is not reused: the stream may keep reading with the
    /// token (the execution timeout no longer runs once the result is returned).
    /// </param>
    /// <returns>The result.</returns>
    ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken);
}
