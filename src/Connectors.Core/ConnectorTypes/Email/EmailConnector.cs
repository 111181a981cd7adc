using System.Globalization;
using Connectors.Internal;
using Connectors.Templating;
using Markdig;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Connectors.ConnectorTypes.Email;

/// <summary>
/// <c>.email</c>: sends a message over SMTP with MailKit (host/port/secure, a well-known service or
/// <c>elastic_cloud</c>), or through Microsoft Graph <c>sendMail</c> for <c>exchange_server</c>. The text part is
/// <c>message</c>; the HTML part is <c>messageHTML</c> or <c>message</c> rendered from Markdown.
/// </summary>
/// <remarks>
/// The options and the custom host registry are resolved at execution, not construction: the options validator
/// resolves every executor while the options are being built.
/// </remarks>
internal sealed class EmailConnector(OAuthTokenCache tokens) : IConnectorExecutor
{
    public const string TypeId = ".email";

    public const string SendFailed = "error sending email";

    /// <summary>Kibana's <c>xpack.actions.email.maximum_body_length</c> default (and maximum).</summary>
    public const int MaximumBodyLength = 25_000_000;

    // markdown-it's defaults with linkify: raw HTML escaped, GFM tables and strikethrough, bare URLs linked.
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough)
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    private readonly GraphEmailSender graph = new(tokens);

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Email",
        MinimumLicenseRequired = LicenseLevel.Gold,
        SupportedFeatureIds =
        [
            ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Uptime, ConnectorFeatureIds.Siem,
            ConnectorFeatureIds.Workflows, ConnectorFeatureIds.AgentBuilder,
        ],
        Config = ConnectorSchema.Create(EmailJsonContext.Default.EmailConfig, EmailValidation.ValidateConfig),
        Secrets = ConnectorSchema.Create(EmailJsonContext.Default.EmailSecrets),
        Params = ConnectorSchema.Create(EmailJsonContext.Default.EmailParams, EmailValidation.ValidateParams),
        ValidateConnector = EmailValidation.ValidateConnector,
        ParamEscapes = new Dictionary<string, MustacheEscape>
        {
            ["message"] = MustacheEscape.Markdown,
            ["messageHTML"] = MustacheEscape.Html,
        },
    };

    public async ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.GetConfig<EmailConfig>();
        var secrets = context.GetSecrets<EmailSecrets>();
        var parameters = context.GetParams<EmailParams>();
        var id = context.ConnectorId;

        // Rendered params: the addresses again, with no template bypass.
        var recipients = EmailValidation.Recipients(parameters);
        if (recipients.Count == 0)
        {
            return ConnectorResult.Error(id, EmailValidation.NoRecipients, errorSource: ErrorSource.User);
        }

        var replyTo = (parameters.ReplyTo ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).ToList();
        if (context.Policy.ValidateEmailAddresses(recipients.Concat(replyTo)) is { } recipientError)
        {
            return ConnectorResult.Error(id, $"{EmailValidation.RecipientsLabel(parameters)}: {recipientError}", errorSource: ErrorSource.User);
        }

        if (context.Policy.ValidateEmailAddresses([config.From], isSender: true) is { } fromError)
        {
            return ConnectorResult.Error(id, $"[from]: {fromError}", errorSource: ErrorSource.User);
        }

        var text = Trim(parameters.Message, id);
        if (text.Length == 0)
        {
            text = "no message set";
        }

        var html = parameters.MessageHtml is { } messageHtml ? Trim(messageHtml, id) : HtmlFromMarkdown(text);
        var current = context.Services.GetRequiredService<IOptionsMonitor<ConnectorsOptions>>().CurrentValue;
        if (config.Service == EmailServices.ExchangeServer)
        {
            return await graph.SendAsync(context, current, config, secrets, parameters, html, cancellationToken).ConfigureAwait(false);
        }

        var endpoint = config.Service == EmailServices.Other
            ? new SmtpEndpoint(config.Host!, config.Port!.Value, config.Secure ?? config.Port == 465)
            : EmailServices.TryGetPreset(config.Service, out var preset) ? preset : null;
        if (endpoint is null)
        {
            return ConnectorResult.Error(id, SendFailed, $"[service] value '{config.Service}' is not valid", errorSource: ErrorSource.User);
        }

        var settings = SmtpEmailSender.Resolve(
            endpoint, config, secrets, current, context.Services.GetRequiredService<CustomHostSettingsRegistry>().Find(new Uri($"smtp://{endpoint.Host}:{endpoint.Port}")));
        try
        {
            var message = BuildMessage(config, parameters, text, html, context.TimeProvider);
            var data = await SmtpEmailSender.SendAsync(settings, message, cancellationToken).ConfigureAwait(false);
            return ConnectorResult.Ok(id, data);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && SmtpEmailSender.Classify(ex, endpoint) is { } failure)
        {
            return ConnectorResult.Error(id, SendFailed, Redact(failure.ServiceMessage, secrets), failure.Retry, failure.Source);
        }
    }

    /// <summary>The MIME message: from, to, cc, bcc, reply-to, subject, date; text and HTML alternatives; attachments.</summary>
    internal static MimeMessage BuildMessage(EmailConfig config, EmailParams parameters, string text, string html, TimeProvider timeProvider)
    {
        var message = new MimeMessage();
        message.From.AddRange(InternetAddressList.Parse(config.From));
        AddAll(message.To, parameters.To);
        AddAll(message.Cc, parameters.Cc);
        AddAll(message.Bcc, parameters.Bcc);
        AddAll(message.ReplyTo, parameters.ReplyTo ?? []);
        message.Subject = parameters.Subject;
        message.Date = timeProvider.GetUtcNow();

        var body = new BodyBuilder { TextBody = text, HtmlBody = html };
        foreach (var attachment in parameters.Attachments ?? [])
        {
            var type = attachment.ContentType is { } contentType ? ContentType.Parse(contentType) : ContentType.Parse(MimeTypes.GetMimeType(attachment.Filename));
            body.Attachments.Add(attachment.Filename, AttachmentBytes(attachment), type);
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>An attachment's bytes: nodemailer's <c>encoding</c> (<c>base64</c>, <c>hex</c>), else UTF-8 text.</summary>
    internal static byte[] AttachmentBytes(EmailAttachment attachment) => attachment.Encoding?.ToLowerInvariant() switch
    {
        "base64" => Convert.FromBase64String(attachment.Content),
        "hex" => Convert.FromHexString(attachment.Content),
        _ => System.Text.Encoding.UTF8.GetBytes(attachment.Content),
    };

    /// <summary>Markdown to HTML as Kibana's markdown-it does (linkify, raw HTML escaped); the Markdown itself on failure.</summary>
    internal static string HtmlFromMarkdown(string markdown)
    {
        try
        {
            return Markdig.Markdown.ToHtml(markdown, Markdown);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return markdown;
        }
    }

    private static string Trim(string body, string connectorId) =>
        body.Length < MaximumBodyLength
            ? body
            : string.Create(
                CultureInfo.InvariantCulture,
                $"Your message's length of {body.Length} exceeded the {MaximumBodyLength} bytes limit that is set for the connector \"{connectorId}\" and was trimmed. You can modify the limit by increasing the value specified for the xpack.actions.email.maximum_body_length setting.\n\n{body[..MaximumBodyLength]}");

    private static void AddAll(InternetAddressList list, IEnumerable<string> addresses)
    {
        foreach (var address in addresses.Where(a => !string.IsNullOrWhiteSpace(a)))
        {
            list.AddRange(InternetAddressList.Parse(address));
        }
    }

    private static string Redact(string message, EmailSecrets secrets)
    {
        foreach (var secret in new[] { secrets.Password, secrets.ClientSecret })
        {
            if (!string.IsNullOrEmpty(secret))
            {
                message = message.Replace(secret, "[REDACTED]", StringComparison.Ordinal);
            }
        }

        return message;
    }
}
