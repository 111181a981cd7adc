using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.ConnectorTypes.SentinelOne;

namespace Connectors.Core.Tests.ConnectorTypes.SentinelOne;

public sealed class SentinelOneSchemaTests
{
    private static readonly ConnectorTypeDefinition Definition = new SentinelOneConnector().Definition;

    [Fact]
    public void Definition_AsKibana()
    {
        Assert.Equal((".sentinelone", "Sentinel One", LicenseLevel.Enterprise), (Definition.Id, Definition.Name, Definition.MinimumLicenseRequired));
        Assert.Equal([ConnectorFeatureIds.EndpointSecurity], Definition.SupportedFeatureIds);
        Assert.Equal(
            [
                "getRemoteScripts", "fetchAgentFiles", "downloadAgentFile", "getActivities", "getRemoteScriptStatus", "getRemoteScriptResults",
                "downloadRemoteScriptResults", "getAgents", "isolateHost", "releaseHost", "executeScript",
            ],
            SentinelOneConnector.SubActionNames);
        Assert.Equal(149, SentinelOneSchemas.FilterFields.Count);
        Assert.Equal(149, SentinelOneSchemas.FilterFields.Distinct().Count());
    }

    [Theory]
    [InlineData("{\"url\":\"https://x\",\"token\":\"t\"}", "[token]: definition for this key is missing")]
    [InlineData("{\"url\":1}", "[url]: expected value of type [string] but got [number]")]
    public void Config_Strict(string json, string error) => Assert.Equal(error, Bind(Definition.Config, json));

    [Fact]
    public void Config_HostNotAllowed_NamesTheField()
    {
        Assert.False(Definition.Config.TryBind(new JsonObject { ["url"] = "https://evil.example" }, SchemaContext.Allowing("usea1.sentinelone.net"), out _, out var errors));
        var error = Assert.Single(errors);
        Assert.Equal("url", error.Field);
        Assert.StartsWith("error validating url: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"token\":\"t\",\"apiKey\":\"k\"}", "[apiKey]: definition for this key is missing")]
    [InlineData("{}", "[token]: expected value of type [string] but got [undefined]")]
    public void Secrets_Strict(string json, string error) => Assert.Equal(error, Bind(Definition.Secrets, json));

    [Theory]
    [InlineData("getActivities", "{}", null)]
    [InlineData("getActivities", "{\"agentIds\":\"\"}", "[agentIds]: value has length [0] but it must have a minimum length of [1].")]
    [InlineData("getRemoteScriptStatus", "{\"parentTaskId\":\"p\",\"x\":1}", null)]
    [InlineData("getRemoteScriptResults", "{\"taskIds\":\"t\"}", "[taskIds]: expected value of type [Array] but got [string]")]
    [InlineData("executeScript", "{\"filter\":{\"ids\":\"a\",\"groupIds\":\"g\"},\"script\":{\"scriptId\":\"s\"}}", "[filter.groupIds]: definition for this key is missing")]
    [InlineData("executeScript", "{\"filter\":{},\"script\":{}}", "[script.scriptId]: expected value of type [string] but got [undefined]")]
    [InlineData("isolateHost", "{\"K8SVersion__contains\":\"1.2\",\"alertIds\":[\"a\"],\"uuid\":null}", null)]
    public void SubActionParams(string subAction, string json, string? error)
    {
        var schema = subAction switch
        {
            "getActivities" => SentinelOneSchemas.GetActivities,
            "getRemoteScriptStatus" => SentinelOneSchemas.GetRemoteScriptStatus,
            "getRemoteScriptResults" => SentinelOneSchemas.GetRemoteScriptResults,
            "executeScript" => SentinelOneSchemas.ExecuteScript,
            _ => SentinelOneSchemas.Filter,
        };

        Assert.Equal(error, Bind(schema, json));
    }

    [Fact]
    public void ErrorMessage_ResponseBodyAppended()
    {
        Assert.Equal("Unauthorized API Error (401)\nResponse body: {}", SentinelOneConnector.ErrorMessage(new SubActionHttpFailure(401, "Unauthorized", null, "x")));
        Assert.Equal(
            "connect ECONNREFUSED 127.0.0.1:9\nResponse body: {}",
            SentinelOneConnector.ErrorMessage(new SubActionHttpFailure(0, string.Empty, null, "connect ECONNREFUSED 127.0.0.1:9")));
    }

    private static string? Bind(ConnectorSchema schema, string json) =>
        schema.TryBind(JsonNode.Parse(json)!.AsObject(), SchemaContext.Instance, out _, out var errors) ? null : string.Join("; ", errors.Select(e => e.Message));
}
