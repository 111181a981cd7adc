using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connectors.Core.Tests.DependencyInjection;

public sealed class AddConnectorsTests
{
    private const string KibanaShaped = """
        {
          "xpack": { "actions": {
            "enabledActionTypes": [ ".server-log", ".webhook" ],
            "allowedHosts": [ "hooks.example.com" ],
            "email": { "domain_allowlist": [ "example.com" ] },
            "run": { "maxAttempts": 2, "connectorTypeOverrides": [ { "id": ".webhook", "maxAttempts": 4 } ] },
            "responseTimeout": "00:00:30",
            "preconfigured": {
              "my-hook": {
                "name": "Ops hook",
                "actionTypeId": ".webhook",
                "config": { "url": "https://hooks.example.com/x", "method": "put", "hasAuth": "false", "headers": { "X-A": "1" } },
                "exposeConfig": true
              }
            }
          } }
        }
        """;

    private static IConfiguration Configuration(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    [Fact]
    public async Task AddConnectors_FromKibanaShapedConfiguration_BindsKibanasKeys()
    {
        var services = new ServiceCollection();
        services.AddConnectors(Configuration(KibanaShaped).GetSection("xpack:actions"));
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ConnectorsOptions>>().Value;

        Assert.Equal([".server-log", ".webhook"], options.EnabledConnectorTypes);
        Assert.Equal(["hooks.example.com"], options.AllowedHosts);
        Assert.Equal(["example.com"], options.Email.DomainAllowlist!);
        Assert.Equal(2, options.MaxAttempts);
        Assert.Equal(4, options.MaxAttemptsOverrides[".webhook"]);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ResponseTimeout);

        var hook = await provider.GetRequiredService<IConnectorRegistry>().GetAsync("my-hook", "some-space");
        Assert.Equal("Ops hook", hook.Name);
        Assert.True(hook.IsPreconfigured);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("{\"url\":\"https://hooks.example.com/x\",\"method\":\"put\",\"hasAuth\":false,\"headers\":{\"X-A\":\"1\"}}"),
            hook.Config));
    }

    [Fact]
    public void AddConnectors_InvalidPreconfiguredConnector_FailsAtStartNamingConnectorAndField()
    {
        var services = new ServiceCollection();
        services.AddConnectors(o =>
        {
            o.Preconfigured["bad-hook"] = new PreconfiguredConnectorOptions
            {
                Name = "Bad",
                ActionTypeId = ".webhook",
                Config = new JsonObject { ["url"] = "https://x.test", ["verb"] = "post" },
            };
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ConnectorsOptions>>().Value);
        Assert.Equal(
            "Preconfigured connector \"bad-hook\": error validating connector type config: [verb]: definition for this key is missing",
            Assert.Single(ex.Failures));
    }

    [Theory]
    [InlineData("__proto__", "invalid preconfigured action id \"__proto__\"")]
    public void AddConnectors_ReservedPreconfiguredId_Fails(string id, string message)
    {
        var services = new ServiceCollection();
        services.AddConnectors(o => o.Preconfigured[id] = new PreconfiguredConnectorOptions { Name = "x", ActionTypeId = ".server-log" });
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ConnectorsOptions>>().Value);
        Assert.Equal(message, Assert.Single(ex.Failures));
    }

    [Fact]
    public void AddConnectors_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddConnectors();
        var count = services.Count;
        services.AddConnectors();
        Assert.Equal(count, services.Count);
        using var provider = services.BuildServiceProvider();
        var ids = provider.GetServices<IConnectorExecutor>().Select(e => e.Definition.Id).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Subset(ids.ToHashSet(), new HashSet<string> { ".server-log", ".webhook", ".email", ".index" });
    }

    [Fact]
    public void AddConnectorType_TwoTypesWithOneId_FailsAtStart()
    {
        var services = new ServiceCollection();
        services.AddConnectors().AddConnectorType<TestConnectorType>();
        services.AddSingleton<IConnectorExecutor>(new TestConnectorType());
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IConnectorRegistry>());
        Assert.Equal("Action type \".test\" is already registered.", ex.Message);
    }

    [Fact]
    public void AddConnectorType_OtherTypeWithBuiltInId_FailsAtRegistration()
    {
        var builder = new ServiceCollection().AddConnectors();

        var ex = Assert.Throws<InvalidOperationException>(() => builder.AddConnectorType<OtherWebhookType>());

        Assert.Equal(
            $"Action type \".webhook\" is already registered. ({typeof(OtherWebhookType).FullName} cannot be added: Connectors.ConnectorTypes.Webhook.WebhookConnector has that id.)",
            ex.Message);
    }

    [Fact]
    public void AddConnectorType_TwoTypesWithOneIdFromTheirDefinitions_FailsAtRegistration()
    {
        var builder = new ServiceCollection().AddConnectors().AddConnectorType<DefinitionOnlyType>();

        var ex = Assert.Throws<InvalidOperationException>(() => builder.AddConnectorType<DefinitionOnlyTwin>());

        Assert.StartsWith("Action type \".definition-only\" is already registered.", ex.Message);
    }

    [Fact]
    public void AddConnectorType_SameTypeTwice_RegisteredOnce()
    {
        var services = new ServiceCollection();
        services.AddConnectors().AddConnectorType<TestConnectorType>().AddConnectorType<TestConnectorType>();

        using var provider = services.BuildServiceProvider();
        Assert.Single(provider.GetServices<IConnectorExecutor>(), e => e.Definition.Id == TestConnectorType.TypeId);
    }

    [Fact]
    public void AddConnectorType_TypeIdKnownOnlyFromTheContainer_StillFailsAtStart()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new ServiceOnlyDependency(".test"));
        services.AddConnectors().AddConnectorType<TestConnectorType>().AddConnectorType<ContainerOnlyType>();

        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IConnectorRegistry>());
        Assert.Equal("Action type \".test\" is already registered.", ex.Message);
    }

    private sealed class OtherWebhookType : IConnectorExecutor
    {
        public const string TypeId = ".webhook";

        public ConnectorTypeDefinition Definition { get; } = new() { Id = TypeId, Name = "Other webhook", SupportedFeatureIds = [ConnectorFeatureIds.Alerting] };

        public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ConnectorResult.Ok(context.ConnectorId));
    }

    private sealed class DefinitionOnlyType : IConnectorExecutor
    {
        public ConnectorTypeDefinition Definition { get; } = new() { Id = ".definition-only", Name = "One", SupportedFeatureIds = [ConnectorFeatureIds.Alerting] };

        public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ConnectorResult.Ok(context.ConnectorId));
    }

    private sealed class DefinitionOnlyTwin : IConnectorExecutor
    {
        public ConnectorTypeDefinition Definition { get; } = new() { Id = ".definition-only", Name = "Two", SupportedFeatureIds = [ConnectorFeatureIds.Alerting] };

        public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ConnectorResult.Ok(context.ConnectorId));
    }

    private sealed record ServiceOnlyDependency(string Id);

    private sealed class ContainerOnlyType(ServiceOnlyDependency dependency) : IConnectorExecutor
    {
        public ConnectorTypeDefinition Definition { get; } = new() { Id = dependency.Id, Name = "From the container", SupportedFeatureIds = [ConnectorFeatureIds.Alerting] };

        public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ConnectorResult.Ok(context.ConnectorId));
    }
}
