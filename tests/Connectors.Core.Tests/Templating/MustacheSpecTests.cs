using System.Text.Json;
using Connectors.Templating;

namespace Connectors.Core.Tests.Templating;

public sealed class MustacheSpecTests
{
    public static TheoryData<string> SpecCases() => new(SpecData.All.Select(c => c.Id));

    public static TheoryData<string> JsonSpecCases() => new(SpecData.All.Where(c => !c.HasLambda).Select(c => c.Id));

    [Theory]
    [MemberData(nameof(SpecCases))]
    public void Render_SpecCaseWithClrData_MatchesExpected(string id)
    {
        var spec = SpecData.All.Single(c => c.Id == id);
        var data = SpecData.ToClr(spec.Data, spec.Name);

        var actual = MustacheTemplate.Parse(spec.Template).Render(data, new MustacheRenderOptions { Partials = spec.Partials });

        Assert.Equal(spec.Expected, actual);
    }

    [Theory]
    [MemberData(nameof(JsonSpecCases))]
    public void Render_SpecCaseWithJsonNode_MatchesExpected(string id)
    {
        var spec = SpecData.All.Single(c => c.Id == id);

        var actual = MustacheTemplate.Parse(spec.Template).Render(spec.Data?.DeepClone(), new MustacheRenderOptions { Partials = spec.Partials });

        Assert.Equal(spec.Expected, actual);
    }

    [Theory]
    [MemberData(nameof(JsonSpecCases))]
    public void Render_SpecCaseWithJsonElement_MatchesExpected(string id)
    {
        var spec = SpecData.All.Single(c => c.Id == id);
        using var document = JsonDocument.Parse(spec.Data?.ToJsonString() ?? "null");

        var actual = MustacheTemplate.Parse(spec.Template).Render(document.RootElement, new MustacheRenderOptions { Partials = spec.Partials });

        Assert.Equal(spec.Expected, actual);
    }

    [Fact]
    public void SpecSuite_Loaded_Has194Cases()
    {
        Assert.Equal(194, SpecData.All.Count);
    }
}
