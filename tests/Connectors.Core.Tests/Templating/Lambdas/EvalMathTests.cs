using static Connectors.Core.Tests.Templating.Lambdas.LambdaTestHelpers;

namespace Connectors.Core.Tests.Templating.Lambdas;

public sealed class EvalMathTests
{
    private static readonly Dictionary<string, object?> L09Context = Obj(
        ("context", Obj(("a", Obj(("b", 1d))), ("c", Obj(("d", 2d))))));

    [Theory]
    [InlineData(" 1 + 0 ", "1")]
    [InlineData(" 1 + context.a.b ", "2")]
    public void Invoke_L09_ResolvesFromRoot(string raw, string expected) =>
        Assert.Equal(expected, Run("EvalMath", raw, L09Context).Output);

    [Fact]
    public void Invoke_L09_ResolvesRelativeToCurrentContext()
    {
        var context = (Dictionary<string, object?>)L09Context["context"]!;
        Assert.Equal("3", Run("EvalMath", " 1 + c.d ", context).Output);
    }

    [Fact]
    public void Invoke_L10_ReportsPeggyStyleParseError()
    {
        var (output, warnings) = Run("EvalMath", " ) 1 ++++ 0 ( ");
        const string Expected = "error evaluating tinymath expression \") 1 ++++ 0 (\": Failed to parse expression. Expected \"(\", function, literal, or whitespace but \")\" found.";
        Assert.Equal(Expected, output);
        Assert.Equal(["mustache render error: " + Expected], warnings);
    }

    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("10 / 4", "2.5")]
    [InlineData("2 - 3 - 4", "-5")]
    [InlineData("-2 * 3", "-6")]
    [InlineData("1.5e3 + 1", "1501")]
    [InlineData("0.1 + 0.2", "0.30000000000000004")]
    [InlineData("abs(-3)", "3")]
    [InlineData("add(1, 2, 3)", "6")]
    [InlineData("add(list, 10)", "11,12,13")]
    [InlineData("cbrt(27)", "3")]
    [InlineData("ceil(1.2)", "2")]
    [InlineData("clamp(1, 2, 3)", "2")]
    [InlineData("clamp(list, 2, 2)", "2,2,2")]
    [InlineData("cos(0)", "1")]
    [InlineData("count(list)", "3")]
    [InlineData("cube(3)", "27")]
    [InlineData("degtorad(180)", "3.141592653589793")]
    [InlineData("divide(list, 2)", "0.5,1,1.5")]
    [InlineData("exp(0)", "1")]
    [InlineData("first(list)", "1")]
    [InlineData("fix(-1.7)", "-1")]
    [InlineData("floor(1.7)", "1")]
    [InlineData("last(list)", "3")]
    [InlineData("log(64, 8)", "2")]
    [InlineData("max(1, 5, 3)", "5")]
    [InlineData("max(list)", "3")]
    [InlineData("mean(list)", "2")]
    [InlineData("median(1, 1, 2, 3)", "1.5")]
    [InlineData("min(list, 2)", "1,2,2")]
    [InlineData("mod(10, 7)", "3")]
    [InlineData("mode(1, 1, 2, 2, 3)", "1,2")]
    [InlineData("multiply(2, 3, 4)", "24")]
    [InlineData("pow(2, 10)", "1024")]
    [InlineData("radtodeg(0)", "0")]
    [InlineData("range(1, 2, 3)", "2")]
    [InlineData("round(10.93745987, 4)", "10.9375")]
    [InlineData("round(-10.5)", "-10")]
    [InlineData("sin(0)", "0")]
    [InlineData("size(list)", "3")]
    [InlineData("sqrt(9)", "3")]
    [InlineData("square(4)", "16")]
    [InlineData("subtract(10, 4)", "6")]
    [InlineData("sum(list, 4)", "10")]
    [InlineData("tan(0)", "0")]
    [InlineData("unique(dup)", "2")]
    [InlineData("1 + text", "NaN")]
    [InlineData("text", "two")]
    [InlineData("1e21 * 1", "1e+21")]
    [InlineData("pi()", "3.141592653589793")]
    [InlineData("first(empty)", "undefined")]
    [InlineData("first(words)", "a")]
    [InlineData("unique(words)", "2")]
    [InlineData("count(words)", "3")]
    [InlineData("sum(list, list)", "12")]
    [InlineData("mean(list, 3)", "2,2.5,3")]
    [InlineData("mode(list, 1)", "1,1,2,1,3")]
    [InlineData("median(list, 2, 4)", "2,2,3")]
    [InlineData("clamp(list, 0, list)", "1,2,3")]
    [InlineData("abs()", "NaN")]
    [InlineData("list[1] * 10", "20")]
    [InlineData("nested[0].v + 1", "8")]
    public void Invoke_Expression_EvaluatesLikeTinymath(string expression, string expected)
    {
        var view = Obj(("list", new List<object?> { 1d, 2d, 3d }), ("dup", new List<object?> { 1d, 1d, 2d }), ("text", "two"),
            ("empty", new List<object?>()), ("words", new List<object?> { "a", "b", "a" }),
            ("nested", new List<object?> { Obj(("v", 7d)) }));
        Assert.Equal(expected, Run("EvalMath", expression, view).Output);
    }

    [Theory]
    [InlineData("nope + 1", "Unknown variable: nope")]
    [InlineData("nope(1)", "No such function: nope")]
    [InlineData("1 / 0", "Cannot divide by 0")]
    [InlineData("sqrt(-1)", "Unable find the square root of a negative number")]
    [InlineData("log(-1)", "Must be greater than 0")]
    [InlineData("log(2, 0)", "Base out of range")]
    [InlineData("clamp(1, 3, 2)", "Min must be less than max")]
    [InlineData("pow(2)", "Missing exponent")]
    [InlineData("size(1)", "Must pass an array")]
    [InlineData("add()", "Reduce of empty array with no initial value")]
    [InlineData("mean(empty)", "Reduce of empty array with no initial value")]
    [InlineData("add(list, short)", "Array length mismatch")]
    [InlineData("random(2, 1)", "Min is greater than max")]
    [InlineData("add(a=1)", "Named arguments are not supported in tinymath itself, at a")]
    [InlineData("log10(1000)", "Failed to parse expression. Expected \"*\", \"+\", \"-\", \"/\", end of input, or whitespace but \"(\" found.")]
    [InlineData("1 +", "Failed to parse expression. Expected \"(\", function, literal, or whitespace but end of input found.")]
    [InlineData("", "Failed to parse expression. Expected \"(\", function, literal, or whitespace but end of input found.")]
    public void Invoke_Failure_ReturnsTinymathErrorText(string expression, string message)
    {
        var view = Obj(("list", new List<object?> { 1d, 2d, 3d }), ("short", new List<object?> { 1d }), ("empty", new List<object?>()));
        var (output, warnings) = Run("EvalMath", expression, view);
        Assert.Equal($"error evaluating tinymath expression \"{expression}\": {message}", output);
        Assert.Single(warnings);
    }

    [Fact]
    public void Invoke_DeepNesting_ReturnsStackErrorInsteadOfCrashing()
    {
        var expression = new string('(', 100_000) + "1" + new string(')', 100_000);
        var (output, _) = Run("EvalMath", expression);
        Assert.Equal($"error evaluating tinymath expression \"{expression}\": Maximum call stack size exceeded", output);
    }
}
