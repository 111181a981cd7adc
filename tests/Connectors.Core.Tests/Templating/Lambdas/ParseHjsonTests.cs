using Connectors.Templating.Internal;
using static Connectors.Core.Tests.Templating.Lambdas.LambdaTestHelpers;

namespace Connectors.Core.Tests.Templating.Lambdas;

public sealed class ParseHjsonTests
{
    private const string L12Template = """
         
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
        } 
        """;

    [Fact]
    public void Invoke_L12_ValidHjson_ReturnsCompactJson()
    {
        var view = Obj(("context", Obj(("a", Obj(("b", 1d))), ("c", Obj(("d", 2d))))));
        var (output, warnings) = Run("ParseHjson", L12Template, view);
        Assert.Equal("{\"rate\":1000,\"a\":{\"b\":1},\"a_b\":1,\"c\":{\"d\":2},\"c_d\":2,\"list\":[\"1 2\",3,4,5,6]}", output);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Invoke_L11_DoubleComma_ReturnsHjsonError()
    {
        var (output, warnings) = Run("ParseHjson", " [1,2,3,,] ");
        const string Expected = "error parsing Hjson \"[1,2,3,,]\": Found a punctuator character ',' when expecting a quoteless string (check your syntax) at line 1,7 >>>1,2,3,,] ...";
        Assert.Equal(Expected, output);
        Assert.Equal(["mustache render error: " + Expected], warnings);
    }

    [Theory]
    [InlineData("a: 1\nb: two words  \nc: true\nd: null\ne: -1.5e3", "{\"a\":1,\"b\":\"two words\",\"c\":true,\"d\":null,\"e\":-1500}")]
    [InlineData("{a: 01, b: 1 2, c: 1x\n}", "{\"a\":\"01, b: 1 2, c: 1x\"}")]
    [InlineData("{\n a: 01\n b: 5 # five\n c: /* no */ 6\n}", "{\"a\":\"01\",\"b\":5,\"c\":6}")]
    [InlineData("{ \"q\": \"x\\\"y\\u0041\", 'k': 'it\\'s' }", "{\"q\":\"x\\\"yA\",\"k\":\"it's\"}")]
    [InlineData("[true, false, null, \"\"]", "[true,false,null,\"\"]")]
    [InlineData("{b: 1, a: 2, 10: x\n, 2: y\n}", "{\"2\":\"y\",\"10\":\"x\",\"b\":1,\"a\":2}")]
    [InlineData("{a: 1, a: 2}", "{\"a\":2}")]
    [InlineData("42", "42")]
    [InlineData("\"text\"", "\"text\"")]
    [InlineData("[]", "[]")]
    [InlineData("{}", "{}")]
    [InlineData("tab: \"a\\tb\"\nctl: \"\\u0001\"", "{\"tab\":\"a\\tb\",\"ctl\":\"\\u0001\"}")]
    [InlineData("{\n  text:\n    '''\n    first\n      second\n    '''\n}", "{\"text\":\"first\\n  second\"}")]
    [InlineData("// lead\n[1 // one\n,2]", "[1,2]")]
    public void ParseHjson_Valid_ReturnsJsonLikeJavaScript(string hjson, string expected)
    {
        var result = KibanaLambdas.ParseHjson(hjson);
        Assert.False(result.IsError, result.Text);
        Assert.Equal(expected, result.Text);
    }

    [Theory]
    [InlineData("{a: 1", "End of input while parsing an object (missing '}') at line 1,5 >>>a: 1 ...")]
    [InlineData("[1, 2", "End of input while parsing an array (missing ']') at line 1,5 >>>1, 2 ...")]
    [InlineData("{a b: 1}", "Found whitespace in your key name (use quotes to include) at line 1,2 >>>a b: 1} ...")]
    [InlineData("{: 1}", "Found ':' but no key name (for an empty key name use quotes) at line 1,1 >>>: 1} ...")]
    [InlineData("{a: \"x}", "Bad string at line 1,7 >>>a: \"x} ...")]
    [InlineData("[1] x", "Syntax error, found trailing characters at line 1,4 >>>1] x ...")]
    [InlineData("{a: 01, b: 1 2}", "End of input while parsing an object (missing '}') at line 1,15 >>>a: 01, b: 1 2} ...")]
    [InlineData("{\n  a: 1\n  b c: 2\n}", "Found whitespace in your key name (use quotes to include) at line 3,4 >>>  b c: 2\n} ...")]
    public void ParseHjson_Invalid_ReturnsHjsonJsMessage(string hjson, string message)
    {
        var result = KibanaLambdas.ParseHjson(hjson);
        Assert.True(result.IsError);
        Assert.Equal($"error parsing Hjson \"{hjson}\": {message}", result.Text);
    }

    [Fact]
    public void ParseHjson_DeepNesting_ReturnsStackErrorInsteadOfCrashing()
    {
        var text = new string('[', 100_000);
        var result = KibanaLambdas.ParseHjson(text);
        Assert.True(result.IsError);
        Assert.StartsWith("error parsing Hjson \"[[[", result.Text, StringComparison.Ordinal);
        Assert.EndsWith("\": Maximum call stack size exceeded", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseHjson_ModerateNesting_Parses() =>
        Assert.Equal(new string('[', 300) + new string(']', 300), KibanaLambdas.ParseHjson(new string('[', 300) + new string(']', 300)).Text);
}
