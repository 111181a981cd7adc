using System.Security.Cryptography.X509Certificates;
using System.Text;
using Connectors.ConnectorTypes.Webhook;

namespace Connectors.ConnectorTypes.CasesWebhook;

/// <summary>
/// The client for the cases webhook's auth config (Kibana's <c>buildConnectorAuth</c> SSL overrides): the context's
/// client, or one with the SSL client certificate (crt+key or pfx), the CA and the verification mode.
/// </summary>
internal static class CasesWebhookClient
{
    public static HttpClient Create(ConnectorExecutionContext context, CasesWebhookConfig config, WebhookSecrets secrets)
    {
        X509Certificate2? certificate = null;
        if (config.HasAuth && config.AuthType == WebhookAuthType.Ssl)
        {
            if (secrets.Pfx is { } pfx)
            {
                certificate = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(pfx), secrets.Password);
            }
            else if (secrets.Crt is { } crt && secrets.Key is { } key)
            {
                var crtPem = Encoding.UTF8.GetString(Convert.FromBase64String(crt));
                var keyPem = Encoding.UTF8.GetString(Convert.FromBase64String(key));
                certificate = secrets.Password is { } password
                    ? X509Certificate2.CreateFromEncryptedPem(crtPem, keyPem, password)
                    : X509Certificate2.CreateFromPem(crtPem, keyPem);
            }
        }

        if (certificate is null && config.Ca is null && config.VerificationMode is null)
        {
            return context.HttpClient;
        }

        return context.CreateHttpClient(new ConnectorHttpClientOptions
        {
            ClientCertificate = certificate,
            CertificateAuthoritiesPem = config.Ca is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(config.Ca)),
            VerificationMode = config.VerificationMode switch
            {
                TlsVerificationModeValue.None => TlsVerificationMode.None,
                TlsVerificationModeValue.Certificate => TlsVerificationMode.Certificate,
                TlsVerificationModeValue.Full => TlsVerificationMode.Full,
                _ => null,
            },
        });
    }
}
