using System.Text.Json.Nodes;
using Connectors.Templating;

namespace Connectors.Core.Tests.Templating;

/// <summary>Kibana's conformance vectors R01–R39 (research §9.6), through the renderer service.</summary>
public sealed class KibanaConformanceTests
{
    private const string VariablesJson = """
        {"a":1,"b":"2","c":false,"d":null,"f":{"g":3,"h":null},"i":[42,43,44],"lt":"<","gt":">",
         "amp":"&","nl":"\n","dq":"\"","bt":"`","bs":"\\","st":"*","ul":"_","st_lt":"*<","vl":"|",
         "link":"https://te_st.com/"}
        """;

    private static readonly MustacheTemplateRenderer Renderer = new();
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonNode Variables() => JsonNode.Parse(VariablesJson)!;

    public static TheoryData<string, MustacheEscape, string> Vectors() => new()
    {
        // R01
        { "{{a}}", MustacheEscape.None, "1" },
        { "{{a}}", MustacheEscape.Slack, "1" },
        { "{{a}}", MustacheEscape.Markdown, "1" },
        { "{{a}}", MustacheEscape.Json, "1" },
        // R02
        { "{{c}}", MustacheEscape.None, "false" },
        { "{{c}}", MustacheEscape.Html, "false" },
        { "{{c}}", MustacheEscape.Markdown, "false" },
        // R03
        { "{{d}}", MustacheEscape.None, "" },
        { "{{e}}", MustacheEscape.Slack, "" },
        { "{{f.h}}", MustacheEscape.Json, "" },
        // R04–R06
        { "{{f}}", MustacheEscape.None, "{\"g\":3,\"h\":null}" },
        { "{{f}}", MustacheEscape.Slack, "{\"g\":3,\"h\":null}" },
        { "{{f}}", MustacheEscape.Json, "{\\\"g\\\":3,\\\"h\\\":null}" },
        { "{{f}}", MustacheEscape.Markdown, "\\{\"g\":3,\"h\":null\\}" },
        // R07–R09
        { "{{i}}", MustacheEscape.None, "42,43,44" },
        { "{{i}}", MustacheEscape.Markdown, "42,43,44" },
        { "{{i.asJSON}}", MustacheEscape.None, "[42,43,44]" },
        { "{{i.asJSON}}", MustacheEscape.Slack, "[42,43,44]" },
        { "{{i.asJSON}}", MustacheEscape.Json, "[42,43,44]" },
        { "{{i.asJSON}}", MustacheEscape.Markdown, "\\[42,43,44\\]" },
        // R10–R12 markdown
        { "{{lt}}", MustacheEscape.Markdown, "<" },
        { "{{gt}}", MustacheEscape.Markdown, ">" },
        { "{{amp}}", MustacheEscape.Markdown, "&" },
        { "{{nl}}", MustacheEscape.Markdown, "\n" },
        { "{{dq}}", MustacheEscape.Markdown, "\"" },
        { "{{bt}}", MustacheEscape.Markdown, "\\`" },
        { "{{bs}}", MustacheEscape.Markdown, "\\\\" },
        { "{{st}}", MustacheEscape.Markdown, "\\*" },
        { "{{ul}}", MustacheEscape.Markdown, "\\_" },
        { "{{vl}}", MustacheEscape.Markdown, "\\|" },
        { "{{{bt}}}", MustacheEscape.Markdown, "`" },
        { "{{{bs}}}", MustacheEscape.Markdown, "\\" },
        { "{{{st}}}", MustacheEscape.Markdown, "*" },
        { "{{{ul}}}", MustacheEscape.Markdown, "_" },
        // R13–R16 slack
        { "{{lt}}", MustacheEscape.Slack, "&lt;" },
        { "{{gt}}", MustacheEscape.Slack, "&gt;" },
        { "{{amp}}", MustacheEscape.Slack, "&amp;" },
        { "{{bt}}", MustacheEscape.Slack, "'" },
        { "{{bs}}", MustacheEscape.Slack, "\\" },
        { "{{nl}}", MustacheEscape.Slack, "\n" },
        { "{{dq}}", MustacheEscape.Slack, "\"" },
        { "{{st}}", MustacheEscape.Slack, "`*`" },
        { "{{ul}}", MustacheEscape.Slack, "`_`" },
        { "{{st_lt}}", MustacheEscape.Slack, "`*<`" },
        { "{{link}}", MustacheEscape.Slack, "https://te_st.com/" },
        // R17–R18 json
        { "{{nl}}", MustacheEscape.Json, "\\n" },
        { "{{dq}}", MustacheEscape.Json, "\\\"" },
        { "{{bs}}", MustacheEscape.Json, "\\\\" },
        { "{{lt}}", MustacheEscape.Json, "<" },
        { "{{bt}}", MustacheEscape.Json, "`" },
        { "{{st}}", MustacheEscape.Json, "*" },
        { "{{ul}}", MustacheEscape.Json, "_" },
        // R19, R21, R22 html
        { "{{lt}}", MustacheEscape.Html, "&lt;" },
        { "{{gt}}", MustacheEscape.Html, "&gt;" },
        { "{{amp}}", MustacheEscape.Html, "&amp;" },
        { "{{dq}}", MustacheEscape.Html, "&quot;" },
        { "{{bt}}", MustacheEscape.Html, "&#x60;" },
        { "{{bs}}", MustacheEscape.Html, "\\" },
        { "{{nl}}", MustacheEscape.Html, "\n" },
        { "{{st}}", MustacheEscape.Html, "*" },
        { "{{{lt}}}", MustacheEscape.Html, "<" },
        { "{{{amp}}}", MustacheEscape.Html, "&" },
        { "{{{dq}}}", MustacheEscape.Html, "\"" },
        // R23
        { "{{a}", MustacheEscape.None, "error rendering mustache template \"{{a}\": Unclosed tag at 4" },
        // R25 (renderMustacheStringNoEscape: HTML escape)
        { "{{{a}}", MustacheEscape.Html, "error rendering mustache template \"{{{a}}\": Unclosed tag at 6" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Render_KibanaVectorWithJsonNode_MatchesKibana(string template, MustacheEscape escape, string expected)
    {
        Assert.Equal(expected, Renderer.Render(template, Variables(), escape));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Render_KibanaVectorWithMustacheData_MatchesKibana(string template, MustacheEscape escape, string expected)
    {
        Assert.Equal(expected, Renderer.Render(template, MustacheData.Create(Variables()), escape));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Render_KibanaVectorWithClrValues_MatchesKibana(string template, MustacheEscape escape, string expected)
    {
        Assert.Equal(expected, Renderer.Render(template, SpecData.ToClr(Variables(), string.Empty), escape));
    }

    [Fact]
    public void Render_SingleQuoteWithHtmlEscape_UsesNumericEntity()
    {
        // R20
        Assert.Equal("&#39;", Renderer.Render("{{sq}}", new { sq = "'" }, MustacheEscape.Html));
    }

    [Fact]
    public void Render_TripleMustacheDottedPath_RendersUnescaped()
    {
        // R26
        var vars = JsonNode.Parse("""{"external":{"system":{"id":"cool_id","title":"cool_title"}}}""");
        Assert.Equal("https://coolsite.net/browse/cool_title", Renderer.Render("https://coolsite.net/browse/{{{external.system.title}}}", vars, MustacheEscape.Html));
    }

    [Fact]
    public void Render_QuotedValueWithHtmlEscape_EscapesQuotes()
    {
        // R27
        var vars = JsonNode.Parse("""{"case":{"title":"\"A cool good summary\""}}""");
        Assert.Equal("\"summary\": &quot;A cool good summary&quot;,", Renderer.Render("\"summary\": {{case.title}},", vars, MustacheEscape.Html));
    }

    [Fact]
    public void Render_ArrayInTripleMustache_JoinsWithCommas()
    {
        // R28
        var vars = JsonNode.Parse("""{"case":{"tags":["cool","neat","nice"]}}""");
        Assert.Equal("\"labels\": cool,neat,nice,", Renderer.Render("\"labels\": {{{case.tags}}},", vars, MustacheEscape.Html));
    }

    [Fact]
    public void RenderParams_KibanaObject_RendersStringLeavesOnly()
    {
        // R29
        var parameters = JsonNode.Parse("""
            {"literal":0,"literals":{"a":1,"b":"2","c":true,"d":null,"eval":"{{lt}}{{b}}{{gt}}"},
             "list":["{{a}}","{{bt}}{{st}}{{bt}}"],"object":{"a":["{{a}}","{{bt}}{{st}}{{bt}}"]}}
            """)!.AsObject();
        var before = parameters.ToJsonString();

        var result = Renderer.RenderParams(parameters, Variables(), _ => MustacheEscape.None);

        Assert.Equal(
            """{"literal":0,"literals":{"a":1,"b":"2","c":true,"d":null,"eval":"<2>"},"list":["1","`*`"],"object":{"a":["1","`*`"]}}""",
            result.ToJsonString(Relaxed));
        Assert.Equal(before, parameters.ToJsonString());
    }

    [Fact]
    public void RenderParams_MalformedTemplateInline_WritesKibanaErrorText()
    {
        // R30
        var result = Renderer.RenderParams(new JsonObject { ["a"] = "{{a}" }, Variables(), _ => MustacheEscape.None);

        Assert.Equal("error rendering mustache template \"{{a}\": Unclosed tag at 4", result["a"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string> AugmentationVectors() => new()
    {
        // R31, R32
        { "{{a}} - {{b}} -- {{e}}", """{"a":1,"b":{"c":2,"d":[3,4]},"e":[5,{"f":6,"g":7}]}""", "1 - {\"c\":2,\"d\":[3,4]} -- 5,{\"f\":6,\"g\":7}" },
        { "{{e.asJSON}}", """{"a":1,"b":{"c":2,"d":[3,4]},"e":[5,{"f":6,"g":7}]}""", "[5,{\"f\":6,\"g\":7}]" },
        // R33–R36
        { "{{a}}", """{"a":1,"a.b":2}""", "{\"b\":2}" },
        { "{{a.b}} {{a.x}}", """{"a.b":2,"a":{"x":1}}""", "2 1" },
        { "{{a.b}} {{a.x}}", """{"a":{"x":1},"a.b":2}""", "2 1" },
        { "{{a.b.c}} {{a.b.d}}", """{"a.b.c":1,"a":{"b":{"d":2}}}""", "1 2" },
        { "{{a.b.x}}|{{a.b.y}}", """{"a":{"b":{"y":2}},"a.b":{"x":1}}""", "1|" },
        // R37
        { "{{obj.toString}}", """{"obj":{"toString":"user-value","extra":42}}""", "user-value" },
        // R38
        { "{{context.0._source.kibana.alert.rule.category}} - {{context.0._score.test}}", """{"context":[{"_score.test":1,"_source":{"kibana.alert.rule.category":"Metric threshold"}}]}""", "Metric threshold - 1" },
        // R39
        { "{{kibana.alert.duration.us}}", """{"kibana.alert.duration.us":60000000}""", "60000000" },
    };

    [Theory]
    [MemberData(nameof(AugmentationVectors))]
    public void Render_AugmentationVectorWithJsonNode_MatchesKibana(string template, string variables, string expected)
    {
        Assert.Equal(expected, Renderer.Render(template, JsonNode.Parse(variables), MustacheEscape.None));
    }

    [Theory]
    [MemberData(nameof(AugmentationVectors))]
    public void Render_AugmentationVectorWithMustacheData_MatchesKibana(string template, string variables, string expected)
    {
        Assert.Equal(expected, Renderer.Render(template, MustacheData.Parse(System.Text.Encoding.UTF8.GetBytes(variables)), MustacheEscape.None));
    }

    [Theory]
    [MemberData(nameof(AugmentationVectors))]
    public void Render_AugmentationVectorWithJsonElement_MatchesKibana(string template, string variables, string expected)
    {
        using var document = System.Text.Json.JsonDocument.Parse(variables);
        Assert.Equal(expected, Renderer.Render(template, document.RootElement, MustacheEscape.None));
    }

    [Theory]
    [MemberData(nameof(AugmentationVectors))]
    public void Render_AugmentationVectorWithDictionaries_MatchesKibana(string template, string variables, string expected)
    {
        Assert.Equal(expected, Renderer.Render(template, SpecData.ToClr(JsonNode.Parse(variables), string.Empty), MustacheEscape.None));
    }
}
