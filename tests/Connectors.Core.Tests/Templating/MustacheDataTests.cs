using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Templating;

namespace Connectors.Core.Tests.Templating;

/// <summary>
/// Prepared variables (<see cref="MustacheData"/>) render exactly what their source renders, in every mode, and are a
/// snapshot. (Parity over 1,500 random templates is in <see cref="MustacheJsParityTests"/>, Kibana's vectors in
/// <see cref="KibanaConformanceTests"/>, every JSON shape and character in <see cref="RenderFastPathTests"/>.)
/// </summary>
public sealed class MustacheDataTests
{
    private static readonly MustacheRenderOptions Kibana = new() { Escape = MustacheEscape.Slack, KibanaCompatible = true };

    [Fact]
    public void Create_FromJsonNode_IsASnapshot()
    {
        var template = MustacheTemplate.Parse("{{a}}|{{b.c}}|{{#items}}{{.}},{{/items}}");
        var source = (JsonObject)JsonNode.Parse("""{"a":"1","b":{"c":"2"},"items":["x","y"]}""")!;
        var prepared = MustacheData.Create(source);

        source["a"] = "changed";
        ((JsonObject)source["b"]!)["c"] = "changed";
        ((JsonArray)source["items"]!).Add("z");

        Assert.Equal("1|2|x,y,", template.Render(prepared, Kibana));
        Assert.Equal("1|2|x,y,", template.Render(prepared, new MustacheRenderOptions { Escape = MustacheEscape.None }));
    }

    [Fact]
    public void Create_FromJsonNode_IsASnapshot_WhereverTheRenderReadsIt()
    {
        // Dotted keys, objects as JSON, arrays as JSON and lambdas read the snapshot's node form, built on first use.
        const string Json = """{"a":{"b":"nested"},"a.b":"dotted","obj":{"x":[1,"two",null],"y":{"z":true}},"n":2,"list":[{"k":"v"}]}""";
        var template = MustacheTemplate.Parse("{{a.b}}|{{obj}}|{{obj.x.asJSON}}|{{#EvalMath}}n * 2{{/EvalMath}}|{{#list}}{{k}}{{.}}{{/list}}|{{list}}");
        var expected = template.Render(JsonNode.Parse(Json), Kibana);
        var source = (JsonObject)JsonNode.Parse(Json)!;
        var prepared = MustacheData.Create(source);

        source["a.b"] = "changed";
        source["n"] = 5;
        ((JsonArray)((JsonObject)source["obj"]!)["x"]!).Add(4);
        ((JsonObject)((JsonArray)source["list"]!)[0]!)["k"] = "changed";

        Assert.Equal(expected, template.Render(prepared, Kibana));
        Assert.Equal(expected, template.Render(prepared, Kibana));
        Assert.NotEqual(expected, template.Render(source, Kibana));
    }

    [Fact]
    public void SharedBetweenThreads_TheNodeFormIsBuiltOnce()
    {
        const string Json = """{"a":{"b":"nested","c":{"d":[1,2]}},"a.b":"dotted","items":[{"x.y":"1"},{"x":{"y":"2"}}]}""";
        var template = MustacheTemplate.Parse("{{a.b}}|{{a}}|{{#items}}{{x.y}};{{/items}}|{{items}}");
        var expected = template.Render(JsonNode.Parse(Json), Kibana);

        for (var round = 0; round < 20; round++)
        {
            var prepared = MustacheData.Create(JsonNode.Parse(Json));
            var results = new string[16];
            Parallel.For(0, results.Length, i => results[i] = template.Render(prepared, Kibana));
            Assert.All(results, r => Assert.Equal(expected, r));
        }
    }

    [Fact]
    public void Create_FromEveryJsonForm_RendersTheSame()
    {
        const string Json = """{"rule":{"name":"CPU *high*","tags":["a","b"]},"n":1.50,"big":1e21,"neg":-0,"t":true,"z":null}""";
        var template = MustacheTemplate.Parse("{{rule.name}}|{{#rule.tags}}{{.}}{{/rule.tags}}|{{n}}|{{big}}|{{neg}}|{{t}}|{{z}}|{{rule}}|{{rule.tags}}|{{rule.tags.asJSON}}");
        var expected = template.Render(JsonNode.Parse(Json), Kibana);
        using var document = JsonDocument.Parse(Json);

        Assert.StartsWith("`CPU *high*`|ab|1.5|1e+21|0|true||", expected, StringComparison.Ordinal);
        Assert.Equal(expected, template.Render(MustacheData.Create(JsonNode.Parse(Json)), Kibana));
        Assert.Equal(expected, template.Render(MustacheData.Create(document.RootElement), Kibana));
        Assert.Equal(expected, template.Render(MustacheData.Create(document), Kibana));
        Assert.Equal(expected, template.Render(MustacheData.Parse(Encoding.UTF8.GetBytes(Json)), Kibana));
    }

    [Fact]
    public void Create_Twice_GivesTheSameInstanceBack()
    {
        var prepared = MustacheData.Create(JsonNode.Parse("""{"a":1}"""));

        Assert.Same(prepared, MustacheData.Create(prepared));
    }

    [Fact]
    public void Parse_InvalidJson_FailsAsTheReader()
    {
        Assert.ThrowsAny<JsonException>(() => MustacheData.Parse("{\"a\":"u8));
    }

    [Fact]
    public void DottedKeys_AndKibanaLambdas_RenderAsFromTheSource()
    {
        var source = JsonNode.Parse("""
            {"a":{"b":"nested"},"a.b":"dotted","kibana.alert.rule.name":"flat","n":2,"date":"2026-12-04T10:00:00Z",
             "items":[{"x.y":"1","x":{"y":"2"}},{"x":{"y":"3"}}]}
            """);
        var template = MustacheTemplate.Parse(
            "{{a.b}}|{{kibana.alert.rule.name}}|{{#items}}{{x.y}};{{/items}}|{{#EvalMath}}n * 3{{/EvalMath}}|" +
            "{{#FormatDate}}{{date}}; UTC; YYYY{{/FormatDate}}|{{#ParseHjson}}{a: {{n}}}{{/ParseHjson}}");

        foreach (var escape in Enum.GetValues<MustacheEscape>())
        {
            var options = new MustacheRenderOptions { Escape = escape, KibanaCompatible = true };
            Assert.Equal(template.Render(source, options), template.Render(MustacheData.Create(source), options));
        }
    }

    [Fact]
    public void Render_BuildsTheNodeFormOnlyWhereAnotherPathReadsIt()
    {
        var prepared = MustacheData.Create(JsonNode.Parse("""{"n":2,"s":"x","obj":{"a":1},"list":[{"b":"y"}]}"""));
        var root = (Connectors.Templating.Internal.PreparedContainer)prepared.Root!;

        // Lookups, sections and Kibana's lambdas (which no frame holds) stay on the prepared form.
        Assert.Equal("x|y|4", MustacheTemplate.Parse("{{s}}|{{#list}}{{b}}{{/list}}|{{#EvalMath}}{{n}} * 2{{/EvalMath}}").Render(prepared, Kibana));
        Assert.False(root.HasSource);

        // An object written as JSON is read from its node form, built for that object only.
        Assert.Equal("{\"a\":1}", MustacheTemplate.Parse("{{{obj}}}").Render(prepared, Kibana));
        Assert.False(root.HasSource);
    }

    [Fact]
    public void OtherVariables_AreHeldAsGiven()
    {
        var variables = new Dictionary<string, object?>
        {
            ["name"] = "dict",
            ["lambda"] = new Func<object?>(() => "from lambda"),
            ["when"] = new DateTime(2026, 12, 4, 10, 0, 0, DateTimeKind.Utc),
        };
        var template = MustacheTemplate.Parse("{{name}}|{{lambda}}|{{when}}");
        var prepared = MustacheData.Create(variables);

        Assert.Equal(template.Render(variables, new MustacheRenderOptions()), template.Render(prepared, new MustacheRenderOptions()));
        Assert.Equal(template.Render(variables, Kibana), template.Render(prepared, Kibana));
        Assert.Equal("||", template.Render(MustacheData.Create(null), Kibana));
        Assert.Equal("||", template.Render(MustacheData.Create(default(JsonElement)), Kibana));
    }

    [Fact]
    public void SharedBetweenThreads_EveryRenderGivesTheSameText()
    {
        var source = JsonNode.Parse(string.Concat("{", string.Join(",", Enumerable.Range(0, 16).Select(i => $"\"k{i}\":\"v_{i} <{i}>\"")), "}"));
        var template = MustacheTemplate.Parse(string.Concat(Enumerable.Range(0, 16).Select(i => $"{{{{k{i}}}}}|{{{{{{k{i}}}}}}}|")));
        var expected = template.Render(source, Kibana);
        var prepared = MustacheData.Create(source);
        var results = new string[64];

        Parallel.For(0, results.Length, i => results[i] = template.Render(prepared, Kibana));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void RendererService_AndParams_AcceptPreparedVariables()
    {
        var renderer = new MustacheTemplateRenderer();
        var source = JsonNode.Parse("""{"context":{"message":"a_b & <c>"},"rule":{"name":"r"}}""");
        var prepared = MustacheData.Create(source);
        var parameters = new JsonObject { ["text"] = "{{context.message}}", ["nested"] = new JsonObject { ["name"] = "{{rule.name}}" } };

        Assert.Equal(renderer.Render("{{context.message}}", source, MustacheEscape.Json), renderer.Render("{{context.message}}", prepared, MustacheEscape.Json));
        Assert.Equal(
            renderer.RenderParams(parameters, source, _ => MustacheEscape.Markdown).ToJsonString(),
            renderer.RenderParams(parameters, prepared, _ => MustacheEscape.Markdown).ToJsonString());
    }
}
