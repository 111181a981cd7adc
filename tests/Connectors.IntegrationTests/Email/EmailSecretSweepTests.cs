using System.Text.Json;
using Connectors.TestUtilities.Smtp;

namespace Connectors.IntegrationTests.Email;

public sealed class EmailSecretSweepTests
{
    [Fact]
    public async Task Execute_AuthFailureAndSuccess_PasswordNowhereInResultsLogsOrEvents()
    {
        await using var wrong = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { Credentials = ("mailer", "other") });
        await using var right = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { Credentials = ("mailer", Emails.Password) });
        await using var host = Emails.Host();
        var refused = await host.CreateEmailAsync(Emails.SmtpConfig(wrong.Port, hasAuth: true), Emails.Credentials());
        var accepted = await host.CreateEmailAsync(Emails.SmtpConfig(right.Port, hasAuth: true), Emails.Credentials());
        var down = await host.CreateEmailAsync(Emails.SmtpConfig(Emails.UnusedPort(), hasAuth: true), Emails.Credentials());

        var results = new[]
        {
            await host.ExecuteAsync(refused, Emails.Params()),
            await host.ExecuteAsync(accepted, Emails.Params()),
            await host.ExecuteAsync(down, Emails.Params()),
        };

        Assert.Equal([false, true, false], results.Select(r => r.IsSuccess));
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery());
        var everything = string.Join(
            "\n",
            results.Select(r => JsonSerializer.Serialize(r))
                .Concat([host.AllLogText()])
                .Concat(events.Select(e => JsonSerializer.Serialize(e)))
                .Concat((await host.Registry.ListAsync()).Select(c => JsonSerializer.Serialize(c))));
        Assert.DoesNotContain(Emails.Password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("SENTINEL", everything, StringComparison.Ordinal);
    }
}
