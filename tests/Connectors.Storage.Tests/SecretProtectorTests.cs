using System.Text.Json.Nodes;
using Connectors.Storage.Internal;

namespace Connectors.Storage.Tests;

public sealed class SecretProtectorTests
{
    [Fact]
    public void TryDecrypt_AnyPartOfTheAssociatedDataChanged_Fails()
    {
        using var protector = new SecretProtector(TestKeys.Options(TestKeys.Current));
        var blob = protector.Encrypt("default", "c1", ".webhook", new JsonObject { ["password"] = "p" });

        Assert.Equal("""{"password":"p"}""", protector.TryDecrypt("default", "c1", ".webhook", protector.CurrentKeyId, blob)!.ToJsonString());
        Assert.Null(protector.TryDecrypt("other", "c1", ".webhook", protector.CurrentKeyId, blob));
        Assert.Null(protector.TryDecrypt("default", "c2", ".webhook", protector.CurrentKeyId, blob));
        Assert.Null(protector.TryDecrypt("default", "c1", ".slack", protector.CurrentKeyId, blob));
        Assert.Null(protector.TryDecrypt("default", "c1", ".webhook", "unknown-key-id", blob));
        blob[^1] ^= 1;
        Assert.Null(protector.TryDecrypt("default", "c1", ".webhook", protector.CurrentKeyId, blob));
    }

    [Fact]
    public void Encrypt_UsesAFreshNoncePerWrite()
    {
        using var protector = new SecretProtector(TestKeys.Options(TestKeys.Current));
        var secrets = new JsonObject { ["password"] = "p" };
        Assert.NotEqual(protector.Encrypt("s", "i", "t", secrets), protector.Encrypt("s", "i", "t", secrets));
    }

    [Fact]
    public void Constructor_NoKey_FailsWithTheSettingToSet()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new SecretProtector(new ConnectorEncryptionOptions()));
        Assert.Contains("Encryption:Key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncryptAndDecrypt_FromManyThreadsAtOnce_StayCorrect()
    {
        using var protector = new SecretProtector(TestKeys.Options(TestKeys.Current, TestKeys.Old));
        await Parallel.ForAsync(0, 4_000, (i, _) =>
        {
            var id = "c" + i;
            var blob = protector.Encrypt("default", id, ".test", new JsonObject { ["token"] = id });
            Assert.Equal(id, protector.TryDecrypt("default", id, ".test", protector.CurrentKeyId, blob)!["token"]!.GetValue<string>());
            return ValueTask.CompletedTask;
        });
    }
}
