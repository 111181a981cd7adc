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
    public void Render_SpecCaseWithMustacheData_MatchesExpected(string id)
    {
        var spec = SpecData.All.Single(c => c.Id == id);
        var template = MustacheTemplate.Parse(spec.Template);
        var data = MustacheData.Create(spec.Data?.DeepClone());

        // Spec mode reads the snapshot through the general path; Kibana mode through the prepared one, as the JsonNode does.
        Assert.Equal(spec.Expected, template.Render(data, new MustacheRenderOptions { Partials = spec.Partials }));
        var kibana = new MustacheRenderOptions { Partials = spec.Partials, KibanaCompatible = true };
        Assert.Equal(SafeRender(template, spec.Data?.DeepClone(), kibana), SafeRender(template, data, kibana));
    }

    private static string SafeRender(MustacheTemplate template, object? data, MustacheRenderOptions options)
    {
        try
        {
            return template.Render(data, options);
        }
        catch (MustacheException ex)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
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
