namespace Connectors;

/// <summary>Options of a durable connector store (SQLite or PostgreSQL), bound from a section such as <c>Connectors:Storage</c>.</summary>
public sealed class ConnectorStorageOptions
{
    /// <summary>The database connection string.</summary>
    /// <value>The default value is <see langword="null"/>; the store's <c>Use…Store</c> call sets it.</value>
    public string? ConnectionString { get; set; }

    /// <summary>How connector secrets are encrypted at rest.</summary>
    public ConnectorEncryptionOptions Encryption { get; set; } = new();
}
