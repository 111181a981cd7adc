using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Connectors.Storage.Internal;

/// <summary>
/// AES-256-GCM encryption of a record's secrets. The blob is nonce (12) | tag (16) | ciphertext; the key id is kept
/// beside it; the associated data binds the record's space, id and type, so a ciphertext moved to another record fails.
/// </summary>
internal sealed class SecretProtector : IDisposable
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    // Key bytes, not AesGcm instances: an AesGcm is not safe for concurrent use (one native cipher context), and making
    // one per operation costs about a microsecond.
    private readonly Dictionary<string, byte[]> keys = new(StringComparer.Ordinal);

    public SecretProtector(ConnectorEncryptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Key))
        {
            throw new InvalidOperationException(MissingKeyMessage);
        }

        CurrentKeyId = Add(options.Key);
        foreach (var key in options.DecryptionOnlyKeys)
        {
            Add(key);
        }
    }

    public const string MissingKeyMessage =
        "Connector storage needs an encryption key for connector secrets: set Encryption:Key (like Kibana's " +
        "xpack.encryptedSavedObjects.encryptionKey) to a secret of at least 32 characters.";

    public string CurrentKeyId { get; }

    /// <summary>A short, stable, non-secret id of a key: the first 8 bytes of a SHA-256 of a derivation label and the key, in hex.</summary>
    public static string KeyIdOf(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("connectors-key-id:" + key)).AsSpan(0, 8));

    public byte[] Encrypt(string spaceId, string id, string typeId, JsonObject secrets)
    {
        var plain = Encoding.UTF8.GetBytes(secrets.ToJsonString());
        var blob = new byte[NonceSize + TagSize + plain.Length];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys[CurrentKeyId], TagSize);
        aes.Encrypt(nonce, plain, blob.AsSpan(NonceSize + TagSize), blob.AsSpan(NonceSize, TagSize), AssociatedData(spaceId, id, typeId));
        CryptographicOperations.ZeroMemory(plain);
        return blob;
    }

    /// <summary>Decrypts, or returns <see langword="null"/> when the key is unknown or the blob does not authenticate.</summary>
    public JsonObject? TryDecrypt(string spaceId, string id, string typeId, string keyId, byte[] blob)
    {
        if (!keys.TryGetValue(keyId, out var key) || blob.Length < NonceSize + TagSize)
        {
            return null;
        }

        var plain = new byte[blob.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize + TagSize), blob.AsSpan(NonceSize, TagSize), plain, AssociatedData(spaceId, id, typeId));
            return JsonNode.Parse(plain) as JsonObject;
        }
        catch (CryptographicException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public void Dispose()
    {
        foreach (var key in keys.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] AssociatedData(string spaceId, string id, string typeId) =>
        Encoding.UTF8.GetBytes(new JsonArray("action", spaceId, id, typeId).ToJsonString());

    private string Add(string key)
    {
        if (key.Length < ConnectorEncryptionOptions.MinimumKeyLength)
        {
            throw new InvalidOperationException(
                $"A connector storage encryption key must be at least {ConnectorEncryptionOptions.MinimumKeyLength} characters long.");
        }

        var keyId = KeyIdOf(key);
        if (!keys.ContainsKey(keyId))
        {
            keys[keyId] = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        }

        return keyId;
    }
}
