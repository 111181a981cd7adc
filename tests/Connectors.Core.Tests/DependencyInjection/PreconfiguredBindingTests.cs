using System.Globalization;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Connectors.TestUtilities.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Core.Tests.DependencyInjection;

/// <summary>
/// Preconfigured connectors bound from <see cref="IConfiguration"/>, where every value is a string: the numbers and
/// booleans of the type's schema come back typed, as Kibana reads them from kibana.yml.
/// </summary>
public sealed class PreconfiguredBindingTests
{
    private static ServiceProvider Provider(IDictionary<string, string?> values, Action<ConnectorsOptions>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddConnectors(configuration.GetSection("xpack:actions"));
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services.BuildServiceProvider();
    }

    private static Dictionary<string, string?> Email(string port, string secure, string hasAuth = "false") => new()
    {
        ["xpack:actions:license"] = "gold",
        ["xpack:actions:allowedHosts:0"] = "127.0.0.1",
        ["xpack:actions:preconfigured:ops-mail:name"] = "Ops mail",
        ["xpack:actions:preconfigured:ops-mail:actionTypeId"] = ".email",
        ["xpack:actions:preconfigured:ops-mail:exposeConfig"] = "true",
        ["xpack:actions:preconfigured:ops-mail:config:service"] = "other",
        ["xpack:actions:preconfigured:ops-mail:config:host"] = "127.0.0.1",
        ["xpack:actions:preconfigured:ops-mail:config:port"] = port,
        ["xpack:actions:preconfigured:ops-mail:config:secure"] = secure,
        ["xpack:actions:preconfigured:ops-mail:config:from"] = "alerts@example.com",
        ["xpack:actions:preconfigured:ops-mail:config:hasAuth"] = hasAuth,
    };

    private static void AssertJson(string expected, JsonObject? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual?.ToJsonString());

    [Fact]
    public async Task Get_EmailFromConfiguration_ReturnsPortAndSecureTyped()
    {
        await using var provider = Provider(Email("465", "true"));

        var connector = await provider.GetRequiredService<IConnectorRegistry>().GetAsync("ops-mail");

        AssertJson("""{"service":"other","host":"127.0.0.1","port":465,"secure":true,"from":"alerts@example.com","hasAuth":false}""", connector.Config);
    }

    [Fact]
    public async Task Get_JsonFileBooleans_AreTyped()
    {
        // The JSON configuration provider stores true/false as "True"/"False".
        var values = Email("587", "False", hasAuth: "True");
        values["xpack:actions:preconfigured:ops-mail:secrets:user"] = "mailer";
        values["xpack:actions:preconfigured:ops-mail:secrets:password"] = "not-returned";
        await using var provider = Provider(values);

        var connector = await provider.GetRequiredService<IConnectorRegistry>().GetAsync("ops-mail");

        Assert.Equal(587, connector.Config!["port"]!.GetValue<long>());
        Assert.False(connector.Config["secure"]!.GetValue<bool>());
        Assert.True(connector.Config["hasAuth"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Get_FreeFormFieldsKeepTheirStrings()
    {
        await using var provider = Provider(new Dictionary<string, string?>
        {
            ["xpack:actions:license"] = "gold",
            ["xpack:actions:preconfigured:hook:name"] = "Hook",
            ["xpack:actions:preconfigured:hook:actionTypeId"] = ".webhook",
            ["xpack:actions:preconfigured:hook:exposeConfig"] = "true",
            ["xpack:actions:preconfigured:hook:config:url"] = "https://hooks.example.com/x",
            ["xpack:actions:preconfigured:hook:config:hasAuth"] = "False",
            ["xpack:actions:preconfigured:hook:config:headers:X-Retries"] = "3",
        });

        var connector = await provider.GetRequiredService<IConnectorRegistry>().GetAsync("hook");

        AssertJson("""{"url":"https://hooks.example.com/x","hasAuth":false,"headers":{"X-Retries":"3"}}""", connector.Config);
    }

    [Fact]
    public async Task Validate_PortThatIsNotANumber_FailsAtStartWithTheSchemaText()
    {
        await using var provider = Provider(Email("smtp", "true"));

        var failure = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConnectorsOptions>>().Value);

        Assert.Contains(
            "Preconfigured connector \"ops-mail\": error validating connector type config: [port]: expected value of type [number] but got [string]",
            failure.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_SecureEmailFromConfiguration_SendsOverImplicitTls()
    {
        using var certificates = TestCertificates.Create();
        await using var smtp = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { Certificate = certificates.Server, ImplicitTls = true });
        await using var provider = Provider(
            Email(smtp.Port.ToString(CultureInfo.InvariantCulture), "true"),
            o => o.CustomHostSettings.Add(new CustomHostSettings
            {
                Url = $"smtp://127.0.0.1:{smtp.Port}",
                Ssl = new HostSslSettings { VerificationMode = TlsVerificationMode.None },
            }));

        var result = await provider.GetRequiredService<IConnectorRegistry>().ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = "ops-mail",
            Params = new JsonObject { ["to"] = new JsonArray("ops@example.com"), ["subject"] = "Disk full", ["message"] = "The disk is full." },
        });

        Assert.True(result.IsSuccess, result.Message);
        Assert.True(Assert.Single(smtp.Messages).Secure);
    }
}
