using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.PagerDuty;
using Connectors.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Core.Tests.ConnectorTypes;

/// <summary>
/// PagerDuty's own binder for its usual params against the schema's check and binding: for every value it takes, the
/// same bound params and the same validation outcome; everything else it leaves to the schema, errors included.
/// </summary>
public sealed class PagerDutyUsualParamsTests
{
    private static readonly string[] Texts =
    [
        "CPU above 90%", string.Empty, " ", "rule-1-host-a", "quote \" and \\ and \n", "é 日本 😀", new string('x', 300), new string('s', 1025),
        "2026-12-04T10:30:00Z", "1733308200000", "not a date",
    ];

    private static readonly string[] StringMembers = ["dedupKey", "summary", "source", "timestamp", "component", "group", "class"];

    public static TheoryData<string> Values()
    {
        var data = new TheoryData<string>
        {
            """{}""",
            """{"eventAction":"trigger","dedupKey":"rule-1-host-a","summary":"CPU above 90%","source":"web-01","severity":"critical"}""",
            """{"severity":"warning","summary":"CPU","eventAction":"resolve","class":"x","dedupKey":"k-1","source":"web-01"}""",
            """{"eventAction":"resolve"}""",
            """{"eventAction":"acknowledge","dedupKey":""}""",
            """{"eventAction":"Trigger"}""",
            """{"eventAction":"TRIGGER","severity":"Critical"}""",
            """{"severity":"fatal"}""",
            """{"severity":""}""",
            """{"eventAction":null}""",
            """{"summary":null}""",
            """{"summary":5}""",
            """{"summary":true}""",
            """{"summary":{"a":1}}""",
            """{"summary":["a"]}""",
            """{"other":"x"}""",
            """{"customDetails":{"cpu":93.5}}""",
            """{"customDetails":"{\"a\":1}"}""",
            """{"customDetails":"not json"}""",
            """{"links":[{"href":"h","text":"t"}]}""",
            """{"links":[]}""",
            """{"eventAction":"trigger","timestamp":"  "}""",
            """{"eventAction":"trigger","timestamp":"2026-13-45"}""",
            """{"Summary":"case of the key"}""",
        };
        foreach (var member in StringMembers)
        {
            foreach (var text in Texts)
            {
                data.Add(new JsonObject { ["eventAction"] = "trigger", [member] = text }.ToJsonString());
            }
        }

        foreach (var action in new[] { "trigger", "resolve", "acknowledge" })
        {
            foreach (var severity in new[] { "critical", "error", "warning", "info" })
            {
                data.Add(new JsonObject { ["eventAction"] = action, ["severity"] = severity, ["dedupKey"] = "k", ["summary"] = "s" }.ToJsonString());
                data.Add(new JsonObject { ["severity"] = severity, ["eventAction"] = action }.ToJsonString());
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void TheUsualBinder_GivesWhatTheSchemaGives(string json)
    {
        using var provider = new ServiceCollection().AddConnectors().Services.BuildServiceProvider();
        var context = new ConnectorValidationContext(provider.GetRequiredService<ConnectorPolicy>());
        var withUsual = provider.GetServices<IConnectorExecutor>().Single(e => e.Definition.Id == ".pagerduty").Definition.Params;
        var schemaOnly = ConnectorSchema.Create(PagerDutyJsonContext.Default.PagerDutyParams, PagerDutyValidation.ValidateParams);

        var expectedOk = schemaOnly.TryBind(JsonNode.Parse(json)!.AsObject(), context, out var expected, out var expectedErrors);
        var ok = withUsual.TryBind(JsonNode.Parse(json)!.AsObject(), context, out var bound, out var errors);

        Assert.Equal(expectedOk, ok);
        Assert.Equal(expectedErrors.Select(e => (e.Field, e.Message)), errors.Select(e => (e.Field, e.Message)));
        Assert.Equal(
            expected is null ? null : JsonSerializer.Serialize((PagerDutyParams)expected, PagerDutyJsonContext.Default.PagerDutyParams),
            bound is null ? null : JsonSerializer.Serialize((PagerDutyParams)bound, PagerDutyJsonContext.Default.PagerDutyParams));
    }

    [Theory]
    [InlineData("""{"eventAction":"trigger","dedupKey":"rule-1-host-a","summary":"CPU above 90%","source":"web-01","severity":"critical"}""", true)]
    [InlineData("""{"eventAction":"resolve","dedupKey":"k","timestamp":"2026-12-04T10:30:00Z","component":"c","group":"g","class":"x"}""", true)]
    [InlineData("""{}""", true)]
    [InlineData("""{"eventAction":"Trigger"}""", false)]
    [InlineData("""{"summary":null}""", false)]
    [InlineData("""{"customDetails":{"cpu":93.5}}""", false)]
    [InlineData("""{"links":[]}""", false)]
    [InlineData("""{"other":"x"}""", false)]
    public void TheUsualBinder_TakesTheUsualParams_AndLeavesTheRest(string json, bool taken) =>
        Assert.Equal(taken, PagerDutyParams.BindUsual(JsonNode.Parse(json)!.AsObject()) is not null);

    [Fact]
    public void TheUsualBinder_CoversEveryStringAndEnumMemberOfTheContract()
    {
        // A member added to the contract and not to the usual binder would only be slower (left to the schema); this
        // says when that happens.
        var members = PagerDutyJsonContext.Default.PagerDutyParams.Properties
            .Where(p => p.PropertyType == typeof(string) || Nullable.GetUnderlyingType(p.PropertyType)?.IsEnum == true)
            .Select(p => p.Name);
        foreach (var member in members)
        {
            var value = member switch
            {
                "eventAction" => "trigger",
                "severity" => "info",
                _ => "x",
            };
            Assert.True(PagerDutyParams.BindUsual(new JsonObject { [member] = value }) is not null, member);
        }

        Assert.True(DirectBinder.Supports(PagerDutyJsonContext.Default.PagerDutyParams));
    }
}
