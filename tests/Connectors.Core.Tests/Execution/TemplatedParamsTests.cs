using System.Text.Json.Nodes;
using Connectors.Templating;
using Connectors.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Core.Tests.Execution;

public sealed class TemplatedParamsTests
{
    private readonly TestConnectorType testType = new();

    private async Task<ConnectorsTestHost> CreateHostAsync(Action<ConnectorsOptions>? configure = null)
    {
        var host = ConnectorsTestHost.Create(
            o =>
            {
                o.License = LicenseLevel.Gold;
                configure?.Invoke(o);
            },
            s => s.AddSingleton<IConnectorExecutor>(testType));
        await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Id = "c1",
            Name = "test",
            ConnectorTypeId = TestConnectorType.TypeId,
            Secrets = new JsonObject { ["token"] = "t" },
        });
        return host;
    }

    private static readonly JsonObject Variables = new()
    {
        ["rule"] = new JsonObject { ["id"] = "r-1", ["name"] = "CPU \"high\"" },
        ["context"] = new JsonObject { ["value"] = 93.5, ["hosts"] = new JsonArray("web-01", "web-02") },
        ["kibana.alert.severity"] = "high",
    };

    [Fact]
    public async Task ExecuteAsync_WithVariables_RendersEachParamWithItsEscape()
    {
        await using var host = await CreateHostAsync();

        var result = await host.Registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = "c1",
            Params = new JsonObject
            {
                ["message"] = "{{rule.name}} at {{context.value}} on {{context.hosts}} ({{kibana.alert.severity}})",
                ["body"] = "{\"rule\":\"{{rule.name}}\",\"hosts\":{{{context.hosts.asJSON}}}}",
            },
            Variables = Variables,
        });

        Assert.True(result.IsSuccess);
        var sent = testType.Executions.Single().GetParams<TestParams>();
        Assert.Equal("CPU \"high\" at 93.5 on web-01,web-02 (high)", sent.Message);
        Assert.Equal("{\"rule\":\"CPU \\\"high\\\"\",\"hosts\":[\"web-01\",\"web-02\"]}", sent.Body);
    }

    [Fact]
    public async Task ExecuteAsync_WithPreparedVariables_RendersAsWithTheSource()
    {
        await using var host = await CreateHostAsync();
        var prepared = MustacheData.Create(Variables);
        var parameters = new JsonObject
        {
            ["message"] = "{{rule.name}} at {{context.value}} on {{context.hosts}} ({{kibana.alert.severity}})",
            ["body"] = "{\"rule\":\"{{rule.name}}\",\"hosts\":{{{context.hosts.asJSON}}}}",
        };

        // One set of prepared variables for several actions, in both dialects.
        await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "c1", Params = parameters, Variables = Variables });
        await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "c1", Params = parameters, Variables = prepared });
        await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "c1", Params = parameters, Variables = prepared });
        await host.Registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = "c1",
            Params = new JsonObject { ["message"] = "{{ if context.value > 90 }}PAGE {{ rule.id }}{{ end }}" },
            Variables = prepared,
            Dialect = TemplateDialect.Scriban,
        });

        var sent = testType.Executions.Select(e => e.GetParams<TestParams>()).ToList();
        Assert.Equal(sent[0], sent[1]);
        Assert.Equal(sent[0], sent[2]);
        Assert.Equal("PAGE r-1", sent[3].Message);
    }

    [Fact]
    public async Task ExecuteAsync_WithoutVariables_TakesParamsLiterally()
    {
        await using var host = await CreateHostAsync();
        await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "c1", Params = new JsonObject { ["message"] = "{{rule.name}}" } });
        Assert.Equal("{{rule.name}}", testType.Executions.Single().GetParams<TestParams>().Message);
    }

    [Fact]
    public async Task ExecuteAsync_BrokenTemplate_IsWrittenInlineAndSentAsKibanaDoes()
    {
        await using var host = await CreateHostAsync();
        var result = await host.Registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = "c1",
            Params = new JsonObject { ["message"] = "{{a}" },
            Variables = Variables,
        });

        Assert.True(result.IsSuccess);
        Assert.Equal("error rendering mustache template \"{{a}\": Unclosed tag at 4", testType.Executions.Single().GetParams<TestParams>().Message);
    }

    [Fact]
    public async Task ExecuteAsync_BrokenTemplateInFailMode_IsAUserErrorAndNothingRuns()
    {
        await using var host = await CreateHostAsync(o => o.TemplateErrors = TemplateErrorMode.Fail);
        var result = await host.Registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = "c1",
            Params = new JsonObject { ["message"] = "{{a}" },
            Variables = Variables,
        });

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Contains("message", result.Message, StringComparison.Ordinal);
        Assert.Contains("Unclosed tag", result.Message, StringComparison.Ordinal);
        Assert.Empty(testType.Executions);
    }

    [Fact]
    public async Task ExecuteAsync_ScribanDialect_SupportsConditionals()
    {
        await using var host = await CreateHostAsync();
        await host.Registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = "c1",
            Params = new JsonObject { ["message"] = "{{ if context.value > 90 }}PAGE {{ rule.id }}{{ else }}log{{ end }}" },
            Variables = Variables,
            Dialect = TemplateDialect.Scriban,
        });

        Assert.Equal("PAGE r-1", testType.Executions.Single().GetParams<TestParams>().Message);
    }

    [Fact]
    public async Task ExecuteAsync_BrokenScribanTemplate_IsAUserError()
    {
        await using var host = await CreateHostAsync();
        var result = await host.Registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = "c1",
            Params = new JsonObject { ["message"] = "{{ if }}" },
            Variables = Variables,
            Dialect = TemplateDialect.Scriban,
        });

        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.StartsWith("error rendering scriban template: ", result.Message, StringComparison.Ordinal);
        Assert.Empty(testType.Executions);
    }
}
