namespace Connectors;

/// <summary>
/// The keys that encrypt connector secrets at rest with AES-256-GCM, like Kibana's
/// <c>xpack.encryptedSavedObjects.encryptionKey</c> and <c>keyRotation.decryptionOnlyKeys</c>.
/// </summary>
public sealed class ConnectorEncryptionOptions
{
    /// <summary>The minimum length of a key.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// The current key: a secret of at least 32 characters (the AES-256 key is its SHA-256). New and updated records are
    /// encrypted with it. Required: a store without a key fails at start-up.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Key { get; set; }

    /// <summary>Former keys, used only to decrypt records not yet re-encrypted with <see cref="Key"/> (see <see cref="IConnectorStoreMaintenance.RotateEncryptionKeyAsync"/>).</summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> DecryptionOnlyKeys { get; } = [];
}
