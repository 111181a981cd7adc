namespace Connectors;

/// <summary>
/// Where the <c>.index</c> connector writes documents. The default is Elasticsearch's <c>_bulk</c> API when
/// <c>ServiceUrls[".index"]</c> is configured, else <see cref="InMemoryIndexDocumentWriter"/>. Register your own
/// implementation to write elsewhere.
/// </summary>
public interface IIndexDocumentWriter
{
    /// <summary>Writes documents to an index, as one bulk of <c>create</c> operations.</summary>
    /// <param name="request">The index, the documents and the refresh flag.</param>
    /// <param name="context">The execution: its guarded HTTP client, clock, logger and services.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The bulk response, or the failure of the request as a whole.</returns>
    ValueTask<IndexWriteResult> WriteAsync(IndexWriteRequest request, ConnectorExecutionContext context, CancellationToken cancellationToken = default);
}
