using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Connectors.Core.Tests.Registry;

public sealed class ConnectorRegistryTests
{
    private readonly TestConnectorType testType = new();

    private ConnectorsTestHost CreateHost(Action<ConnectorsOptions>? configure = null, Action<IServiceCollection>? services = null) =>
        ConnectorsTestHost.Create(
            o =>
            {
                o.License = LicenseLevel.Gold;
                o.Preconfigured["my-preconf"] = new PreconfiguredConnectorOptions
                {
                    Name = "Preconfigured log",
                    ActionTypeId = ".server-log",
                };
                configure?.Invoke(o);
            },
            s =>
            {
                s.AddSingleton<IConnectorExecutor>(testType);
                services?.Invoke(s);
            });

    private static CreateConnectorRequest Valid(string? id = null, string name = "my test", string space = "default") => new()
    {
        Id = id,
        Name = name,
        ConnectorTypeId = TestConnectorType.TypeId,
        Config = new JsonObject { ["limit"] = 3 },
        Secrets = new JsonObject { ["token"] = "s3cr3t" },
        SpaceId = space,
    };

    [Fact]
    public async Task CreateAsync_WithoutId_GeneratesUuidAndReturnsNoSecrets()
    {
        await using var host = CreateHost();
        var connector = await host.Registry.CreateAsync(Valid());

        Assert.True(Guid.TryParse(connector.Id, out _));
        Assert.Equal("my test", connector.Name);
        Assert.Equal(".test", connector.ConnectorTypeId);
        Assert.Equal("{\"limit\":3}", connector.Config!.ToJsonString());
        Assert.False(connector.IsPreconfigured);
        Assert.False(connector.IsMissingSecrets);
    }

    [Theory]
    [InlineData("", "[name]: value '' is not valid")]
    [InlineData("   ", "[name]: value '   ' is not valid")]
    public async Task CreateAsync_BlankName_ThrowsNamingTheField(string name, string message)
    {
        await using var host = CreateHost();
        var ex = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.Registry.CreateAsync(Valid(name: name)));
        Assert.Equal(message, ex.Message);
        Assert.Equal("name", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public async Task CreateAsync_UnknownType_ThrowsKibanasText()
    {
        await using var host = CreateHost();
        var ex = await Assert.ThrowsAsync<ConnectorValidationException>(
            () => host.Registry.CreateAsync(Valid() with { ConnectorTypeId = ".nope" }));
        Assert.Equal("Action type \".nope\" is not registered.", ex.Message);
    }

    [Fact]
    public async Task CreateAsync_WrongConfigValueKind_ThrowsWithConfigPrefix()
    {
        await using var host = CreateHost();
        var ex = await Assert.ThrowsAsync<ConnectorValidationException>(
            () => host.Registry.CreateAsync(Valid() with { Config = new JsonObject { ["limit"] = "many" } }));
        Assert.Equal("error validating connector type config: [limit]: expected value of type [number] but got [string]", ex.Message);
        Assert.Equal("limit", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public async Task CreateAsync_UnknownConfigKey_IsRejectedAsKibanasStrictSchemasDo()
    {
        await using var host = CreateHost();
        var ex = await Assert.ThrowsAsync<ConnectorValidationException>(
            () => host.Registry.CreateAsync(Valid() with { Config = new JsonObject { ["foo"] = 1 } }));
        Assert.Equal("error validating connector type config: [foo]: definition for this key is missing", ex.Message);
    }

    [Fact]
    public async Task CreateAsync_MissingSecret_ThrowsWithSecretsPrefix()
    {
        await using var host = CreateHost();
        var ex = await Assert.ThrowsAsync<ConnectorValidationException>(
            () => host.Registry.CreateAsync(Valid() with { Secrets = [] }));
        Assert.Equal("error validating connector type secrets: [token]: expected value of type [string] but got [undefined]", ex.Message);
    }

    [Fact]
    public async Task CreateAsync_NumericStringForNumber_IsCoercedLikeConfigSchema()
    {
        await using var host = CreateHost();
        var connector = await host.Registry.CreateAsync(Valid() with { Config = new JsonObject { ["limit"] = "7" } });
        Assert.Equal("7", connector.Config!["limit"]!.ToJsonString().Trim('"'));
    }

    [Fact]
    public async Task CreateAsync_InvalidConfigOnInsufficientLicense_ValidatesBeforeLicensing()
    {
        await using var host = CreateHost(o => o.License = LicenseLevel.Basic);
        await Assert.ThrowsAsync<ConnectorValidationException>(
            () => host.Registry.CreateAsync(Valid() with { Config = new JsonObject { ["foo"] = 1 } }));
    }

    [Fact]
    public async Task CreateAsync_LicenseTooLow_IsForbiddenWithKibanasText()
    {
        await using var host = CreateHost(o => o.License = LicenseLevel.Basic);
        var ex = await Assert.ThrowsAsync<ConnectorForbiddenException>(() => host.Registry.CreateAsync(Valid()));
        Assert.Equal("Action type .test is disabled because your basic license does not support it. Please upgrade your license.", ex.Message);
    }

    [Theory]
    [InlineData(LicenseState.Expired, "Action type .test is disabled because your platinum license has expired.")]
    [InlineData(LicenseState.Unavailable, "Action type .test is disabled because license information is not available at this time.")]
    public async Task CreateAsync_LicenseNotActive_IsForbidden(LicenseState state, string message)
    {
        var license = Substitute.For<ILicenseProvider>();
        license.GetLicense().Returns(new LicenseInfo(LicenseLevel.Platinum, state));
        await using var host = CreateHost(services: s => s.AddSingleton(license));
        var ex = await Assert.ThrowsAsync<ConnectorForbiddenException>(() => host.Registry.CreateAsync(Valid()));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public async Task CreateAsync_TypeNotEnabled_IsForbidden()
    {
        await using var host = CreateHost(o => o.EnabledConnectorTypes = [".server-log"]);
        var ex = await Assert.ThrowsAsync<ConnectorForbiddenException>(() => host.Registry.CreateAsync(Valid()));
        Assert.Equal("action type \".test\" is not enabled in the Kibana config xpack.actions.enabledActionTypes", ex.Message);
    }

    [Fact]
    public async Task CreateAsync_DuplicateId_IsAConflict()
    {
        await using var host = CreateHost();
        await host.Registry.CreateAsync(Valid("my-id"));
        var ex = await Assert.ThrowsAsync<ConnectorConflictException>(() => host.Registry.CreateAsync(Valid("my-id")));
        Assert.Equal("Saved object [action/my-id] conflict", ex.Message);
    }

    [Fact]
    public async Task CreateAsync_SameIdInAnotherSpace_IsAllowed()
    {
        await using var host = CreateHost();
        await host.Registry.CreateAsync(Valid("my-id"));
        var other = await host.Registry.CreateAsync(Valid("my-id", space: "other"));
        Assert.Equal("other", other.SpaceId);
    }

    [Fact]
    public async Task CreateAsync_IdOfAPreconfiguredConnector_IsRejected()
    {
        await using var host = CreateHost();
        var ex = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.Registry.CreateAsync(Valid("my-preconf")));
        Assert.Equal("This my-preconf already exists in a preconfigured action.", ex.Message);
    }

    [Theory]
    [InlineData("My_Id", "Connector ID must contain only lowercase letters, numbers, and hyphens.")]
    [InlineData("0123456789012345678901234567890123456", "Connector ID must be 36 characters or less.")]
    [InlineData("", "Connector ID is required.")]
    public async Task CreateAsync_InvalidId_IsRejected(string id, string message)
    {
        await using var host = CreateHost();
        var ex = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.Registry.CreateAsync(Valid(id)));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public async Task CreateAsync_UrlNotAllowed_IsRejectedAndNothingIsStored()
    {
        await using var host = CreateHost(o => o.AllowedHosts = ["hooks.example.com"]);
        var ex = await Assert.ThrowsAsync<ConnectorValidationException>(
            () => host.Registry.CreateAsync(Valid() with { Config = new JsonObject { ["url"] = "https://evil.test/x" } }));

        Assert.Equal(
            "error validating connector type config: target url \"https://evil.test/x\" is not added to the Kibana config xpack.actions.allowedHosts",
            ex.Message);
        Assert.DoesNotContain(await host.Registry.ListAsync(), c => !c.IsPreconfigured);
        var refusal = Assert.Single(await host.EventLog.QueryAsync(new ConnectorEventQuery { Action = ConnectorEventActions.ValidationFailure }));
        Assert.Equal(ex.Message, refusal.ErrorMessage);
    }

    [Fact]
    public async Task UpdateAsync_ReplacesNameConfigAndSecretsWholesale()
    {
        await using var host = CreateHost();
        var created = await host.Registry.CreateAsync(Valid("c1") with { Config = new JsonObject { ["limit"] = 3, ["url"] = "https://a.test" } });

        var updated = await host.Registry.UpdateAsync("c1", new UpdateConnectorRequest
        {
            Name = "renamed",
            Config = new JsonObject { ["limit"] = 4 },
            Secrets = new JsonObject { ["token"] = "t2" },
        });

        Assert.Equal(created.Id, updated.Id);
        Assert.Equal("renamed", updated.Name);
        Assert.Equal("{\"limit\":4}", updated.Config!.ToJsonString());
        Assert.Equal("{\"limit\":4}", (await host.Registry.GetAsync("c1")).Config!.ToJsonString());
    }

    [Fact]
    public async Task UpdateAsync_InvalidSecrets_ChangesNothing()
    {
        await using var host = CreateHost();
        await host.Registry.CreateAsync(Valid("c1"));
        await Assert.ThrowsAsync<ConnectorValidationException>(() => host.Registry.UpdateAsync("c1", new UpdateConnectorRequest { Name = "x" }));
        Assert.Equal("my test", (await host.Registry.GetAsync("c1")).Name);
    }

    [Fact]
    public async Task UpdateAsync_Preconfigured_IsForbidden()
    {
        await using var host = CreateHost();
        var ex = await Assert.ThrowsAsync<ConnectorForbiddenException>(
            () => host.Registry.UpdateAsync("my-preconf", new UpdateConnectorRequest { Name = "x" }));
        Assert.Equal("Preconfigured action my-preconf can not be updated.", ex.Message);
    }

    [Fact]
    public async Task UpdateAsync_OtherSpace_IsNotFound()
    {
        await using var host = CreateHost();
        await host.Registry.CreateAsync(Valid("c1"));
        var ex = await Assert.ThrowsAsync<ConnectorNotFoundException>(() => host.Registry.UpdateAsync(
            "c1", new UpdateConnectorRequest { Name = "x", Secrets = new JsonObject { ["token"] = "t" }, SpaceId = "other" }));
        Assert.Equal("Saved object [action/c1] not found", ex.Message);
    }

    [Fact]
    public async Task GetAsync_StoredConnectorInAnotherSpace_IsNotFound()
    {
        await using var host = CreateHost();
        await host.Registry.CreateAsync(Valid("c1"));
        await Assert.ThrowsAsync<ConnectorNotFoundException>(() => host.Registry.GetAsync("c1", "other"));
    }

    [Fact]
    public async Task GetAsync_Preconfigured_IsVisibleInEverySpaceWithConfigHiddenUnlessExposed()
    {
        await using var host = CreateHost(o => o.Preconfigured["exposed"] = new PreconfiguredConnectorOptions
        {
            Name = "Exposed",
            ActionTypeId = TestConnectorType.TypeId,
            Config = new JsonObject { ["limit"] = 1 },
            Secrets = new JsonObject { ["token"] = "t" },
            ExposeConfig = true,
        });

        var hidden = await host.Registry.GetAsync("my-preconf", "any-space");
        var exposed = await host.Registry.GetAsync("exposed", "other");

        Assert.True(hidden.IsPreconfigured);
        Assert.Null(hidden.Config);
        Assert.Equal("any-space", hidden.SpaceId);
        Assert.Equal("{\"limit\":1}", exposed.Config!.ToJsonString());
    }

    [Fact]
    public async Task DeleteAsync_Preconfigured_IsForbidden()
    {
        await using var host = CreateHost();
        var ex = await Assert.ThrowsAsync<ConnectorForbiddenException>(() => host.Registry.DeleteAsync("my-preconf"));
        Assert.Equal("Preconfigured action my-preconf is not allowed to delete.", ex.Message);
    }

    [Fact]
    public async Task DeleteAsync_Missing_IsNotFound()
    {
        await using var host = CreateHost();
        var ex = await Assert.ThrowsAsync<ConnectorNotFoundException>(() => host.Registry.DeleteAsync("nope"));
        Assert.Equal("Saved object [action/nope] not found", ex.Message);
    }

    [Fact]
    public async Task DeleteAsync_Referenced_IsAConflictUnlessForced()
    {
        var references = Substitute.For<IConnectorReferenceSource>();
        references.CountReferencesAsync("c1", "default", Arg.Any<CancellationToken>()).Returns(ValueTask.FromResult(2));
        await using var host = CreateHost(services: s => s.AddSingleton(references));
        await host.Registry.CreateAsync(Valid("c1"));

        var ex = await Assert.ThrowsAsync<ConnectorConflictException>(() => host.Registry.DeleteAsync("c1"));
        Assert.Equal("Connector c1 is referenced by 2 object(s); delete them first or pass force: true.", ex.Message);
        await host.Registry.DeleteAsync("c1", force: true);
        await Assert.ThrowsAsync<ConnectorNotFoundException>(() => host.Registry.GetAsync("c1"));
    }

    [Fact]
    public async Task ListAsync_ReturnsSpaceAndPreconfiguredSortedByNameWithReferenceCounts()
    {
        var references = Substitute.For<IConnectorReferenceSource>();
        references.CountReferencesAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(call => ValueTask.FromResult(call.ArgAt<string>(0) == "b" ? 5 : 0));
        await using var host = CreateHost(services: s => s.AddSingleton(references));
        await host.Registry.CreateAsync(Valid("b", "beta"));
        await host.Registry.CreateAsync(Valid("a", "alpha"));
        await host.Registry.CreateAsync(Valid("z", "zeta", space: "other"));

        var list = await host.Registry.ListAsync();

        Assert.Equal(["alpha", "beta", "Preconfigured log"], list.Select(c => c.Name));
        Assert.Equal(5, list.Single(c => c.Id == "b").ReferencedByCount);
    }

    [Fact]
    public async Task ListConnectorTypes_ReportsLicenseAndConfigState()
    {
        await using var host = CreateHost(o =>
        {
            o.License = LicenseLevel.Basic;
            o.EnabledConnectorTypes = [".test", ".webhook"];
        });

        var types = host.Registry.ListConnectorTypes();
        var test = types.Single(t => t.Id == ".test");
        var serverLog = types.Single(t => t.Id == ".server-log");

        Assert.Equal((false, true, false, LicenseLevel.Gold), (test.Enabled, test.EnabledInConfig, test.EnabledInLicense, test.MinimumLicenseRequired));
        Assert.Equal((false, false, true), (serverLog.Enabled, serverLog.EnabledInConfig, serverLog.EnabledInLicense));
        Assert.Equal(["alerting", "uptime", "siem"], serverLog.SupportedFeatureIds);
        var cases = host.Registry.ListConnectorTypes("cases");
        Assert.Contains(".test", cases.Select(t => t.Id));
        Assert.DoesNotContain(".server-log", cases.Select(t => t.Id));
        Assert.All(cases, t => Assert.Contains("cases", t.SupportedFeatureIds));
    }
}
