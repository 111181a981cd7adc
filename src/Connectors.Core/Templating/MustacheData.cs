using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Templating.Internal;

namespace Connectors.Templating;

/// <summary>
/// Template variables prepared once for many renders: pass it wherever variables are taken
/// (<see cref="MustacheTemplate.Render"/>, <see cref="ITemplateRenderer"/>, <see cref="ExecuteRequest.Variables"/>) when
/// the same variables fill several templates, such as every action of one alert. Immutable and safe to share between
/// threads.
/// </summary>
/// <remarks>
/// JSON variables (a <see cref="JsonNode"/>, a <see cref="JsonElement"/>, a <see cref="JsonDocument"/> or UTF-8 JSON)
/// are copied into a snapshot the instance owns, so later changes to the source do not show, and indexed for
/// Kibana-compatible renders: each object's members, each value's text and which escapes leave it unchanged. A render
/// from it gives exactly what a render from the source gives. Other variables (dictionaries, objects, lambdas) are
/// held as given and render as they do without it. A snapshot of a <see cref="JsonNode"/> shares the node's values
/// parsed from JSON, which never change; a node built over a <see cref="JsonDocument"/> of yours (for example with
/// <see cref="JsonObject.Create(JsonElement, JsonNodeOptions?)"/>) reads that document, so keep it undisposed as long as
/// the prepared variables are used, as the node itself requires.
/// </remarks>
public sealed class MustacheData
{
    private readonly object? given;

    private MustacheData(object? given, PreparedValue? root)
    {
        this.given = given;
        Root = root;
    }

    /// <summary>The variables as other code reads them: the snapshot of JSON variables as a node, or the variables as given.</summary>
    internal object? Variables => Root is { } root ? root.Source : given;

    /// <summary>The prepared form of <see cref="Variables"/>, when they are JSON.</summary>
    internal PreparedValue? Root { get; }

    /// <summary>Prepares variables for many renders.</summary>
    /// <param name="variables">The variables: JSON (copied and indexed) or any other value templates accept (held as given).</param>
    /// <returns>The prepared variables.</returns>
    public static MustacheData Create(object? variables) => variables switch
    {
        MustacheData data => data,
        JsonNode node => new MustacheData(null, PreparedValue.From(node)),
        JsonElement { ValueKind: JsonValueKind.Undefined } => new MustacheData(null, null),
        JsonElement element => FromJson(Raw(element)),
        JsonDocument document => FromJson(Raw(document.RootElement)),
        _ => new MustacheData(variables, null),
    };

    /// <summary>Prepares variables given as UTF-8 JSON.</summary>
    /// <param name="utf8Json">The variables as UTF-8 JSON.</param>
    /// <returns>The prepared variables.</returns>
    /// <exception cref="JsonException"><paramref name="utf8Json"/> is not valid JSON.</exception>
    public static MustacheData Parse(ReadOnlySpan<byte> utf8Json) => FromJson(utf8Json.ToArray());

    private static byte[] Raw(JsonElement element) => JsonMarshal.GetRawUtf8Value(element).ToArray();

    private static MustacheData FromJson(byte[] utf8Json) => new(null, PreparedValue.From(JsonNode.Parse(utf8Json)));
}
