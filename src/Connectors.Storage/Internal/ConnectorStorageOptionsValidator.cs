using Microsoft.Extensions.Options;

namespace Connectors.Storage.Internal;

/// <summary>Fails start-up without a connection string or an encryption key, with a message that says what to set.</summary>
internal sealed class ConnectorStorageOptionsValidator : IValidateOptions<ConnectorStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorStorageOptions options)
    {
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Connector storage needs a connection string: pass it to UseSqliteStore/UsePostgreSqlStore or set ConnectionString.");
        }

        if (string.IsNullOrEmpty(options.Encryption.Key))
        {
            failures.Add(SecretProtector.MissingKeyMessage);
        }

        foreach (var key in options.Encryption.DecryptionOnlyKeys.Prepend(options.Encryption.Key))
        {
            if (key is not null && key.Length < ConnectorEncryptionOptions.MinimumKeyLength)
            {
                failures.Add($"A connector storage encryption key must be at least {ConnectorEncryptionOptions.MinimumKeyLength} characters long.");
                break;
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
