namespace Connectors.Internal;

/// <summary>
/// A built-in executor whose usual execute is one HTTP exchange through the type's client: the pipeline sends the
/// request in its own frame and hands the answer back (one async frame less per execute than
/// <see cref="IConnectorExecutor.ExecuteAsync"/>, which the pipeline runs whenever <see cref="CreateRequest"/> declines).
/// The three steps together behave exactly as the executor's own <see cref="IConnectorExecutor.ExecuteAsync"/>.
/// </summary>
internal interface IHttpExchangeExecutor
{
    /// <summary>
    /// The request to send with <see cref="ConnectorExecutionContext.HttpClient"/>, or <see langword="null"/> when this
    /// execute needs more than one plain exchange (an OAuth token, a client of its own): then the pipeline calls
    /// <see cref="IConnectorExecutor.ExecuteAsync"/>.
    /// </summary>
    HttpRequestMessage? CreateRequest(ConnectorExecutionContext context);

    /// <summary>The result when sending failed with <paramref name="exception"/>.</summary>
    ConnectorResult Failed(ConnectorExecutionContext context, HttpRequestException exception);

    /// <summary>The result of the service's answer (disposed by the pipeline afterwards).</summary>
    ValueTask<ConnectorResult> InterpretAsync(ConnectorExecutionContext context, HttpResponseMessage response, CancellationToken cancellationToken);
}
