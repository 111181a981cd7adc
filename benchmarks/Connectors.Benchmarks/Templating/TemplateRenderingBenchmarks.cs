using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Connectors.Templating;
using HandlebarsDotNet;
using Scriban;
using Scriban.Runtime;
using Stubble.Core;
using Stubble.Core.Builders;

namespace Connectors.Benchmarks.Templating;

/// <summary>
/// Renders the Slack alert message of ../shared/data/bench with the alert variables (Slack escape) in
/// Connectors.Core's Mustache engine (Kibana-compatible) and in the .NET peers, in one run.
/// </summary>
[MemoryDiagnoser]
public class TemplateRenderingBenchmarks
{
    private const string ScribanTemplate =
        "Rule *{{ rule.name | slack }}* ({{ rule.id | slack }}) in space {{ rule.spaceId | slack }} is {{ alert.actionGroupName | slack }}.\n" +
        "{{ context.message | slack }}\n" +
        "{{ for a in context.alerts -}}\n" +
        "- host {{ a.host.name | slack }} value {{ a.value | slack }}\n" +
        "{{ end -}}\n" +
        "{{ if context.alerts.size == 0 }}no alerts{{ end }}\n" +
        "Tags: {{ for t in rule.tags }}{{ t | slack }} {{ end }}\n" +
        "<{{ rule.url | slack }}|Open rule>\n";

    private MustacheTemplate _template = null!;
    private MustacheRenderOptions _options = null!;
    private MustacheTemplateRenderer _renderer = null!;
    private string _source = null!;
    private JsonNode _variables = null!;
    private object _clrVariables = null!;
    private MustacheData _prepared = null!;
    private StubbleVisitorRenderer _stubble = null!;
    private HandlebarsTemplate<object, object> _handlebars = null!;
    private Template _scriban = null!;
    private TemplateContext _scribanContext = null!;

    [GlobalSetup]
    public void Setup()
    {
        _source = BenchInputs.Template();
        _variables = JsonNode.Parse(BenchInputs.VariablesJson())!;
        _clrVariables = BenchInputs.ToClr(_variables)!;
        _prepared = MustacheData.Create(_variables);
        _template = MustacheTemplate.Parse(_source);
        _options = new MustacheRenderOptions { Escape = MustacheEscape.Slack, KibanaCompatible = true };
        _renderer = new MustacheTemplateRenderer();

        _stubble = new StubbleBuilder().Configure(s => s.SetEncodingFunction(BenchInputs.SlackEscape)).Build();
        _stubble.Render(_source, _clrVariables); // parses and caches the template

        var handlebars = Handlebars.Create(new HandlebarsConfiguration { TextEncoder = new SlackTextEncoder() });
        var handlebarsSource = _source
            .Replace("{{^context.alerts}}no alerts{{/context.alerts}}", "{{#unless context.alerts}}no alerts{{/unless}}", StringComparison.Ordinal)
            .Replace("{{.}}", "{{this}}", StringComparison.Ordinal);
        _handlebars = handlebars.Compile(handlebarsSource);

        _scriban = Template.Parse(ScribanTemplate);
        var globals = new ScriptObject();
        foreach (var (key, value) in (Dictionary<string, object?>)_clrVariables)
        {
            globals[key] = value;
        }

        globals.Import("slack", new Func<object, string>(v => BenchInputs.SlackEscape(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)));
        _scribanContext = new TemplateContext { MemberRenamer = m => m.Name };
        _scribanContext.PushGlobal(globals);

        var expected = ConnectorsMustache();
        Check("Stubble", Stubble(), expected);
        Check("Handlebars.Net", HandlebarsNet(), expected);
        Check("Scriban", Scriban(), expected);
        Check("MustacheTemplateRenderer", ConnectorsRenderer(), expected);
        Check("MustacheTemplate (MustacheData)", ConnectorsMustachePrepared(), expected);
    }

    private static void Check(string name, string actual, string expected)
    {
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            var at = 0;
            while (at < actual.Length && at < expected.Length && actual[at] == expected[at])
            {
                at++;
            }

            Console.WriteLine($"// {name} output differs from Connectors.Core's at {at}: got {Show(actual, at)}, expected {Show(expected, at)}");
        }
    }

    private static string Show(string s, int at) =>
        System.Text.Json.JsonSerializer.Serialize(s.Substring(Math.Max(0, at - 10), Math.Min(30, s.Length - Math.Max(0, at - 10))));

    [Benchmark(Baseline = true, Description = "Connectors MustacheTemplate (JsonNode)")]
    public string ConnectorsMustache() => _template.Render(_variables, _options);

    [Benchmark(Description = "Connectors MustacheTemplate (MustacheData)")]
    public string ConnectorsMustachePrepared() => _template.Render(_prepared, _options);

    /// <summary>What preparing the variables costs (once per set of variables, not per render).</summary>
    [Benchmark(Description = "Connectors MustacheData.Create (JsonNode)")]
    public MustacheData ConnectorsPrepare() => MustacheData.Create(_variables);

    [Benchmark(Description = "Connectors MustacheTemplate (dictionaries)")]
    public string ConnectorsMustacheClr() => _template.Render(_clrVariables, _options);

    [Benchmark(Description = "Connectors MustacheTemplateRenderer (cache lookup)")]
    public string ConnectorsRenderer() => _renderer.Render(_source, _variables, MustacheEscape.Slack);

    [Benchmark(Description = "Stubble.Core 1.10.8")]
    public string Stubble() => _stubble.Render(_source, _clrVariables);

    [Benchmark(Description = "Handlebars.Net 2.4.3 (compiled)")]
    public string HandlebarsNet() => _handlebars(_clrVariables);

    [Benchmark(Description = "Scriban 7.6.1")]
    public string Scriban() => _scriban.Render(_scribanContext);

    private sealed class SlackTextEncoder : ITextEncoder
    {
        public void Encode(StringBuilder? text, TextWriter target) => target.Write(BenchInputs.SlackEscape(text?.ToString() ?? string.Empty));

        public void Encode(string? text, TextWriter target) => target.Write(BenchInputs.SlackEscape(text ?? string.Empty));

        public void Encode<T>(T? text, TextWriter target)
            where T : IEnumerator<char>
        {
            var builder = new StringBuilder();
            while (text is not null && text.MoveNext())
            {
                builder.Append(text.Current);
            }

            target.Write(BenchInputs.SlackEscape(builder.ToString()));
        }
    }
}
