namespace Connectors.ConnectorTypes.Email;

/// <summary>An SMTP endpoint: host, port and whether TLS starts on connect.</summary>
internal sealed record SmtpEndpoint(string Host, int Port, bool Secure);

/// <summary>
/// Kibana's <c>service</c> values: its own (<c>other</c>, <c>exchange_server</c>, <c>elastic_cloud</c>, <c>ses</c>)
/// and nodemailer's well-known services, as host/port presets (matched case-insensitively, aliases included).
/// </summary>
internal static class EmailServices
{
    public const string Other = "other";
    public const string ExchangeServer = "exchange_server";
    public const string ElasticCloud = "elastic_cloud";
    public const string Ses = "ses";

    /// <summary>Where <c>elastic_cloud</c> sends (Kibana's constant).</summary>
    public static readonly SmtpEndpoint ElasticCloudEndpoint = new("dockerhost", 10025, false);

    private static readonly Dictionary<string, SmtpEndpoint> WellKnown = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gmail"] = new("smtp.gmail.com", 465, true),
        ["googlemail"] = new("smtp.gmail.com", 465, true),
        ["outlook365"] = new("smtp.office365.com", 587, false),
        ["hotmail"] = new("smtp-mail.outlook.com", 587, false),
        ["outlook"] = new("smtp-mail.outlook.com", 587, false),
        ["ses"] = new("email-smtp.us-east-1.amazonaws.com", 465, true),
        ["ses-us-east-1"] = new("email-smtp.us-east-1.amazonaws.com", 465, true),
        ["ses-us-west-2"] = new("email-smtp.us-west-2.amazonaws.com", 465, true),
        ["ses-eu-west-1"] = new("email-smtp.eu-west-1.amazonaws.com", 465, true),
        ["yahoo"] = new("smtp.mail.yahoo.com", 465, true),
        ["aol"] = new("smtp.aol.com", 587, false),
        ["icloud"] = new("smtp.mail.me.com", 587, false),
        ["me.com"] = new("smtp.mail.me.com", 587, false),
        ["mac.com"] = new("smtp.mail.me.com", 587, false),
        ["sendgrid"] = new("smtp.sendgrid.net", 587, false),
        ["mailgun"] = new("smtp.mailgun.org", 465, true),
        ["mailjet"] = new("in.mailjet.com", 587, false),
        ["postmark"] = new("smtp.postmarkapp.com", 2525, false),
        ["sparkpost"] = new("smtp.sparkpostmail.com", 587, false),
        ["zoho"] = new("smtp.zoho.com", 465, true),
        ["fastmail"] = new("smtp.fastmail.com", 465, true),
        ["yandex"] = new("smtp.yandex.ru", 465, true),
        ["qq"] = new("smtp.qq.com", 465, true),
        ["godaddy"] = new("smtpout.secureserver.net", 25, false),
        ["godaddyeurope"] = new("smtp.europe.secureserver.net", 25, false),
        ["godaddyasia"] = new("smtp.asia.secureserver.net", 25, false),
        ["mail.ru"] = new("smtp.mail.ru", 465, true),
        ["gmx"] = new("mail.gmx.com", 587, false),
    };

    /// <summary>The endpoint of a well-known service (or <c>elastic_cloud</c>), if the name is known.</summary>
    public static bool TryGetPreset(string service, out SmtpEndpoint endpoint)
    {
        if (string.Equals(service, ElasticCloud, StringComparison.Ordinal))
        {
            endpoint = ElasticCloudEndpoint;
            return true;
        }

        var key = service.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (WellKnown.TryGetValue(key, out var found))
        {
            endpoint = found;
            return true;
        }

        endpoint = null!;
        return false;
    }
}
