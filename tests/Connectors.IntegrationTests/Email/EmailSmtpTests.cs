using System.Text.Json.Nodes;
using Connectors.TestUtilities.Smtp;
using MimeKit;

namespace Connectors.IntegrationTests.Email;

public sealed class EmailSmtpTests
{
    [Fact]
    public async Task Execute_PlainSmtp_ServerReceivesHeadersRecipientsAndBothParts()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = Emails.Host();
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port, from: "Alerts <alerts@example.com>"));

        var result = await host.ExecuteAsync(connector, new JsonObject
        {
            ["to"] = new JsonArray("ops@example.com", "Dev Team <dev@example.com>"),
            ["cc"] = new JsonArray("cc@example.com", " "),
            ["bcc"] = new JsonArray("audit@example.com"),
            ["replyTo"] = new JsonArray("noreply@example.com"),
            ["subject"] = "Disk full on web-1",
            ["message"] = "The **disk** is full.",
            ["messageHTML"] = "<p>The <b>disk</b> is full.</p>",
        });

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        var received = Assert.Single(smtp.Messages);
        Assert.Equal("alerts@example.com", received.MailFrom);
        Assert.Equal(["ops@example.com", "dev@example.com", "cc@example.com", "audit@example.com"], received.RcptTo);
        Assert.False(received.Secure);
        Assert.Null(received.AuthenticatedUser);
        var message = received.Message;
        Assert.Equal("\"Alerts\" <alerts@example.com>", message.From.ToString());
        Assert.Equal("ops@example.com, \"Dev Team\" <dev@example.com>", message.To.ToString());
        Assert.Equal("cc@example.com", message.Cc.ToString());
        Assert.Empty(message.Bcc);
        Assert.Equal("noreply@example.com", message.ReplyTo.ToString());
        Assert.Equal("Disk full on web-1", message.Subject);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero), message.Date);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(2, alternative.Count);
        Assert.Equal("The **disk** is full.", message.Part("plain").Text.TrimEnd());
        Assert.Equal("<p>The <b>disk</b> is full.</p>", message.Part("html").Text.TrimEnd());

        var data = result.Data!.AsObject();
        Assert.Equal("[\"ops@example.com\",\"dev@example.com\",\"cc@example.com\",\"audit@example.com\"]", data["accepted"]!.ToJsonString());
        Assert.Equal("[]", data["rejected"]!.ToJsonString());
        Assert.Equal("alerts@example.com", data["envelope"]!["from"]!.GetValue<string>());
        Assert.Equal($"<{message.MessageId}>", data["messageId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_NoMessageHtml_HtmlPartIsMarkdownRenderedWithRawHtmlEscaped()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = Emails.Host();
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port));

        var result = await host.ExecuteAsync(connector, Emails.Params(message: "# Alert\n\nThe *disk* is <b>full</b>, see https://status.example.com"));

        Assert.True(result.IsSuccess);
        var message = Assert.Single(smtp.Messages).Message;
        Assert.Equal("# Alert\n\nThe *disk* is <b>full</b>, see https://status.example.com", message.Part("plain").Text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd());
        Assert.Equal(
            "<h1>Alert</h1>\n<p>The <em>disk</em> is &lt;b&gt;full&lt;/b&gt;, see <a href=\"https://status.example.com\">https://status.example.com</a></p>",
            message.Part("html").Text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd());
    }

    [Fact]
    public async Task Execute_Attachments_ReceivedAsMimeAttachments()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = Emails.Host();
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port));
        var parameters = Emails.Params();
        parameters["attachments"] = new JsonArray(
            new JsonObject { ["content"] = "a,b\n1,2\n", ["filename"] = "report.csv", ["contentType"] = "text/csv" },
            new JsonObject { ["content"] = Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47]), ["filename"] = "chart.png", ["encoding"] = "base64" });

        var result = await host.ExecuteAsync(connector, parameters);

        Assert.True(result.IsSuccess);
        var message = Assert.Single(smtp.Messages).Message;
        Assert.IsType<Multipart>(message.Body);
        Assert.Equal("mixed", message.Body.ContentType.MediaSubtype);
        Assert.Equal("The *disk* is full.", message.Part("plain").Text.TrimEnd());
        Assert.Collection(
            message.Attachments.Cast<MimePart>(),
            csv =>
            {
                Assert.Equal("report.csv", csv.FileName);
                Assert.Equal("text/csv", csv.ContentType.MimeType);
                Assert.Equal("a,b\r\n1,2\r\n", Content(csv)); // text travels with CRLF line ends on the wire
            },
            png =>
            {
                Assert.Equal("chart.png", png.FileName);
                Assert.Equal("image/png", png.ContentType.MimeType);
                using var bytes = new MemoryStream();
                png.Content!.DecodeTo(bytes);
                Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes.ToArray());
            });
    }

    [Fact]
    public async Task Execute_WithVariables_RendersEachParamWithItsEscape()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = Emails.Host();
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port));

        var result = await host.ExecuteAsync(
            connector,
            new JsonObject
            {
                ["to"] = new JsonArray("{{context.owner}}@example.com"),
                ["subject"] = "[{{rule.name}}] <{{context.host}}>",
                ["message"] = "Host {{context.host}} is *{{context.state}}*",
                ["messageHTML"] = "<p>Host {{context.host}}</p>",
            },
            new { rule = new { name = "CPU" }, context = new { owner = "oncall", host = "web_1 <a>", state = "down" } });

        Assert.True(result.IsSuccess);
        var received = Assert.Single(smtp.Messages);
        Assert.Equal(["oncall@example.com"], received.RcptTo);
        Assert.Equal("[CPU] <web_1 <a>>", received.Message.Subject);
        Assert.Equal("Host web\\_1 <a> is *down*", received.Message.Part("plain").Text.TrimEnd());
        Assert.Equal("<p>Host web_1 &lt;a&gt;</p>", received.Message.Part("html").Text.TrimEnd());
    }

    [Fact]
    public async Task Execute_RenderedRecipientNotAllowed_UserErrorAndNothingSent()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = Emails.Host(o => o.Email.DomainAllowlist = ["example.com"]);
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port));

        var result = await host.ExecuteAsync(connector, Emails.Params(to: "{{who}}"), new { who = "eve@evil.test" });

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error validating action params: [to/cc/bcc]: not allowed emails: eve@evil.test", result.Message);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Null(result.Retry);
        Assert.Empty(smtp.Messages);
        Assert.Equal(0, smtp.Sessions);
    }

    [Fact]
    public async Task Execute_OnlyBlankRecipients_UserError()
    {
        await using var host = Emails.Host();
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(Emails.UnusedPort()));

        var result = await host.ExecuteAsync(connector, Emails.Params(to: " "));

        Assert.Equal("error validating action params: At least one entry in [to], [cc], or [bcc] is required", result.Message);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_PreconfiguredEmailConnector_ValidatedAtStartAndSends()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = Emails.Host(o => o.Preconfigured["ops-mail"] = new PreconfiguredConnectorOptions
        {
            Name = "Ops mail",
            ActionTypeId = ".email",
            Config = Emails.SmtpConfig(smtp.Port),
        });

        var result = await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "ops-mail", Params = Emails.Params() });

        Assert.True(result.IsSuccess);
        Assert.Equal("Disk full", Assert.Single(smtp.Messages).Message.Subject);
    }

    private static string Content(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
