using System.Globalization;
using System.Text.Json.Nodes;

namespace Connectors.Core.Tests.Templating;

/// <summary>Loads the official Mustache spec suite from ../shared/data/mustache-spec.</summary>
internal static class SpecData
{
    private static readonly Lazy<IReadOnlyList<SpecCase>> Cases = new(Load);

    public static IReadOnlyList<SpecCase> All => Cases.Value;

    public static string SharedDataDirectory() => Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data"));

    /// <summary>The folder holding Connectors.Core.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Connectors.Core.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("Connectors.Core.sln not found above " + AppContext.BaseDirectory);
        }

        return dir.FullName;
    }

    private static List<SpecCase> Load()
    {
        var list = new List<SpecCase>();
        foreach (var file in Directory.GetFiles(Path.Combine(SharedDataDirectory(), "mustache-spec"), "*.json").Order(StringComparer.Ordinal))
        {
            var root = JsonNode.Parse(File.ReadAllText(file))!;
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var test in root["tests"]!.AsArray())
            {
                var name = test!["name"]!.GetValue<string>();
                counts[name] = counts.GetValueOrDefault(name) + 1;
                var id = Path.GetFileNameWithoutExtension(file) + ": " + name + (counts[name] > 1 ? " #" + counts[name].ToString(CultureInfo.InvariantCulture) : string.Empty);
                var partials = test["partials"]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
                list.Add(new SpecCase(id, name, test["data"], test["template"]!.GetValue<string>(), test["expected"]!.GetValue<string>(), partials));
            }
        }

        return list;
    }

    /// <summary>The spec data as plain CLR values (dictionaries, lists, doubles), with ~lambdas mapped to C# delegates.</summary>
    public static object? ToClr(JsonNode? node, string testName) => node switch
    {
        null => null,
        JsonObject o when o["__tag__"] is not null => Lambda(testName),
        JsonObject o => o.ToDictionary(p => p.Key, p => ToClr(p.Value, testName), StringComparer.Ordinal),
        JsonArray a => a.Select(n => ToClr(n, testName)).ToList(),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => v.GetValue<double>(),
        _ => node.GetValue<bool>(),
    };

    private static object Lambda(string testName)
    {
        var calls = 0;
        return testName switch
        {
            "Interpolation" => new Func<string>(() => "world"),
            "Interpolation - Expansion" => new Func<string>(() => "{{planet}}"),
            "Interpolation - Alternate Delimiters" => new Func<string>(() => "|planet| => {{planet}}"),
            "Interpolation - Multiple Calls" => new Func<string>(() => (++calls).ToString(CultureInfo.InvariantCulture)),
            "Escaping" => new Func<string>(() => ">"),
            "Section" => new Func<string, string>(text => text == "{{x}}" ? "yes" : "no"),
            "Section - Expansion" => new Func<string, string>(text => text + "{{planet}}" + text),
            "Section - Alternate Delimiters" => new Func<string, string>(text => text + "{{planet}} => |planet|" + text),
            "Section - Multiple Calls" => new Func<string, string>(text => "__" + text + "__"),
            "Inverted Section" => new Func<string, string>(_ => string.Empty),
            _ => throw new InvalidOperationException("No C# lambda for spec test " + testName),
        };
    }
}
