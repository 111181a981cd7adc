using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.ConnectorTypes.CrowdStrike;
using Connectors.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Core.Tests.ConnectorTypes.CrowdStrike;

public sealed class CrowdStrikeSchemaTests
{
    private static readonly ConnectorTypeDefinition Definition = new CrowdStrikeConnector(new OAuthTokenCache(new FakeTimeProvider())).Definition;

    [Fact]
    public void Definition_AsKibana()
    {
        Assert.Equal((".crowdstrike", "CrowdStrike", LicenseLevel.Enterprise), (Definition.Id, Definition.Name, Definition.MinimumLicenseRequired));
        Assert.Equal([ConnectorFeatureIds.EndpointSecurity], Definition.SupportedFeatureIds);
        Assert.Equal(
            ["getAgentDetails", "hostActions", "getAgentOnlineStatus", "executeRTRCommand", "batchActiveResponderExecuteRTR", "batchAdminExecuteRTR", "getRTRCloudScripts"],
            CrowdStrikeConnector.SubActionNames);
    }

    [Theory]
    [InlineData("{\"url\":\"https://api.crowdstrike.com\",\"x\":1}", "[x]: definition for this key is missing")]
    [InlineData("{}", "[url]: expected value of type [string] but got [undefined]")]
    public void Config_Strict(string json, string error) => Assert.Equal(error, Bind(Definition.Config, json));

    [Theory]
    [InlineData("{\"clientId\":\"a\"}", "[clientSecret]: expected value of type [string] but got [undefined]")]
    [InlineData("{\"clientId\":\"a\",\"clientSecret\":\"b\",\"token\":\"c\"}", "[token]: definition for this key is missing")]
    public void Secrets_Strict(string json, string error) => Assert.Equal(error, Bind(Definition.Secrets, json));

    [Theory]
    [InlineData("{\"command\":\"contain\",\"ids\":[\"a\"],\"actionParameters\":{\"k\":1},\"alertIds\":[\"x\"],\"comment\":\"c\"}", null)]
    [InlineData("{\"command\":\"contain\"}", "[ids]: expected value of type [Array] but got [undefined]")]
    [InlineData("{\"command\":\"contain\",\"ids\":[1]}", "[ids.0]: expected value of type [string] but got [number]")]
    [InlineData("{\"command\":\"contain\",\"ids\":[],\"actionParameters\":\"x\"}", "[actionParameters]: expected value of type [Object] but got [string]")]
    public void HostActions_Params(string json, string? error) => Assert.Equal(error, Bind(CrowdStrikeSchemas.HostActions, json));

    [Theory]
    [InlineData("Status code: 400. Message: bad ids", "bad ids")]
    [InlineData("Status code: 500. Message: first\nsecond", "first")]
    [InlineData("Status code: undefined. Message: Connection Refused: h:1", "Status code: undefined. Message: Connection Refused: h:1")]
    [InlineData("Command not supported", "Command not supported")]
    public void Rewrap_KeepsMessageAfterStatus(string message, string expected)
    {
        var rewrapped = CrowdStrikeConnector.Rewrap(new SubActionException(message, ErrorSource.User) { Status = 400 });

        Assert.Equal(expected, rewrapped.Message);
        Assert.Equal((ErrorSource.User, 400), (rewrapped.ErrorSource, rewrapped.Status));
    }

    [Fact]
    public void Query_EncodeUriComponentOfJoinedArray() =>
        Assert.Equal("ids=a%2Cb%20c&action_name=lift_containment", CrowdStrikeConnector.Query([("ids", "a,b c"), ("action_name", "lift_containment")]));

    private static string? Bind(ConnectorSchema schema, string json) =>
        schema.TryBind(JsonNode.Parse(json)!.AsObject(), SchemaContext.Instance, out _, out var errors) ? null : string.Join("; ", errors.Select(e => e.Message));
}
