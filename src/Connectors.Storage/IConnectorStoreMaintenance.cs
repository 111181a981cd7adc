namespace Connectors;

/// <summary>Maintenance of a durable connector store: schema migrations and encryption key rotation.</summary>
public interface IConnectorStoreMaintenance
{
    /// <summary>
    /// Creates or migrates the schema. Idempotent and safe when several instances call it together; the store calls it
    /// at host start-up and before its first operation.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-encrypts every record's secrets with the current key (records encrypted with one of the
    /// <see cref="ConnectorEncryptionOptions.DecryptionOnlyKeys"/>). Records that no key can decrypt are left as they are.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many records were re-encrypted.</returns>
    Task<int> RotateEncryptionKeyAsync(CancellationToken cancellationToken = default);
}
