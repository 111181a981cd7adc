using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Templating;

namespace Connectors.Core.Tests.Templating;

public sealed class MustacheTemplateTests
{
    private static readonly MustacheRenderOptions Kibana = new() { KibanaCompatible = true, Escape = MustacheEscape.None };

    [Fact]
    public void Parse_UnclosedTag_ReportsLineColumnAndExpected()
    {
        var ex = Assert.Throws<MustacheParseException>(() => MustacheTemplate.Parse("line one\n  {{name"));

        Assert.Equal(2, ex.Line);
        Assert.Equal(3, ex.Column);
        Assert.Equal(11, ex.Position);
        Assert.Equal("}}", ex.Expected);
        Assert.Equal("Unclosed tag at line 2, column 3: expected }}", ex.Message);
    }

    [Fact]
    public void Parse_UnclosedSection_ReportsTheOpeningTag()
    {
        var ex = Assert.Throws<MustacheParseException>(() => MustacheTemplate.Parse("a\n{{#items}}x"));

        Assert.Equal(2, ex.Line);
        Assert.Equal(1, ex.Column);
        Assert.Equal("{{/items}}", ex.Expected);
    }

    [Fact]
    public void Parse_MismatchedClose_ReportsTheClosingTag()
    {
        var ex = Assert.Throws<MustacheParseException>(() => MustacheTemplate.Parse("{{#a}}{{/b}}"));

        Assert.Equal(1, ex.Line);
        Assert.Equal(7, ex.Column);
        Assert.Equal("Unclosed section \"a\" at line 1, column 7: expected {{/a}}", ex.Message);
    }

    [Fact]
    public void Parse_UnopenedSection_Throws()
    {
        var ex = Assert.Throws<MustacheParseException>(() => MustacheTemplate.Parse("x{{/a}}"));

        Assert.Equal(2, ex.Column);
        Assert.StartsWith("Unopened section \"a\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidDelimiters_Throws()
    {
        Assert.Throws<MustacheParseException>(() => MustacheTemplate.Parse("{{=<% =}}"));
    }

    [Fact]
    public void Parse_TenThousandNestedSections_ThrowsParseException()
    {
        var source = string.Concat(Enumerable.Repeat("{{#a}}", 10_000)) + string.Concat(Enumerable.Repeat("{{/a}}", 10_000));

        var ex = Assert.Throws<MustacheParseException>(() => MustacheTemplate.Parse(source));

        Assert.Contains("at most 512 nested sections", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Malformed_ReturnsErrorWithPosition()
    {
        var ok = MustacheTemplate.TryParse("{{#a}}", out var template, out var error);

        Assert.False(ok);
        Assert.Null(template);
        Assert.Equal(1, error!.Line);
    }

    [Fact]
    public void TryParse_WellFormed_ReturnsTemplate()
    {
        Assert.True(MustacheTemplate.TryParse("Hi {{name}}", out var template, out var error));
        Assert.Null(error);
        Assert.Equal("Hi Ann", template.Render(new { name = "Ann" }));
    }

    [Fact]
    public void Render_RecursivePartial_ThrowsRenderExceptionAtMaxDepth()
    {
        var options = new MustacheRenderOptions { Partials = new Dictionary<string, string> { ["p"] = "x{{>p}}" }, MaxDepth = 50 };

        var ex = Assert.Throws<MustacheRenderException>(() => MustacheTemplate.Parse("{{>p}}").Render(null, options));

        Assert.Contains("MaxDepth (50)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DeepSectionsBeyondMaxDepth_ThrowsRenderException()
    {
        var source = string.Concat(Enumerable.Repeat("{{#a}}", 300)) + string.Concat(Enumerable.Repeat("{{/a}}", 300));
        var data = new Dictionary<string, object?> { ["a"] = true };

        Assert.Throws<MustacheRenderException>(() => MustacheTemplate.Parse(source).Render(data));
    }

    [Fact]
    public void Render_OutputOverMaxLength_ThrowsRenderException()
    {
        var template = MustacheTemplate.Parse("{{#items}}0123456789{{/items}}");
        var data = new { items = Enumerable.Range(0, 100).ToArray() };

        var ex = Assert.Throws<MustacheRenderException>(() => template.Render(data, new MustacheRenderOptions { MaxOutputLength = 500 }));

        Assert.Contains("MaxOutputLength (500", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OutputAtMaxLength_Succeeds()
    {
        var template = MustacheTemplate.Parse("{{#items}}0123456789{{/items}}");

        var output = template.Render(new { items = Enumerable.Range(0, 50).ToArray() }, new MustacheRenderOptions { MaxOutputLength = 500 });

        Assert.Equal(500, output.Length);
    }

    [Fact]
    public void Render_LargeJsonElementArray_RendersEveryItem()
    {
        var json = "{\"items\":[" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => "{\"n\":" + i + "}")) + "]}";
        using var document = JsonDocument.Parse(json);

        var output = MustacheTemplate.Parse("{{#items}}{{n}},{{/items}}").Render(document.RootElement);

        Assert.Equal(string.Concat(Enumerable.Range(0, 10_000).Select(i => i + ",")), output);
    }

    [Fact]
    public void Render_JsonStringsOverMaxLength_ThrowsRenderException()
    {
        var data = JsonNode.Parse("""{"s":"0123456789","list":[1,2,3,4,5,6,7,8,9,10]}""");

        Assert.Throws<MustacheRenderException>(() => MustacheTemplate.Parse("{{#list}}{{s}}{{/list}}").Render(data, new MustacheRenderOptions { MaxOutputLength = 95 }));
        Assert.Equal(100, MustacheTemplate.Parse("{{#list}}{{s}}{{/list}}").Render(data, new MustacheRenderOptions { MaxOutputLength = 100 }).Length);
    }

    [Fact]
    public void Render_MultiByteJsonStringAtMaxLength_Fits()
    {
        // Four characters, twelve UTF-8 bytes: the limit counts characters.
        var data = JsonNode.Parse("""{"s":"ééé€"}""");

        Assert.Equal("ééé€", MustacheTemplate.Parse("{{s}}").Render(data, new MustacheRenderOptions { MaxOutputLength = 4 }));
    }

    [Fact]
    public void Render_ThrowingPropertyGetter_WrapsInRenderException()
    {
        var ex = Assert.Throws<MustacheRenderException>(() => MustacheTemplate.Parse("{{Value}}").Render(new Throwing()));

        Assert.IsType<InvalidOperationException>(ex.InnerException);
    }

    [Fact]
    public void Render_CircularObject_ThrowsRenderException()
    {
        var node = new Dictionary<string, object?>();
        node["self"] = node;

        Assert.Throws<MustacheRenderException>(() => MustacheTemplate.Parse("{{self}}").Render(node, Kibana));
    }

    [Theory]
    [InlineData(1e21, "1e+21")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(-0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(91.5, "91.5")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(-2.5e-10, "-2.5e-10")]
    [InlineData(9007199254740993.0, "9007199254740992")]
    [InlineData(0.05, "0.05")]
    [InlineData(-12.25, "-12.25")]
    [InlineData(0.1 + 0.7, "0.7999999999999999")]
    [InlineData(1234.5678, "1234.5678")]
    [InlineData(0.00001, "0.00001")]
    [InlineData(0.0000001234, "1.234e-7")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(123456789.123, "123456789.123")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void Render_Number_FormatsAsJavaScript(double value, string expected)
    {
        Assert.Equal(expected, MustacheTemplate.Parse("{{n}}").Render(new { n = value }, Kibana));
    }

    [Theory]
    [InlineData("1e21", "1e+21")]
    [InlineData("1.50", "1.5")]
    [InlineData("-0", "0")]
    [InlineData("100", "100")]
    [InlineData("1E2", "100")]
    public void Render_JsonNumber_FormatsAsJavaScript(string json, string expected)
    {
        Assert.Equal(expected, MustacheTemplate.Parse("{{n}}").Render(JsonNode.Parse("{\"n\":" + json + "}"), Kibana));
    }

    [Fact]
    public void Render_Booleans_RenderLowerCase()
    {
        Assert.Equal("true false", MustacheTemplate.Parse("{{t}} {{f}}").Render(new { t = true, f = false }));
    }

    public static TheoryData<string> FalsyJson() => new() { "0", "\"\"", "false", "null", "[]" };

    [Theory]
    [MemberData(nameof(FalsyJson))]
    public void Render_KibanaFalsyValue_SkipsSection(string json)
    {
        var data = JsonNode.Parse("{\"x\":" + json + "}");

        Assert.Equal("no", MustacheTemplate.Parse("{{#x}}yes{{/x}}{{^x}}no{{/x}}").Render(data, Kibana));
    }

    [Fact]
    public void Render_SpecModeZeroAndEmptyString_AreTruthy()
    {
        var data = new { zero = 0, empty = string.Empty };

        Assert.Equal("ab", MustacheTemplate.Parse("{{#zero}}a{{/zero}}{{#empty}}b{{/empty}}").Render(data));
    }

    [Fact]
    public void Render_KibanaDottedNameMiss_FallsBackToOuterContextAsMustacheJs()
    {
        var data = JsonNode.Parse("""{"a":{"b":{}},"b":{"c":"ERROR"}}""");
        var template = MustacheTemplate.Parse("{{#a}}{{b.c}}{{/a}}");

        Assert.Equal("ERROR", template.Render(data, Kibana));
        Assert.Equal(string.Empty, template.Render(data));
    }

    [Fact]
    public void Render_KibanaDroppedKeys_AreNotVisible()
    {
        var data = JsonNode.Parse("""{"__proto__":{"x":1},"o":{"constructor":"c","prototype":"p","k":1}}""");

        Assert.Equal("|||{\"k\":1}", MustacheTemplate.Parse("{{__proto__.x}}|{{o.constructor}}|{{o.prototype}}|{{o}}").Render(data, Kibana));
    }

    [Fact]
    public void Render_KibanaArrayLength_IsAvailable()
    {
        Assert.Equal("3", MustacheTemplate.Parse("{{i.length}}").Render(new { i = new[] { 1, 2, 3 } }, Kibana));
    }

    [Theory]
    [InlineData("a\n  {{! c }}", "a\n")]
    [InlineData("a\n  {{#x}}\nb\n  {{/x}}", "a\nb\n")]
    [InlineData("  {{#x}}{{/x}}\nb", "b")]
    [InlineData("{{#x}}\n{{/x}}{{#x}}\n{{/x}}\nc", "c")]
    [InlineData("x{{=<% %>=}}\n<%s%>", "x\nabc")]
    [InlineData("{{a.length}}|{{s.length}}|{{s.1}}", "2|3|b")]
    public void Render_KibanaMode_MatchesMustacheJsOutput(string template, string expected)
    {
        // Expected texts produced by mustache.js 4.2.0 under Node.
        var data = JsonNode.Parse("""{"x":true,"a":[1,2],"s":"abc"}""");

        Assert.Equal(expected, MustacheTemplate.Parse(template).Render(data, Kibana));
    }

    [Fact]
    public void Render_KibanaNumberWithMarkdownEscape_IsNotEscaped()
    {
        var options = new MustacheRenderOptions { KibanaCompatible = true, Escape = MustacheEscape.Markdown };

        Assert.Equal("-1.5|\\-1\\.5", MustacheTemplate.Parse("{{n}}|{{s}}").Render(new { n = -1.5, s = "-1.5" }, options));
    }

    [Fact]
    public void Render_KibanaObjectWithOwnToStringValue_FailsAsJavaScript()
    {
        var data = JsonNode.Parse("""{"obj":{"toString":"x"}}""");

        var ex = Assert.Throws<MustacheRenderException>(() => MustacheTemplate.Parse("{{obj}}").Render(data, Kibana));

        Assert.Equal("Cannot convert object to primitive value", ex.Message);
    }

    [Fact]
    public void Parse_KibanaEmptyTag_IsAccepted()
    {
        var renderer = new MustacheTemplateRenderer();

        Assert.Equal("ab", renderer.Render("a{{ }}b", null, MustacheEscape.None));
        Assert.Throws<MustacheParseException>(() => MustacheTemplate.Parse("a{{ }}b"));
    }

    [Fact]
    public void Parse_SeveralErrors_ReportsTheFirstInSourceOrder()
    {
        var renderer = new MustacheTemplateRenderer();

        Assert.Equal("error rendering mustache template \"{{/b}}{{a}\": Unopened section \"b\" at 0", renderer.Render("{{/b}}{{a}", null, MustacheEscape.None));
    }

    [Fact]
    public void Render_KibanaObjectWithIntegerKeys_OrdersThemFirstAsJavaScript()
    {
        var data = JsonNode.Parse("""{"o":{"b":1,"2":2,"a":3,"1":4}}""");

        Assert.Equal("{\"1\":4,\"2\":2,\"b\":1,\"a\":3}", MustacheTemplate.Parse("{{o}}").Render(data, Kibana));
    }

    [Fact]
    public void Render_KibanaNestedArraysAndNulls_JoinAsJavaScript()
    {
        var data = JsonNode.Parse("""{"a":[1,null,[2,3],"x",{"k":true}]}""");

        Assert.Equal("1,,2,3,x,{\"k\":true}", MustacheTemplate.Parse("{{a}}").Render(data, Kibana));
    }

    [Fact]
    public void Render_KibanaLambdaName_CallsKibanaLambda()
    {
        var output = MustacheTemplate.Parse("{{#EncodeURIComponent}}a b&{{v}}{{/EncodeURIComponent}}").Render(new { v = "c/d" }, Kibana);

        Assert.Equal("a%20b%26c%2Fd", output);
    }

    [Fact]
    public void Render_UserVariableNamedLikeLambda_OverridesLambda()
    {
        var output = MustacheTemplate.Parse("{{#EncodeURIComponent}}a b{{/EncodeURIComponent}}").Render(new { EncodeURIComponent = true }, Kibana);

        Assert.Equal("a b", output);
    }

    [Fact]
    public void Render_LambdaNameInSpecMode_IsAnOrdinaryMiss()
    {
        Assert.Equal(string.Empty, MustacheTemplate.Parse("{{#EvalMath}}1+1{{/EvalMath}}").Render(null));
    }

    [Fact]
    public void Render_KibanaSectionLambda_AppendsResultUnrendered()
    {
        var data = new Dictionary<string, object?> { ["wrap"] = new Func<string, string>(t => "<" + t + ">") };

        Assert.Equal("<{{x}}>", MustacheTemplate.Parse("{{#wrap}}{{x}}{{/wrap}}").Render(data, Kibana));
    }

    [Fact]
    public void Render_SpecHtmlEscape_EscapesFiveCharacters()
    {
        Assert.Equal("&amp;&lt;&gt;&quot;&#39;/`=", MustacheTemplate.Parse("{{s}}").Render(new { s = "&<>\"'/`=" }));
    }

    [Fact]
    public void Render_KibanaHtmlEscape_EscapesMustacheJsSet()
    {
        var options = new MustacheRenderOptions { KibanaCompatible = true };

        Assert.Equal("&amp;&lt;&gt;&quot;&#39;&#x2F;&#x60;&#x3D;", MustacheTemplate.Parse("{{s}}").Render(new { s = "&<>\"'/`=" }, options));
    }

    [Theory]
    [InlineData("a\u0001b\u2028", "a\\u0001b\u2028")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("😀", "😀")]
    public void Render_JsonEscape_MatchesJsonStringify(string value, string expected)
    {
        var options = new MustacheRenderOptions { KibanaCompatible = true, Escape = MustacheEscape.Json };

        Assert.Equal(expected, MustacheTemplate.Parse("{{s}}").Render(new { s = value }, options));
    }

    [Fact]
    public void Render_JsonEscapeLoneSurrogate_EscapesIt()
    {
        var options = new MustacheRenderOptions { KibanaCompatible = true, Escape = MustacheEscape.Json };

        Assert.Equal("\\ud800x", MustacheTemplate.Parse("{{s}}").Render(new { s = "\ud800x" }, options));
    }

    [Theory]
    [InlineData("see *this*", "`see *this*`")]
    [InlineData("https://example.com/a_b?x=*", "https://example.com/a_b?x=*")]
    [InlineData("mailto:a_b@example.com", "mailto:a_b@example.com")]
    [InlineData("http:// _x", "`http:// _x`")]
    [InlineData("/local_path", "`/local_path`")]
    [InlineData("a `b` _c_", "`a 'b' _c_`")]
    [InlineData("plain <b>", "plain &lt;b&gt;")]
    public void Render_SlackEscape_AppliesUrlException(string value, string expected)
    {
        var options = new MustacheRenderOptions { KibanaCompatible = true, Escape = MustacheEscape.Slack };

        Assert.Equal(expected, MustacheTemplate.Parse("{{s}}").Render(new { s = value }, options));
    }

    [Fact]
    public void Render_EscapeNotAppliedToTripleOrAmpersand()
    {
        var options = new MustacheRenderOptions { KibanaCompatible = true, Escape = MustacheEscape.Markdown };

        Assert.Equal("\\*|*|*", MustacheTemplate.Parse("{{s}}|{{{s}}}|{{&s}}").Render(new { s = "*" }, options));
    }

    [Fact]
    public void Render_ConcurrentRenders_AreIndependent()
    {
        var template = MustacheTemplate.Parse("{{#items}}{{.}},{{/items}}");

        var results = Enumerable.Range(0, 200).AsParallel().Select(i => (i, template.Render(new { items = new[] { i, i + 1 } }))).ToList();

        Assert.All(results, r => Assert.Equal($"{r.i},{r.i + 1},", r.Item2));
    }

    private const string ShapeTemplate =
        "{{title}}|{{count}}|{{ratio}}|{{ok}}|{{missing}}|{{#tags}}[{{.}}]{{/tags}}|{{^none}}empty{{/none}}|{{#owner}}{{name}}:{{age}}{{/owner}}|{{owner.name}}|{{tags}}|{{owner}}";

    public sealed record Owner(string Name, int Age);

    public sealed class Poco
    {
        public string Title { get; init; } = "T";

        public int Count { get; init; } = 3;

        public double Ratio { get; init; } = 0.5;

        public bool Ok { get; init; } = true;

        public IReadOnlyList<string> Tags { get; init; } = ["a", "b"];

        public IReadOnlyList<string> None { get; init; } = [];

        public Owner Owner { get; init; } = new("Ann", 40);
    }

    public static TheoryData<bool> Modes() => new() { false, true };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Render_SameDataInEveryShape_RendersTheSame(bool kibana)
    {
        const string json = """{"title":"T","count":3,"ratio":0.5,"ok":true,"tags":["a","b"],"none":[],"owner":{"name":"Ann","age":40}}""";
        var template = MustacheTemplate.Parse(ShapeTemplate.Replace("{{title}}|{{count}}|{{ratio}}|{{ok}}", "{{title}}|{{count}}|{{ratio}}|{{ok}}", StringComparison.Ordinal));
        var options = new MustacheRenderOptions { KibanaCompatible = kibana, Escape = MustacheEscape.None };
        using var document = JsonDocument.Parse(json);
        var shapes = new object?[]
        {
            JsonNode.Parse(json),
            document.RootElement,
            SpecData.ToClr(JsonNode.Parse(json), string.Empty),
            new Dictionary<string, object?> { ["title"] = "T", ["count"] = 3, ["ratio"] = 0.5, ["ok"] = true, ["tags"] = new List<object?> { "a", "b" }, ["none"] = Array.Empty<object>(), ["owner"] = new Dictionary<string, object?> { ["name"] = "Ann", ["age"] = 40L } },
            (IReadOnlyDictionary<string, object?>)new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(new Dictionary<string, object?> { ["title"] = "T", ["count"] = 3m, ["ratio"] = 0.5f, ["ok"] = true, ["tags"] = new[] { "a", "b" }, ["none"] = new List<int>(), ["owner"] = new { name = "Ann", age = 40 } }),
            new { title = "T", count = 3, ratio = 0.5, ok = true, tags = new[] { "a", "b" }, none = Array.Empty<string>(), owner = new Owner("Ann", 40) is var o ? new { name = o.Name, age = o.Age } : null },
        };
        var expected = "T|3|0.5|true||[a][b]|empty|Ann:40|Ann|a,b|{\"name\":\"Ann\",\"age\":40}";

        foreach (var shape in shapes)
        {
            Assert.Equal(expected, template.Render(shape, options));
        }
    }

    [Fact]
    public void Render_JsonNullValue_IsEmptyAndFalsy()
    {
        using var document = JsonDocument.Parse("""{"n":null}""");
        var data = new JsonObject { ["n"] = JsonValue.Create(document.RootElement.GetProperty("n")) };

        Assert.Equal("|none", MustacheTemplate.Parse("{{n}}|{{^n}}none{{/n}}").Render(data, Kibana));
    }

    [Fact]
    public void Render_Poco_ReadsPublicProperties()
    {
        var output = MustacheTemplate.Parse("{{Title}} {{Owner.Name}} {{#Tags}}{{.}}{{/Tags}}").Render(new Poco());

        Assert.Equal("T Ann ab", output);
    }

    [Fact]
    public void Render_DateTimeInKibanaMode_RendersIsoUtc()
    {
        var value = new DateTimeOffset(2022, 11, 29, 15, 52, 44, TimeSpan.Zero);

        Assert.Equal("2022-11-29T15:52:44.000Z", MustacheTemplate.Parse("{{d}}").Render(new { d = value }, Kibana));
    }

    private sealed class Throwing
    {
        public string Value => throw new InvalidOperationException("boom");
    }
}
