using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Connectors.Internal;

/// <summary>Server certificate checks for <see cref="TlsVerificationMode"/>, with optional extra trusted CAs.</summary>
internal static class TlsValidator
{
    public static bool Validate(
        X509Certificate? certificate,
        X509Chain? chain,
        SslPolicyErrors errors,
        TlsVerificationMode mode,
        X509Certificate2Collection? certificateAuthorities)
    {
        if (mode == TlsVerificationMode.None)
        {
            return true;
        }

        var nameOk = mode == TlsVerificationMode.Certificate || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0 || certificate is null)
        {
            return false;
        }

        var chainOk = (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        if (!chainOk && certificateAuthorities is { Count: > 0 })
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            custom.ChainPolicy.CustomTrustStore.AddRange(certificateAuthorities);
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            using var leaf = new X509Certificate2(certificate);
            chainOk = custom.Build(leaf);
        }

        return chainOk && nameOk;
    }
}
