using Connectors.TestUtilities;
using Connectors.TestUtilities.Smtp;

namespace Connectors.IntegrationTests.Email;

public sealed class EmailTransportTests
{
    [Fact]
    public async Task Execute_StartTlsOfferedWithCustomHostCa_SendsOverTlsAuthenticated()
    {
        using var certificates = TestCertificates.Create();
        await using var smtp = await SmtpTestServer.StartAsync(new SmtpTestServerOptions
        {
            Certificate = certificates.Server,
            Credentials = ("mailer", Emails.Password),
        });
        await using var host = Emails.Host(o => o.CustomHostSettings.Add(new CustomHostSettings
        {
            Url = $"smtp://127.0.0.1:{smtp.Port}",
            Ssl = new HostSslSettings { CertificateAuthoritiesData = certificates.AuthorityPem },
        }));
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port, hasAuth: true), Emails.Credentials());

        var result = await host.ExecuteAsync(connector, Emails.Params());

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        var received = Assert.Single(smtp.Messages);
        Assert.True(received.Secure);
        Assert.Equal("mailer", received.AuthenticatedUser);
    }

    [Fact]
    public async Task Execute_StartTlsUntrustedCertificateWithCredentials_UserErrorWithoutRetry()
    {
        using var certificates = TestCertificates.Create();
        await using var smtp = await SmtpTestServer.StartAsync(new SmtpTestServerOptions
        {
            Certificate = certificates.Server,
            Credentials = ("mailer", Emails.Password),
        });
        await using var host = Emails.Host();
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port, hasAuth: true), Emails.Credentials());

        var result = await host.ExecuteAsync(connector, Emails.Params());

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error sending email", result.Message);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Null(result.Retry);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Execute_StartTlsWithoutCredentials_AcceptsAnyCertificateAsKibanaDoes()
    {
        using var certificates = TestCertificates.Create();
        await using var smtp = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { Certificate = certificates.Server });
        await using var host = Emails.Host();
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port));

        var result = await host.ExecuteAsync(connector, Emails.Params());

        Assert.True(result.IsSuccess);
        Assert.True(Assert.Single(smtp.Messages).Secure);
    }

    [Fact]
    public async Task Execute_CustomHostIgnoreTls_SendsInPlainTextThoughStartTlsIsOffered()
    {
        using var certificates = TestCertificates.Create();
        await using var smtp = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { Certificate = certificates.Server });
        await using var host = Emails.Host(o => o.CustomHostSettings.Add(new CustomHostSettings
        {
            Url = $"smtp://127.0.0.1:{smtp.Port}",
            Smtp = new SmtpHostSettings { IgnoreTls = true },
        }));
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port));

        var result = await host.ExecuteAsync(connector, Emails.Params());

        Assert.True(result.IsSuccess);
        Assert.False(Assert.Single(smtp.Messages).Secure);
    }

    [Fact]
    public async Task Execute_CustomHostRequireTlsButNoStartTls_UserErrorAndNothingSent()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = Emails.Host(o => o.CustomHostSettings.Add(new CustomHostSettings
        {
            Url = $"smtp://127.0.0.1:{smtp.Port}",
            Smtp = new SmtpHostSettings { RequireTls = true },
        }));
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port));

        var result = await host.ExecuteAsync(connector, Emails.Params());

        Assert.Equal("error sending email", result.Message);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Null(result.Retry);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Execute_SecureWithCustomHostVerificationNone_ImplicitTls()
    {
        using var certificates = TestCertificates.Create();
        await using var smtp = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { Certificate = certificates.Server, ImplicitTls = true });
        await using var host = Emails.Host(o => o.CustomHostSettings.Add(new CustomHostSettings
        {
            Url = $"smtp://127.0.0.1:{smtp.Port}",
            Ssl = new HostSslSettings { VerificationMode = TlsVerificationMode.None },
        }));
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port, secure: true));

        var result = await host.ExecuteAsync(connector, Emails.Params());

        Assert.True(result.IsSuccess);
        Assert.True(Assert.Single(smtp.Messages).Secure);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task Execute_ServerOffersOneMechanism_AuthenticatesWithIt(string mechanism)
    {
        await using var smtp = await SmtpTestServer.StartAsync(new SmtpTestServerOptions
        {
            Credentials = ("mailer", Emails.Password),
            AuthMechanisms = [mechanism],
        });
        await using var host = Emails.Host();
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port, hasAuth: true), Emails.Credentials());

        var result = await host.ExecuteAsync(connector, Emails.Params());

        Assert.True(result.IsSuccess);
        var received = Assert.Single(smtp.Messages);
        Assert.Equal(mechanism, received.AuthMechanism);
        Assert.Equal("mailer", received.AuthenticatedUser);
    }

    [Fact]
    public async Task Execute_WrongPassword_UserErrorWithoutRetry()
    {
        await using var smtp = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { Credentials = ("mailer", "the-right-one") });
        await using var host = Emails.Host();
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port, hasAuth: true), Emails.Credentials());

        var result = await host.ExecuteAsync(connector, Emails.Params());

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error sending email", result.Message);
        Assert.StartsWith("Invalid login: ", result.ServiceMessage, StringComparison.Ordinal);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Null(result.Retry);
        Assert.Empty(smtp.Messages);
    }

    // SmtpServer appends the retries it still allows to every RCPT refusal; the text is the server's, verbatim.
    [Fact]
    public async Task Execute_Recipient451_RetryLater()
    {
        await using var smtp = await SmtpTestServer.StartAsync(new SmtpTestServerOptions
        {
            RecipientReplies = new Dictionary<string, (int, string)> { ["ops@example.com"] = (451, "4.3.0 Mailbox temporarily unavailable") },
        });
        await using var host = Emails.Host();
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port));

        var result = await host.ExecuteAsync(connector, Emails.Params());

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error sending email", result.Message);
        Assert.Equal("451 4.3.0 Mailbox temporarily unavailable, 4 retry(ies) remaining.", result.ServiceMessage);
        Assert.Equal(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Execute_Recipient550_UserErrorWithoutRetry()
    {
        await using var smtp = await SmtpTestServer.StartAsync(new SmtpTestServerOptions
        {
            RecipientReplies = new Dictionary<string, (int, string)> { ["ops@example.com"] = (550, "5.1.1 No such user") },
        });
        await using var host = Emails.Host();
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(smtp.Port));

        var result = await host.ExecuteAsync(connector, Emails.Params());

        Assert.Equal("error sending email", result.Message);
        Assert.Equal("550 5.1.1 No such user, 4 retry(ies) remaining.", result.ServiceMessage);
        Assert.Null(result.Retry);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Execute_NothingListening_RetryLater()
    {
        var port = Emails.UnusedPort();
        await using var host = Emails.Host();
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(port));

        var result = await host.ExecuteAsync(connector, Emails.Params());

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error sending email", result.Message);
        Assert.Equal($"connect ECONNREFUSED 127.0.0.1:{port}", result.ServiceMessage);
        Assert.Equal(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_ServerNeverGreets_ResponseTimeoutRetryLater()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var accepted = silent.AcceptTcpClientAsync();
        await using var host = Emails.Host(o => o.ResponseTimeout = TimeSpan.FromMilliseconds(300));
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(port));

        var result = await host.ExecuteAsync(connector, Emails.Params());

        using var client = await accepted;
        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error sending email", result.Message);
        Assert.Equal(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }
}
