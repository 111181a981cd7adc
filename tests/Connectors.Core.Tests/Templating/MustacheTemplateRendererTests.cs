using System.Text.Json.Nodes;
using Connectors.Templating;
using Microsoft.Extensions.Logging;
using NSubstitute;

namespace Connectors.Core.Tests.Templating;

public sealed class MustacheTemplateRendererTests
{
    private readonly MustacheTemplateRenderer _renderer = new();

    [Fact]
    public void RenderParams_EscapeForPath_ReceivesDottedPathsWithoutArraySegments()
    {
        var parameters = JsonNode.Parse("""{"body":"{{v}}","nested":{"text":"{{v}}"},"list":["{{v}}",{"inner":"{{v}}"}],"n":1}""")!.AsObject();
        var paths = new List<string>();

        var result = _renderer.RenderParams(parameters, new { v = "*" }, path =>
        {
            paths.Add(path);
            return path == "body" ? MustacheEscape.Markdown : MustacheEscape.None;
        });

        Assert.Equal(["body", "nested.text", "list", "list.inner"], paths);
        Assert.Equal("""{"body":"\\*","nested":{"text":"*"},"list":["*",{"inner":"*"}],"n":1}""", result.ToJsonString());
    }

    [Fact]
    public void RenderParams_Result_DoesNotShareNodesWithInput()
    {
        var parameters = new JsonObject { ["a"] = new JsonObject { ["b"] = 1 }, ["s"] = "x" };

        var result = _renderer.RenderParams(parameters, null, _ => MustacheEscape.None);
        result["a"]!["b"] = 2;

        Assert.Equal(1, parameters["a"]!["b"]!.GetValue<int>());
    }

    [Fact]
    public void RenderParams_FailMode_ThrowsNamingThePath()
    {
        var parameters = JsonNode.Parse("""{"outer":{"subject":"{{#a}}"}}""")!.AsObject();

        var ex = Assert.Throws<MustacheParseException>(() => _renderer.RenderParams(parameters, null, _ => MustacheEscape.None, TemplateErrorMode.Fail));

        Assert.Contains("'outer.subject'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.Line);
        Assert.Equal(1, ex.Column);
    }

    [Fact]
    public void Render_FailMode_ThrowsParseException()
    {
        var ex = Assert.Throws<MustacheParseException>(() => _renderer.Render("ok {{a}", null, MustacheEscape.None, TemplateErrorMode.Fail));

        Assert.Equal("Unclosed tag at 7", ex.Message);
        Assert.Equal(4, ex.Column);
    }

    [Fact]
    public void Render_InlineMode_UnclosedSectionUsesMustacheJsText()
    {
        Assert.Equal("error rendering mustache template \"{{#a}}x\": Unclosed section \"a\" at 7", _renderer.Render("{{#a}}x", null, MustacheEscape.None));
    }

    [Fact]
    public void Render_InlineMode_UnopenedSectionUsesMustacheJsText()
    {
        Assert.Equal("error rendering mustache template \"ab{{/a}}\": Unopened section \"a\" at 2", _renderer.Render("ab{{/a}}", null, MustacheEscape.None));
    }

    [Fact]
    public void Render_KibanaMode_IsOn()
    {
        Assert.Equal("1,2", _renderer.Render("{{a}}", JsonNode.Parse("""{"a":[1,2]}"""), MustacheEscape.None));
    }

    [Fact]
    public void Render_SameTemplateManyTimes_ReusesParsedTemplate()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _renderer.Render("{{i}}", new { i }, MustacheEscape.Json));
        }
    }

    [Fact]
    public void Constructor_WithLogger_IsUsable()
    {
        var logger = Substitute.For<ILogger<MustacheTemplateRenderer>>();
        var renderer = new MustacheTemplateRenderer(logger);

        Assert.Equal("a%20b", renderer.Render("{{#EncodeURIComponent}}a b{{/EncodeURIComponent}}", null, MustacheEscape.None));
    }

    [Fact]
    public void Render_LambdaBody_IsRenderedWithTheCurrentEscape()
    {
        // EncodeURI renders its body first (the engine's render callback), with the escape in use;
        // encodeURI keeps '&' and ';', so the Slack-escaped text comes through unchanged.
        var output = _renderer.Render("{{#EncodeURI}}{{x}}{{/EncodeURI}}", new { x = "a&b" }, MustacheEscape.Slack);

        Assert.Equal("a&amp;b", output);
    }

    [Fact]
    public void Render_LambdaInsideSection_SeesTheSectionContext()
    {
        var output = _renderer.Render("{{#ctx}}{{#EncodeURIComponent}}{{v}}{{/EncodeURIComponent}}{{/ctx}}", new { ctx = new { v = "a b" }, v = "outer" }, MustacheEscape.None);

        Assert.Equal("a%20b", output);
    }

    [Fact]
    public void Render_NullTemplate_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => _renderer.Render(null!, null, MustacheEscape.None));
    }
}
