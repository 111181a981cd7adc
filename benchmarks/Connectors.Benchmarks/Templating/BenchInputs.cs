using System.Text.Json.Nodes;

namespace Connectors.Benchmarks.Templating;

/// <summary>Locates ../shared/data/bench and converts its JSON for the peers.</summary>
internal static class BenchInputs
{
    public static string Directory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Connectors.Core.sln")))
        {
            dir = dir.Parent;
        }

        return dir is null
            ? throw new InvalidOperationException("Connectors.Core.sln not found above " + AppContext.BaseDirectory)
            : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "bench"));
    }

    public static string Template() => File.ReadAllText(Path.Combine(Directory(), "slack-message.mustache"));

    public static string VariablesJson() => File.ReadAllText(Path.Combine(Directory(), "alert-variables.json"));

    /// <summary>Plain dictionaries, lists, strings, doubles and booleans: the shape every peer reads.</summary>
    public static object? ToClr(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToClr(p.Value), StringComparer.Ordinal),
        JsonArray a => a.Select(ToClr).ToList(),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => v.GetValue<double>(),
        _ => node.GetValue<bool>(),
    };

    /// <summary>Kibana's Slack escape, written plainly for the peers (they take a string-to-string encoder).</summary>
    public static string SlackEscape(string value)
    {
        if ((value.Contains('_', StringComparison.Ordinal) || value.Contains('*', StringComparison.Ordinal))
            && !Uri.TryCreate(value, UriKind.Absolute, out _))
        {
            return "`" + value.Replace('`', '\'') + "`";
        }

        return value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace('`', '\'');
    }
}
