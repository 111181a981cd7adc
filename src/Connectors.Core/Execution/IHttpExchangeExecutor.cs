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

/// <summary>The exchange of an <see cref="IHttpExchangeExecutor"/> run by the executor itself.</summary>
internal static class HttpExchange
{
    /// <summary>
    /// What the executor's own <see cref="IConnectorExecutor.ExecuteAsync"/> does: the same steps the pipeline runs inline
    /// (in its own frame) for these types: send the request, then the failure or the answer as the result.
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ConnectorResult> RunAsync(IHttpExchangeExecutor exchange, ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var request = exchange.CreateRequest(context)
            ?? throw new InvalidOperationException("The executor declined its own exchange.");
        HttpResponseMessage response;
        try
        {
            response = await context.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return exchange.Failed(context, ex);
        }

        using (response)
        {
            return await exchange.InterpretAsync(context, response, cancellationToken).ConfigureAwait(false);
        }
    }
}
