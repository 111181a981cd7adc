using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Templating.Internal;

namespace Connectors.Core.Tests.Templating.Scriban;

public sealed class ScribanParamsRendererTests
{
    private static readonly ScribanParamsRenderer Renderer = new();

    private static string Render(string template, object? variables, ScribanLimits? limits = null, CancellationToken ct = default) =>
        Renderer.Render(template, variables, limits ?? ScribanLimits.Default, ct);

    [Theory]
    [InlineData(95.5, "critical")]
    [InlineData(75, "warning")]
    [InlineData(10, "ok")]
    public void Render_IfElseWithComparisons_PicksBranch(double value, string expected)
    {
        const string Template = "{{ if context.value >= 90 }}critical{{ else if context.value > 50 && context.value < 90 }}warning{{ else }}ok{{ end }}";
        Assert.Equal(expected, Render(Template, new Dictionary<string, object?> { ["context"] = new Dictionary<string, object?> { ["value"] = value } }));
    }

    [Fact]
    public void Render_JsonNodeVariables_ReadsNestedValuesAndArrays()
    {
        var variables = JsonNode.Parse("""{"rule":{"name":"CPU"},"alerts":[{"id":"a"},{"id":"b"}],"count":2}""");
        Assert.Equal("CPU: a,b (2)", Render("{{ rule.name }}: {{ for a in alerts }}{{ a.id }}{{ if !for.last }},{{ end }}{{ end }} ({{ count }})", variables));
    }

    [Fact]
    public void Render_JsonElementAndPocoVariables_RenderTheSame()
    {
        var element = JsonDocument.Parse("""{"host":"web-1","up":false}""").RootElement;
        var poco = new { host = "web-1", up = false };
        const string Template = "{{ host }} {{ if up }}up{{ else }}down{{ end }}";
        Assert.Equal("web-1 down", Render(Template, element));
        Assert.Equal("web-1 down", Render(Template, poco));
    }

    [Fact]
    public void Render_StringEquality_ComparesValues() =>
        Assert.Equal("yes", Render("{{ if status == \"active\" }}yes{{ else }}no{{ end }}", new Dictionary<string, object?> { ["status"] = "active" }));

    [Fact]
    public void Render_LoopLimitExceeded_ThrowsTemplateException()
    {
        var ex = Assert.Throws<ScribanTemplateException>(() =>
            Render("{{ for i in 1..100 }}{{ i }}{{ end }}", null, new ScribanLimits(LoopLimit: 10)));
        Assert.Contains("loop", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void Render_RecursionLimitExceeded_ThrowsTemplateException()
    {
        const string Template = "{{ func f(x)\n ret f(x + 1)\nend\nf(0) }}";
        Assert.Throws<ScribanTemplateException>(() => Render(Template, null, new ScribanLimits(RecursiveLimit: 5)));
    }

    [Fact]
    public void Render_OutputLimitExceeded_ThrowsTemplateException() =>
        Assert.Throws<ScribanTemplateException>(() =>
            Render("{{ for i in 1..50 }}0123456789{{ end }}", null, new ScribanLimits(OutputLimit: 100)));

    [Fact]
    public void Render_NetMemberOfVariable_IsNotExposed() =>
        Assert.Equal("x|||", Render("{{ probe.Name }}|{{ probe.GetType }}|{{ probe.Secret }}|{{ type.Assembly }}", new { probe = new Probe("x"), type = typeof(string) }));

    [Fact]
    public void Render_DateVariable_FormatsThroughDateFunctionsOnly() =>
        Assert.Equal("2022-01||3|", Render("{{ at | date.to_string '%Y-%m' }}|{{ at.Year }}|{{ name.size }}|{{ name.Length }}", new { at = new DateTime(2022, 1, 2), name = "abc" }));

    [Fact]
    public void Render_ImportOfNonObject_Fails() =>
        Assert.Throws<ScribanTemplateException>(() => Render("{{ import name }}", new { name = "System.IO.File" }));

    [Fact]
    public void Render_SystemObjectVariable_IsItsText() =>
        Assert.Equal("https://x.org/", Render("{{ uri }}", new { uri = new Uri("https://x.org/") }));

    [Fact]
    public void Render_MethodsOfPoco_AreNotCallable()
    {
        var ex = Record.Exception(() => Render("{{ probe.Secret() }}", new { probe = new Probe("x") }));
        Assert.IsType<ScribanTemplateException>(ex);
    }

    [Fact]
    public void Render_Include_IsNotAvailable() =>
        Assert.Throws<ScribanTemplateException>(() => Render("{{ include 'x' }}", null));

    [Fact]
    public void Render_AssignToVariable_FailsOrStaysLocal()
    {
        var data = new Dictionary<string, object?> { ["a"] = new List<object?> { 1, 2 }, ["o"] = new Dictionary<string, object?> { ["k"] = 1 } };
        Assert.Equal("5", Render("{{ a[0] = 5 }}{{ a[0] }}", data)); // Scriban arrays are not read-only: a local change
        Assert.Equal("1", Render("{{ a[0] }}", data));
        Assert.Throws<ScribanTemplateException>(() => Render("{{ o.k = 5 }}", data));
        Assert.Throws<ScribanTemplateException>(() => Render("{{ a = 5 }}", data));
        Assert.Throws<ScribanTemplateException>(() => Render("{{ a.add 5 }}", data));
        Assert.Equal(1, ((List<object?>)data["a"]!)[0]);
    }

    [Fact]
    public void Render_LocalVariable_CanBeAssigned() =>
        Assert.Equal("3", Render("{{ x = 1 + 2 }}{{ x }}", null));

    [Fact]
    public void Render_CancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => Render("{{ 1 }}", null, ct: cts.Token));
    }

    [Fact]
    public void Render_TokenCancelledBetweenRenders_NextRenderThrows()
    {
        using var cts = new CancellationTokenSource();
        var data = new Dictionary<string, object?> { ["items"] = new List<object?> { 1, 2, 3 } };
        const string Template = "{{ for i in items }}{{ i }}{{ end }}";
        Assert.Equal("123", Renderer.Render(Template, data, ScribanLimits.Default, cts.Token));
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => Renderer.Render(Template, data, ScribanLimits.Default, cts.Token));
    }

    [Fact]
    public void Render_TokenCancelledWhileLooping_StopsTheRender()
    {
        // An unlimited loop that would run for minutes: only the token can end it.
        using var cts = new CancellationTokenSource();
        cts.CancelAfter(TimeSpan.FromMilliseconds(50));
        Assert.Throws<OperationCanceledException>(() =>
            Renderer.Render("{{ for i in 1..2000000000 }}{{ end }}", null, new ScribanLimits(LoopLimit: 0), cts.Token));
    }

    [Fact]
    public void Render_ParseError_ReportsLineAndColumn()
    {
        var ex = Assert.Throws<ScribanTemplateException>(() => Render("ok\n{{ if x }}unclosed", null));
        Assert.Equal(2, ex.Line);
        Assert.True(ex.Column >= 1);
        Assert.StartsWith($"Scriban template error at line 2, column {ex.Column}: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ eval_math \"1 + count\" }}", "3")]
    [InlineData("{{ eval_math \"sum(list)\" }}", "6")]
    [InlineData("{{ format_number \"1000; de-DE;\" }}", "1.000")]
    [InlineData("{{ format_date \"2022-11-29T15:52:44Z; America/New_York\" }}", "2022-11-29 10:52am")]
    [InlineData("{{ parse_hjson \"a: 1\" }}", "{\"a\":1}")]
    [InlineData("{{ encode_uri \"a b\" }}", "a%20b")]
    [InlineData("{{ encode_uri_component \"a/b\" }}", "a%2Fb")]
    [InlineData("{{ eval_math \") 1\" }}", "error evaluating tinymath expression \") 1\": Failed to parse expression. Expected \"(\", function, literal, or whitespace but \")\" found.")]
    public void Render_KibanaLambdaFunctions_MatchMustacheLambdas(string template, string expected) =>
        Assert.Equal(expected, Render(template, new Dictionary<string, object?> { ["count"] = 2, ["list"] = new[] { 1, 2, 3 } }));

    [Fact]
    public void RenderParams_StringLeaves_RenderedAndInputUntouched()
    {
        var input = JsonNode.Parse("""{"text":"{{ if ok }}fine{{ else }}bad{{ end }}","n":5,"list":["{{ name }}",true,null],"nested":{"s":"{{ name | string.upcase }}"}}""")!.AsObject();
        var before = input.ToJsonString();
        var output = Renderer.RenderParams(input, new { ok = true, name = "web" }, ScribanLimits.Default, CancellationToken.None);
        Assert.Equal("""{"text":"fine","n":5,"list":["web",true,null],"nested":{"s":"WEB"}}""", output.ToJsonString());
        Assert.Equal(before, input.ToJsonString());
    }

    [Fact]
    public void RenderParams_ElementAssignedInOneLeaf_NotSeenByNextLeaf()
    {
        var input = new JsonObject { ["a"] = "{{ list[0] = 9 }}{{ list[0] }}", ["b"] = "{{ list[0] }}" };
        var output = Renderer.RenderParams(input, new { list = new[] { 1 } }, ScribanLimits.Default, CancellationToken.None);
        Assert.Equal("""{"a":"9","b":"1"}""", output.ToJsonString());
    }

    [Fact]
    public void Render_SameTemplateTwice_RendersEachWithItsVariables()
    {
        const string Template = "{{ if n > 1 }}many{{ else }}one{{ end }}";
        Assert.Equal("many", Render(Template, new { n = 2 }));
        Assert.Equal("one", Render(Template, new { n = 1 }));
    }

    [Fact]
    public async Task Render_ConcurrentRenders_AreIndependent()
    {
        const string Template = "{{ for i in 1..n }}{{ i }}{{ end }}";
        var results = await Task.WhenAll(Enumerable.Range(1, 16).Select(n => Task.Run(() => Render(Template, new { n }))));
        Assert.Equal(Enumerable.Range(1, 16).Select(n => string.Concat(Enumerable.Range(1, n))), results);
    }

    [Fact]
    public void ScribanLimits_Defaults_AreDocumented()
    {
        Assert.Equal(1000, ScribanLimits.Default.LoopLimit);
        Assert.Equal(64, ScribanLimits.Default.RecursiveLimit);
        Assert.Equal(1024 * 1024, ScribanLimits.Default.OutputLimit);
    }

    private sealed class Probe(string name)
    {
        public string Name { get; } = name;

        public string Secret() => "secret-" + Name;
    }
}
