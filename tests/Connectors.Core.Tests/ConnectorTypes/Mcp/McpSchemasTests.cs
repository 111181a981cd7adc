using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Mcp;
using Microsoft.Extensions.Options;

namespace Connectors.Core.Tests.ConnectorTypes.Mcp;

public sealed class McpSchemasTests
{
    private static ConnectorValidationContext Context(params string[] allowedHosts) =>
        new(new ConnectorPolicy(new StaticOptions(new ConnectorsOptions { AllowedHosts = allowedHosts.Length == 0 ? ["*"] : allowedHosts })));

    private static (bool Ok, object? Bound, string Errors) Bind(ConnectorSchema schema, string json, ConnectorValidationContext? context = null)
    {
        var ok = schema.TryBind(JsonNode.Parse(json)!.AsObject(), context ?? Context(), out var bound, out var errors);
        return (ok, bound, string.Join("; ", errors.Select(e => e.Message)));
    }

    [Fact]
    public void Config_OnlyServerUrl_HasAuthDefaultsToTrue()
    {
        var (ok, bound, _) = Bind(McpSchemas.Config, "{\"serverUrl\":\"https://mcp.example.com/mcp\"}");

        Assert.True(ok);
        var config = Assert.IsType<McpConfig>(bound);
        Assert.Equal("https://mcp.example.com/mcp", config.ServerUrl);
        Assert.True(config.HasAuth);
        Assert.Null(config.AuthType);
        Assert.Null(config.ApiKeyHeaderName);
        Assert.Null(config.Headers);
    }

    [Fact]
    public void Config_EveryField_Bound()
    {
        var (ok, bound, _) = Bind(
            McpSchemas.Config,
            "{\"serverUrl\":\"https://mcp.example.com/mcp\",\"hasAuth\":false,\"authType\":\"apiKey\",\"apiKeyHeaderName\":\"X-Key\",\"headers\":{\"X-Tenant\":\"blue\"}}");

        Assert.True(ok);
        var config = Assert.IsType<McpConfig>(bound);
        Assert.False(config.HasAuth);
        Assert.Equal(McpAuthType.ApiKey, config.AuthType);
        Assert.Equal("X-Key", config.ApiKeyHeaderName);
        Assert.Equal("blue", config.Headers!["X-Tenant"]);
    }

    [Theory]
    [InlineData("none", "None")]
    [InlineData("bearer", "Bearer")]
    [InlineData("apiKey", "ApiKey")]
    [InlineData("basic", "Basic")]
    public void Config_AuthType_KibanaNames(string name, string expected)
    {
        var (ok, bound, _) = Bind(McpSchemas.Config, $"{{\"serverUrl\":\"https://m.example/mcp\",\"authType\":\"{name}\"}}");

        Assert.True(ok);
        Assert.Equal(Enum.Parse<McpAuthType>(expected), ((McpConfig)bound!).AuthType);
    }

    [Fact]
    public void Config_UnknownKeys_DroppedAsZodDoes()
    {
        var (ok, bound, _) = Bind(McpSchemas.Config, "{\"serverUrl\":\"https://m.example/mcp\",\"service\":{\"http\":{\"url\":\"x\"}},\"uniqueId\":\"u\"}");

        Assert.True(ok);
        Assert.Equal("https://m.example/mcp", ((McpConfig)bound!).ServerUrl);
    }

    [Theory]
    [InlineData("{}", "[serverUrl]: expected value of type [string] but got [undefined]")]
    [InlineData("{\"serverUrl\":1}", "[serverUrl]: expected value of type [string] but got [number]")]
    [InlineData("{\"serverUrl\":\"https://m.example\",\"authType\":\"oauth\"}", "[authType]: expected one of [none, bearer, apiKey, basic] but got [oauth]")]
    [InlineData("{\"serverUrl\":\"https://m.example\",\"hasAuth\":\"yes\"}", "[hasAuth]: expected value of type [boolean] but got [string]")]
    [InlineData("{\"serverUrl\":\"https://m.example\",\"headers\":{\"X-A\":1}}", "[headers.X-A]: expected value of type [string] but got [number]")]
    [InlineData("{\"serverUrl\":\"https://m.example\",\"apiKeyHeaderName\":\"\"}", "[apiKeyHeaderName]: value has length [0] but it must have a minimum length of [1].")]
    public void Config_Invalid_ErrorNamesTheField(string json, string message)
    {
        var (ok, _, errors) = Bind(McpSchemas.Config, json);

        Assert.False(ok);
        Assert.Equal(message, errors);
    }

    [Fact]
    public void Config_ServerUrlHostNotAllowed_UrlAllowListValidatorText()
    {
        var (ok, _, errors) = Bind(McpSchemas.Config, "{\"serverUrl\":\"https://mcp.example.com/mcp\"}", Context("other.example.com"));

        Assert.False(ok);
        Assert.Equal("error validating url: target url \"https://mcp.example.com/mcp\" is not added to the Kibana config xpack.actions.allowedHosts", errors);
    }

    [Fact]
    public void Secrets_EveryField_BoundAndUnknownDropped()
    {
        var (ok, bound, _) = Bind(
            McpSchemas.Secrets,
            "{\"token\":\"t\",\"apiKey\":\"k\",\"user\":\"u\",\"password\":\"p\",\"secretHeaders\":{\"X-S\":\"s\"},\"authType\":\"bearer\"}");

        Assert.True(ok);
        var secrets = Assert.IsType<McpSecrets>(bound);
        Assert.Equal(("t", "k", "u", "p", "s"), (secrets.Token, secrets.ApiKey, secrets.User, secrets.Password, secrets.SecretHeaders!["X-S"]));
    }

    [Fact]
    public void Secrets_Empty_Valid()
    {
        Assert.True(Bind(McpSchemas.Secrets, "{}").Ok);
    }

    [Theory]
    [InlineData("{}", null)]
    [InlineData("{\"forceRefresh\":true,\"other\":1}", true)]
    public void ListTools_ForceRefreshOptional(string json, bool? expected)
    {
        var (ok, bound, _) = Bind(McpSchemas.ListTools, json);

        Assert.True(ok);
        Assert.Equal(expected, ((McpListToolsParams)bound!).ForceRefresh);
    }

    [Fact]
    public void CallTool_NameAndAnyArguments()
    {
        var (ok, bound, _) = Bind(McpSchemas.CallTool, "{\"name\":\"search\",\"arguments\":{\"q\":\"x\",\"n\":[1,{\"a\":null}]}}");

        Assert.True(ok);
        var p = Assert.IsType<McpCallToolParams>(bound);
        Assert.Equal("search", p.Name);
        Assert.Equal("{\"q\":\"x\",\"n\":[1,{\"a\":null}]}", p.Arguments!.ToJsonString());
    }

    [Theory]
    [InlineData("{}", "[name]: expected value of type [string] but got [undefined]")]
    [InlineData("{\"name\":\"x\",\"arguments\":[1]}", "[arguments]: expected value of type [object] but got [Array]")]
    public void CallTool_Invalid_ErrorNamesTheField(string json, string message)
    {
        var (ok, _, errors) = Bind(McpSchemas.CallTool, json);

        Assert.False(ok);
        Assert.Equal(message, errors);
    }

    private sealed class StaticOptions(ConnectorsOptions value) : IOptionsMonitor<ConnectorsOptions>
    {
        public ConnectorsOptions CurrentValue => value;

        public ConnectorsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConnectorsOptions, string?> listener) => null;
    }
}
