using System.Text.Json.Nodes;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Webhook;

public sealed class WebhookValidationTests
{
    private const string Config = "error validating connector type config: ";
    private const string Webhook = Config + "error validation webhook action config: ";

    public static TheoryData<string, string> InvalidConfigs => new()
    {
        { "{\"url\":\"not a url\"}", Webhook + "unable to parse url: TypeError: Invalid URL" },
        { "{\"url\":\"http://127.0.0.1/\",\"hasAuth\":false,\"authType\":\"webhook-authentication-basic\"}", Webhook + "authType must be null or undefined if hasAuth is false" },
        { "{\"url\":\"http://127.0.0.1/\",\"authType\":\"webhook-oauth2-client-credentials\"}", Webhook + "missing Access Token URL (accessTokenUrl), Client ID (clientId) fields" },
        { "{\"url\":\"http://127.0.0.1/\",\"authType\":\"webhook-oauth2-client-credentials\",\"clientId\":\"c\"}", Webhook + "missing Access Token URL (accessTokenUrl) fields" },
        { "{\"url\":\"http://127.0.0.1/\",\"authType\":\"webhook-oauth2-client-credentials\",\"accessTokenUrl\":\"http://127.0.0.1/t\"}", Webhook + "missing Client ID (clientId) fields" },
        { "{\"url\":\"http://127.0.0.1/\",\"authType\":\"webhook-oauth2-client-credentials\",\"accessTokenUrl\":\"nope\",\"clientId\":\"c\"}", Webhook + "unable to parse url: TypeError: Invalid URL" },
        { "{\"url\":\"http://127.0.0.1/\",\"additionalFields\":\"[1]\"}", Webhook + "additionalFields must be a non-empty JSON object." },
        { "{\"url\":\"http://127.0.0.1/\",\"additionalFields\":\"{}\"}", Webhook + "additionalFields must be a non-empty JSON object." },
        { "{\"url\":\"http://127.0.0.1/\",\"foo\":1}", Config + "[foo]: definition for this key is missing" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public async Task Create_InvalidConfig_ThrowsValidationWithKibanaText(string config, string expected)
    {
        await using var host = Webhooks.Host();

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateWebhookAsync(JsonNode.Parse(config)!.AsObject()));

        Assert.Equal(expected, error.Message);
        Assert.Empty(await host.Registry.ListAsync());
    }

    [Fact]
    public async Task Create_UrlHostNotAllowed_ThrowsValidationWithAllowlistText()
    {
        await using var host = Webhooks.Host(o => o.AllowedHosts = ["127.0.0.1"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(
            () => host.CreateWebhookAsync(new JsonObject { ["url"] = "https://evil.example/hook" }));

        Assert.Equal(Webhook + "target url \"https://evil.example/hook\" is not added to the Kibana config xpack.actions.allowedHosts", error.Message);
    }

    [Fact]
    public async Task Create_AccessTokenUrlHostNotAllowed_ThrowsValidationWithAllowlistText()
    {
        await using var host = Webhooks.Host(o => o.AllowedHosts = ["127.0.0.1"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateWebhookAsync(
            new JsonObject
            {
                ["url"] = "http://127.0.0.1/hook",
                ["authType"] = "webhook-oauth2-client-credentials",
                ["accessTokenUrl"] = "https://idp.example/token",
                ["clientId"] = "c",
            },
            new JsonObject { ["clientSecret"] = "s" }));

        Assert.Equal(Webhook + "target url \"https://idp.example/token\" is not added to the Kibana config xpack.actions.allowedHosts", error.Message);
    }

    public static TheoryData<string> InvalidSecrets => new()
    {
        "{\"user\":\"u\"}",
        "{\"password\":\"p\"}",
        "{\"user\":\"u\",\"password\":\"p\",\"clientSecret\":\"c\"}",
        "{\"crt\":\"Y3J0\"}",
        "{\"pfx\":\"cGZ4\",\"crt\":\"Y3J0\",\"key\":\"a2V5\"}",
        "{\"clientSecret\":\"c\",\"password\":\"p\"}",
    };

    [Theory]
    [MemberData(nameof(InvalidSecrets))]
    public async Task Create_InvalidSecretsCombination_ThrowsValidationWithKibanaText(string secrets)
    {
        await using var host = Webhooks.Host();

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateWebhookAsync(
            new JsonObject { ["url"] = "http://127.0.0.1/" }, JsonNode.Parse(secrets)!.AsObject()));

        Assert.Equal(
            "error validating connector type secrets: must specify one of the following schemas: user and password; crt and key (with optional password); pfx (with optional password); or clientSecret (for OAuth2)",
            error.Message);
    }

    [Fact]
    public async Task Create_UnknownSecretsKey_ThrowsValidationNamingKey()
    {
        await using var host = Webhooks.Host();

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateWebhookAsync(
            new JsonObject { ["url"] = "http://127.0.0.1/" }, new JsonObject { ["token"] = "x" }));

        Assert.Equal("error validating connector type secrets: [token]: definition for this key is missing", error.Message);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"user\":\"u\",\"password\":\"p\"}")]
    [InlineData("{\"crt\":\"Y3J0\",\"key\":\"a2V5\",\"password\":\"p\"}")]
    [InlineData("{\"pfx\":\"cGZ4\",\"password\":\"p\"}")]
    [InlineData("{\"clientSecret\":\"c\"}")]
    public async Task Create_AllowedSecretsCombination_Succeeds(string secrets)
    {
        await using var host = Webhooks.Host();

        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = "http://127.0.0.1/" }, JsonNode.Parse(secrets)!.AsObject());

        Assert.Equal(".webhook", connector.ConnectorTypeId);
    }
    [Fact]
    public async Task Execute_InvalidParams_UserErrorAndNothingSent()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/p"), ["hasAuth"] = false });

        var result = await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = connector.Id, Params = new JsonObject { ["body"] = 5 } });

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error validating action params: [body]: expected value of type [string] but got [number]", result.Message);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Empty(server.Requests);
    }
}
