using System.Text.Json.Nodes;
using Connectors.Templating;
using CsCheck;

namespace Connectors.Core.Tests.Templating;

/// <summary>Random and mutated templates: only <see cref="MustacheException"/> may escape, and every run ends.</summary>
public sealed class MustacheFuzzTests
{
    private static readonly string[] Fragments =
    [
        "{{", "}}", "{{#", "{{/", "{{^", "{{>", "{{!", "{{=", "=}}", "{{{", "}}}", "{{&", "{{<", "{{$", "{{>*",
        "a", "b", "a.b", "list", "p", ".", " ", "\n", "\r\n", "\t", "*", "_", "|", "<% %>", "x", "EvalMath",
        "EncodeURI", "asJSON", "toString", "__proto__", "0", "{{a}}", "{{#list}}", "{{/list}}", "{{.}}",
    ];

    private static readonly JsonNode Data = JsonNode.Parse("""
        {"a":{"b":[1,2,{"c":"x"}],"b.c":3},"list":[{"a":1},{"a":"<&>"}],"p":"p","x":"_*`","t":true,"z":0,"e":"","n":null}
        """)!;

    private static readonly Dictionary<string, string> Partials = new()
    {
        ["p"] = "{{>p}}{{a}}",
        ["a"] = "{{$a}}d{{/a}}",
        ["x"] = "{{<a}}{{$a}}{{>x}}{{/a}}{{/a}}",
    };

    private static readonly Gen<string> RandomTemplate =
        Gen.OneOf(Fragments).Array[0, 40].Select(parts => string.Concat(parts));

    private static readonly Gen<string> MutatedTemplate =
        Gen.Select(Gen.OneOf(SpecData.All.Select(c => c.Template).ToArray()), Gen.Int[0, 1000].Array[1, 6], Gen.Char['\0', '\u007f'])
            .Select((source, cuts, c) =>
            {
                var text = source;
                foreach (var cut in cuts)
                {
                    if (text.Length == 0)
                    {
                        break;
                    }

                    var at = cut % text.Length;
                    text = (cut & 1) == 0 ? text.Remove(at, 1) : text.Insert(at, c.ToString());
                }

                return text;
            });

    private static void ParseAndRender(string source)
    {
        try
        {
            var template = MustacheTemplate.Parse(source);
            foreach (var kibana in new[] { false, true })
            {
                try
                {
                    template.Render(Data, new MustacheRenderOptions
                    {
                        KibanaCompatible = kibana,
                        Partials = Partials,
                        MaxDepth = 40,
                        MaxOutputLength = 100_000,
                        Escape = kibana ? MustacheEscape.Slack : MustacheEscape.Html,
                    });
                }
                catch (MustacheException)
                {
                }
            }
        }
        catch (MustacheException)
        {
        }
    }

    [Fact]
    public void ParseAndRender_RandomTemplates_OnlyThrowMustacheExceptions()
    {
        RandomTemplate.Sample(ParseAndRender, iter: 3_000, threads: 1);
    }

    [Fact]
    public void ParseAndRender_MutatedSpecTemplates_OnlyThrowMustacheExceptions()
    {
        MutatedTemplate.Sample(ParseAndRender, iter: 3_000, threads: 1);
    }

    [Fact]
    public void Render_RandomTemplatesViaRenderer_NeverThrowInInlineMode()
    {
        var renderer = new MustacheTemplateRenderer();

        RandomTemplate.Sample(t => Assert.NotNull(renderer.Render(t, Data, MustacheEscape.Markdown)), iter: 1_000, threads: 1);
    }
}
