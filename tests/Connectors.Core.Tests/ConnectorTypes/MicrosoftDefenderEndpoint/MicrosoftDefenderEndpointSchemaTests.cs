using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.MicrosoftDefenderEndpoint;
using Connectors.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Core.Tests.ConnectorTypes.MicrosoftDefenderEndpoint;

public sealed class MicrosoftDefenderEndpointSchemaTests
{
    private const string Valid =
        "{\"clientId\":\"c\",\"tenantId\":\"t\",\"oAuthServerUrl\":\"https://login.microsoftonline.com\",\"oAuthScope\":\"s\",\"apiUrl\":\"https://api.securitycenter.microsoft.com\"}";

    private static readonly ConnectorTypeDefinition Definition = new MicrosoftDefenderEndpointConnector(new OAuthTokenCache(new FakeTimeProvider())).Definition;

    [Fact]
    public void Definition_AsKibana()
    {
        Assert.Equal(
            (".microsoft_defender_endpoint", "Microsoft Defender for Endpoint", LicenseLevel.Enterprise),
            (Definition.Id, Definition.Name, Definition.MinimumLicenseRequired));
        Assert.Equal([ConnectorFeatureIds.EndpointSecurity], Definition.SupportedFeatureIds);
        Assert.Equal(
            ["getAgentDetails", "getAgentList", "isolateHost", "releaseHost", "testConnector", "getActions", "getLibraryFiles", "runScript", "getActionResults", "cancelAction"],
            MicrosoftDefenderEndpointConnector.SubActionNames);
    }

    [Fact]
    public void Config_KibanaFieldNames_Bind() => Assert.Null(Bind(Definition.Config, Valid));

    [Theory]
    [InlineData("clientId", "\"\"", "[clientId]: value has length [0] but it must have a minimum length of [1].")]
    [InlineData("oAuthScope", "null", "[oAuthScope]: expected value of type [string] but got [null]")]
    [InlineData("extra", "\"x\"", "[extra]: definition for this key is missing")]
    public void Config_Strict(string field, string value, string error)
    {
        var config = JsonNode.Parse(Valid)!.AsObject();
        config[field] = JsonNode.Parse(value);

        Assert.Equal(error, Bind(Definition.Config, config.ToJsonString()));
    }

    [Theory]
    [InlineData("{\"clientSecret\":\"\"}", "[clientSecret]: value has length [0] but it must have a minimum length of [1].")]
    [InlineData("{\"clientSecret\":\"s\",\"x\":1}", "[x]: definition for this key is missing")]
    public void Secrets_Strict(string json, string error) => Assert.Equal(error, Bind(Definition.Secrets, json));

    [Fact]
    public void OData_Defaults_CountAndTop()
    {
        Assert.Equal("{\"$count\":true,\"$top\":20}", MicrosoftDefenderEndpointConnector.OData([], 1, 20, null, "desc").ToJsonString());
        Assert.Equal(
            "{\"$count\":true,\"$top\":5,\"$skip\":10,\"$orderby\":\"type asc\",\"$filter\":\"machineId eq 'm' AND status in ('Failed')\"}",
            MicrosoftDefenderEndpointConnector.OData(
                new JsonObject { ["machineId"] = "m", ["status"] = new JsonArray("Failed"), ["page"] = 3, ["pageSize"] = 5, ["sortField"] = "type" },
                3,
                5,
                "type",
                "asc").ToJsonString(Connectors.ConnectorTypes.Common.HttpResults.JsonOptions));
    }

    [Fact]
    public void ErrorMessage_TransportFailure_UndefinedUrl() =>
        Assert.Equal(
            "timeout of 60000ms exceeded\nURL called:[undefined] undefined\nResponse body: {}",
            MicrosoftDefenderEndpointConnector.ErrorMessage(new(0, string.Empty, null, "timeout of 60000ms exceeded"), "https://x/api"));

    private static string? Bind(ConnectorSchema schema, string json) =>
        schema.TryBind(JsonNode.Parse(json)!.AsObject(), SchemaContext.Instance, out _, out var errors) ? null : string.Join("; ", errors.Select(e => e.Message));
}
