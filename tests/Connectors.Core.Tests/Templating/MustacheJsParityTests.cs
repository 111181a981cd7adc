using System.Text.Json.Nodes;
using Connectors.Templating;

namespace Connectors.Core.Tests.Templating;

/// <summary>1,500 random templates rendered as mustache.js 4.2.0 renders them in Kibana (see MustacheJs/README.md).</summary>
public sealed class MustacheJsParityTests
{
    [Fact]
    public void Render_RandomTemplates_MatchMustacheJsByteForByte()
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(SpecData.RepositoryRoot(), "tests", "Connectors.Core.Tests", "Templating", "MustacheJs", "vectors.json")))!;
        var variables = root["variables"];
        var prepared = MustacheData.Create(variables);
        var renderer = new MustacheTemplateRenderer();
        var failures = new List<string>();

        foreach (var vector in root["cases"]!.AsArray())
        {
            var template = vector!["template"]!.GetValue<string>();
            var escape = vector["escape"]!.GetValue<string>() switch
            {
                "none" => MustacheEscape.None,
                "html" => MustacheEscape.Html,
                "json" => MustacheEscape.Json,
                "markdown" => MustacheEscape.Markdown,
                _ => MustacheEscape.Slack,
            };
            var actual = renderer.Render(template, variables, escape);
            if (actual != vector["expected"]!.GetValue<string>())
            {
                failures.Add($"{escape} {template}");
            }

            if (renderer.Render(template, prepared, escape) != vector["expected"]!.GetValue<string>())
            {
                failures.Add($"prepared: {escape} {template}");
            }
        }

        Assert.Equal(1500, root["cases"]!.AsArray().Count);
        Assert.Empty(failures);
    }
}
