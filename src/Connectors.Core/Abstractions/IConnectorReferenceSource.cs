namespace Connectors;

/// <summary>
/// Optional, registered by the host (for example its rule store): counts the objects that reference a connector,
/// so that listing reports <see cref="Connector.ReferencedByCount"/> and deleting a referenced connector needs <c>force</c>.
/// </summary>
public interface IConnectorReferenceSource
{
    /// <summary>Counts the references to a connector.</summary>
    /// <param name="connectorId">The connector id.</param>
    /// <param name="spaceId">The space.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of referencing objects.</returns>
    ValueTask<int> CountReferencesAsync(string connectorId, string spaceId, CancellationToken cancellationToken);
}
