using System.Text.Json.Nodes;
using Connectors.Templating;

namespace Connectors.Core.Tests.Templating.Lambdas;

/// <summary>Kibana's lambda vectors L01–L14 (research §9.6) end to end: Mustache engine, renderer service and lambdas.</summary>
public sealed class KibanaLambdaVectorsTests
{
    private static readonly MustacheTemplateRenderer Renderer = new();

    private static string Render(string template, string variablesJson) =>
        Renderer.Render(template, JsonNode.Parse(variablesJson), MustacheEscape.None);

    [Theory]
    [InlineData("{{#FormatDate}} {{timeStamp}} {{/FormatDate}}", "2022-11-29 03:52pm")] // L01
    [InlineData("{{#FormatDate}} {{timeStamp}} ; America/New_York {{/FormatDate}}", "2022-11-29 10:52am")] // L02
    [InlineData("{{#FormatDate}} {{timeStamp}} ;; dddd MMM Do YYYY HH:mm:ss.SSS {{/FormatDate}}", "Tuesday Nov 29th 2022 15:52:44.000")] // L03
    [InlineData("{{#FormatDate}} {{timeStamp}};America/New_York;dddd MMM Do YYYY HH:mm:ss.SSS {{/FormatDate}}", "Tuesday Nov 29th 2022 10:52:44.000")] // L04
    public void Render_L01ToL04_FormatDate(string template, string expected) =>
        Assert.Equal(expected, Render(template, """{"timeStamp":"2022-11-29T15:52:44Z"}"""));

    [Fact]
    public void Render_L05_EmptyDate() =>
        Assert.Equal("date is empty", Render("{{#FormatDate}}   {{/FormatDate}}", """{"timeStamp":""}"""));

    [Fact]
    public void Render_L06_InvalidDate() =>
        Assert.Equal("invalid date \"this is not a d4t3\"", Render("{{#FormatDate}}{{timeStamp}}{{/FormatDate}}", """{"timeStamp":"this is not a d4t3"}"""));

    [Fact]
    public void Render_L07_UnknownTimeZone() =>
        Assert.Equal("unknown timeZone value \"NotATime Zone!\"", Render("{{#FormatDate}}{{timeStamp}};NotATime Zone!{{/FormatDate}}", """{"timeStamp":"2023-04-10T23:52:39"}"""));

    // L08's "gamrbamg2" needs Kibana's test-machine zone (west of UTC) for the offset-less date; on a UTC
    // server, Kibana's production setting and ours, the same template gives Monday 11:52 pm.
    // FormatDateTests.FormatDate_L08_GarbageFormatInKibanaTestZone_CopiesUnknownLetters covers the original bytes.
    [Fact]
    public void Render_L08_GarbageFormatOnUtcServer() =>
        Assert.Equal("gpmrbpmg1", Render("{{#FormatDate}}{{timeStamp}};;garbage{{/FormatDate}}", """{"timeStamp":"2023-04-10T23:52:39"}"""));

    [Fact]
    public void Render_L09_EvalMathResolvesFromCurrentContext()
    {
        const string Template = "{{#EvalMath}} 1 + 0 {{/EvalMath}}\n{{#EvalMath}} 1 + context.a.b {{/EvalMath}}\n{{#context}}\n{{#EvalMath}} 1 + c.d {{/EvalMath}}\n{{/context}}";
        Assert.Equal("1\n2\n3\n", Render(Template, """{"context":{"a":{"b":1},"c":{"d":2}}}"""));
    }

    [Fact]
    public void Render_L10_EvalMathParseError() =>
        Assert.Equal(
            "error evaluating tinymath expression \") 1 ++++ 0 (\": Failed to parse expression. Expected \"(\", function, literal, or whitespace but \")\" found.",
            Render("{{#EvalMath}} ) 1 ++++ 0 ( {{/EvalMath}}", """{"context":{"a":{"b":1},"c":{"d":2}}}"""));

    [Fact]
    public void Render_L11_HjsonError() =>
        Assert.Equal(
            "error parsing Hjson \"[1,2,3,,]\": Found a punctuator character ',' when expecting a quoteless string (check your syntax) at line 1,7 >>>1,2,3,,] ...",
            Render("{{#ParseHjson}} [1,2,3,,] {{/ParseHjson}}", "{}"));

    [Fact]
    public void Render_L12_HjsonWithRenderedValues()
    {
        const string Template = """
            {{#ParseHjson}} 
                    {
                      # specify rate in requests/second (because comments are helpful!)
                      rate: 1000

                      a:   {{context.a}}
                      a_b: {{context.a.b}}
                      c:   {{context.c}}
                      c_d: {{context.c.d}}

                      # list items can be separated by lines, or commas, and trailing
                      # commas permitted
                      list: [
                        1 2
                        3
                        4,5,6,
                      ]
                    } {{/ParseHjson}}
            """;
        var result = JsonNode.Parse(Render(Template, """{"context":{"a":{"b":1},"c":{"d":2}}}"""))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":{"b":1},"a_b":1,"c":{"d":2},"c_d":2,"list":["1 2",3,4,5,6],"rate":1000}"""), result), result.ToJsonString());
    }

    [Fact]
    public void Render_L13_FormatNumberCurrency() =>
        Assert.Equal("€42.00", Render("{{#FormatNumber}} {{num}}; en-US; style: currency, currency: EUR  {{/FormatNumber}}", """{"num":"42.0"}"""));

    [Fact]
    public void Render_L14_FormatNumberInvalidNumber() =>
        Assert.Equal("invalid number: 'nope'", Render("{{#FormatNumber}} {{num}} {{/FormatNumber}}", """{"num":"nope;;"}"""));

    [Theory]
    [InlineData("{{#EncodeURI}} https://x.org/a b {{/EncodeURI}}", "%20https://x.org/a%20b%20")]
    [InlineData("{{#EncodeURIComponent}}{{q}}{{/EncodeURIComponent}}", "a%26b%3Dc")]
    public void Render_EncodeLambdas_DoNotTrim(string template, string expected) =>
        Assert.Equal(expected, Render(template, """{"q":"a&b=c"}"""));

    [Fact]
    public void Render_UserVariableNamedLikeLambda_Wins() =>
        Assert.Equal("mine", Render("{{#EvalMath}}{{.}}{{/EvalMath}}", """{"EvalMath":"mine"}"""));
}
