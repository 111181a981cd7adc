using System.Text.Json.Nodes;

namespace Connectors.IntegrationTests.Email;

public sealed class EmailValidationTests
{
    private const string Config = "error validating connector type config: ";
    private const string Connector = "error validating action type connector: ";

    public static TheoryData<string, string> InvalidConfigs => new()
    {
        { "{\"from\":\"not an address\",\"host\":\"127.0.0.1\",\"port\":25,\"hasAuth\":false}", Config + "[from]: not valid emails: not an address" },
        { "{\"from\":\"a@example.com\",\"hasAuth\":false}", Config + "[host]/[port] is required" },
        { "{\"from\":\"a@example.com\",\"port\":25,\"hasAuth\":false}", Config + "[host] is required" },
        { "{\"from\":\"a@example.com\",\"host\":\"127.0.0.1\",\"hasAuth\":false}", Config + "[port] is required" },
        { "{\"from\":\"a@example.com\",\"service\":\"nope\",\"hasAuth\":false}", Config + "[service] value 'nope' is not valid" },
        { "{\"from\":\"a@example.com\",\"service\":\"exchange_server\"}", Config + "[clientId]/[tenantId] is required" },
        { "{\"from\":\"a@example.com\",\"service\":\"exchange_server\",\"tenantId\":\"t\"}", Config + "[clientId] is required" },
        { "{\"from\":\"a@example.com\",\"service\":\"exchange_server\",\"clientId\":\"c\"}", Config + "[tenantId] is required" },
        { "{\"from\":\"a@example.com\",\"service\":\"elastic_cloud\",\"allowHtml\":true,\"hasAuth\":false}", Config + "[allowHtml]: cannot be true when [service] is \"elastic_cloud\"" },
        { "{\"from\":\"a@example.com\",\"host\":\"127.0.0.1\",\"port\":25,\"hasAuth\":false,\"foo\":1}", Config + "[foo]: definition for this key is missing" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public async Task Create_InvalidConfig_ThrowsValidationWithKibanaText(string config, string expected)
    {
        await using var host = Emails.Host();

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateEmailAsync(JsonNode.Parse(config)!.AsObject()));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task Create_FromNotInDomainAllowlist_ThrowsNotAllowed()
    {
        await using var host = Emails.Host(o => o.Email.DomainAllowlist = ["example.com"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(
            () => host.CreateEmailAsync(Emails.SmtpConfig(25, from: "Eve <eve@Evil.test>")));

        Assert.Equal(Config + "[from]: not allowed emails: Eve <eve@Evil.test>", error.Message);
    }

    [Fact]
    public async Task Create_DomainAllowlistCaseInsensitive_Accepted()
    {
        await using var host = Emails.Host(o => o.Email.DomainAllowlist = ["example.com"]);

        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(25, from: "alerts@EXAMPLE.com"));

        Assert.Equal(".email", connector.ConnectorTypeId);
    }

    [Fact]
    public async Task Create_HostNotAllowed_ThrowsAllowedHostsText()
    {
        await using var host = Emails.Host(o => o.AllowedHosts = ["smtp.example.com"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateEmailAsync(Emails.SmtpConfig(25)));

        Assert.Equal(Config + "[host] value '127.0.0.1' is not in the allowedHosts configuration", error.Message);
    }

    [Fact]
    public async Task Create_WellKnownServiceHostNotAllowed_ThrowsResolvesToText()
    {
        await using var host = Emails.Host(o => o.AllowedHosts = ["smtp.example.com"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateEmailAsync(new JsonObject
        {
            ["service"] = "gmail",
            ["from"] = "a@example.com",
            ["hasAuth"] = false,
        }));

        Assert.Equal(Config + "[service] value 'gmail' resolves to host 'smtp.gmail.com' which is not in the allowedHosts configuration", error.Message);
    }

    [Fact]
    public async Task Create_OauthTokenUrlNotAllowed_ThrowsKibanaText()
    {
        await using var host = Emails.Host(o => o.AllowedHosts = ["graph.microsoft.com"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateEmailAsync(
            new JsonObject
            {
                ["service"] = "exchange_server",
                ["from"] = "a@example.com",
                ["clientId"] = "c",
                ["tenantId"] = "t",
                ["oauthTokenUrl"] = "https://login.evil.test/token",
            },
            new JsonObject { ["clientSecret"] = "s" }));

        Assert.Equal(Config + "[oauthTokenUrl]: host name value for 'https://login.evil.test/token' is not in the allowedHosts configuration", error.Message);
    }

    [Theory]
    [InlineData("{}", "[user] is required")]
    [InlineData("{\"user\":\"u\"}", "[password] is required")]
    public async Task Create_HasAuthWithoutCredentials_ThrowsConnectorValidation(string secrets, string expected)
    {
        await using var host = Emails.Host();

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(
            () => host.CreateEmailAsync(Emails.SmtpConfig(25, hasAuth: true), JsonNode.Parse(secrets)!.AsObject()));

        Assert.Equal(Connector + expected, error.Message);
    }

    [Fact]
    public async Task Create_ExchangeWithoutClientSecret_ThrowsConnectorValidation()
    {
        await using var host = Emails.Host();

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateEmailAsync(new JsonObject
        {
            ["service"] = "exchange_server",
            ["from"] = "a@example.com",
            ["clientId"] = "c",
            ["tenantId"] = "t",
        }));

        Assert.Equal(Connector + "[clientSecret] is required", error.Message);
    }

    [Fact]
    public async Task Execute_RecipientOutsideRecipientAllowlist_UserErrorNamingIt()
    {
        await using var host = Emails.Host(o => o.Email.RecipientAllowlist = ["*@example.com"]);
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(Emails.UnusedPort()));
        var parameters = Emails.Params();
        parameters["cc"] = new JsonArray("boss@elsewhere.test", "bad address");

        var result = await host.ExecuteAsync(connector, parameters);

        Assert.Equal(
            "error validating action params: [to/cc/bcc]: not valid emails: bad address; not allowed emails: boss@elsewhere.test",
            result.Message);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_UnknownParam_RejectedByStrictSchema()
    {
        await using var host = Emails.Host();
        var connector = await host.CreateEmailAsync(Emails.SmtpConfig(Emails.UnusedPort()));
        var parameters = Emails.Params();
        parameters["priority"] = "high";

        var result = await host.ExecuteAsync(connector, parameters);

        Assert.Equal("error validating action params: [priority]: definition for this key is missing", result.Message);
    }
}
