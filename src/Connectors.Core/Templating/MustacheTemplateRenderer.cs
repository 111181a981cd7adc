using System.Text.Json.Nodes;
using Connectors.Templating.Internal;
using Microsoft.Extensions.Logging;

namespace Connectors.Templating;

/// <summary>
/// The <see cref="ITemplateRenderer"/> the execute pipeline uses: Kibana-compatible Mustache, with a bounded
/// cache of parsed templates keyed by source. Thread-safe; register it as a singleton.
/// </summary>
public sealed class MustacheTemplateRenderer : ITemplateRenderer
{
    private const int CacheCapacity = 1024;

    private readonly TemplateCache _cache = new(CacheCapacity);
    private readonly MustacheRenderOptions[] _options;

    /// <summary>Initializes a new instance of the <see cref="MustacheTemplateRenderer"/> class.</summary>
    /// <param name="logger">Receives the lambdas' warnings; optional.</param>
    public MustacheTemplateRenderer(ILogger<MustacheTemplateRenderer>? logger = null)
    {
        Action<string>? warn = logger is null ? null : message => TemplatingLog.LambdaWarning(logger, message);
        _options = new MustacheRenderOptions[5];
        foreach (var escape in Enum.GetValues<MustacheEscape>())
        {
            _options[(int)escape] = new MustacheRenderOptions { Escape = escape, KibanaCompatible = true, Warn = warn };
        }
    }

    /// <inheritdoc/>
    public string Render(string template, object? variables, MustacheEscape escape, TemplateErrorMode mode = TemplateErrorMode.Inline)
    {
        ArgumentNullException.ThrowIfNull(template);
        try
        {
            return RenderCore(template, variables, escape);
        }
        catch (MustacheException ex) when (mode == TemplateErrorMode.Inline)
        {
            return InlineError(template, ex);
        }
    }

    /// <inheritdoc/>
    public JsonObject RenderParams(JsonObject parameters, object? variables, Func<string, MustacheEscape> escapeForPath, TemplateErrorMode mode = TemplateErrorMode.Inline)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(escapeForPath);
        return (JsonObject)RenderNode(parameters, string.Empty, variables, escapeForPath, mode)!;
    }

    private JsonNode? RenderNode(JsonNode? node, string path, object? variables, Func<string, MustacheEscape> escapeForPath, TemplateErrorMode mode)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                {
                    var result = new JsonObject(obj.Options);
                    foreach (var (name, value) in obj)
                    {
                        result[name] = RenderNode(value, path.Length == 0 ? name : path + "." + name, variables, escapeForPath, mode);
                    }

                    return result;
                }

            case JsonArray array:
                {
                    var result = new JsonArray(array.Options);
                    foreach (var item in array)
                    {
                        result.Add(RenderNode(item, path, variables, escapeForPath, mode));
                    }

                    return result;
                }

            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                {
                    var template = value.GetValue<string>();
                    try
                    {
                        return JsonValue.Create(RenderCore(template, variables, escapeForPath(path)));
                    }
                    catch (MustacheException ex) when (mode == TemplateErrorMode.Inline)
                    {
                        return JsonValue.Create(InlineError(template, ex));
                    }
                    catch (MustacheParseException ex)
                    {
                        throw new MustacheParseException($"The template of parameter '{path}' is malformed: {ex.Message}", ex.Line, ex.Column, ex.Position, ex.Expected);
                    }
                    catch (MustacheException ex)
                    {
                        throw new MustacheRenderException($"The template of parameter '{path}' could not be rendered: {ex.Message}", ex);
                    }
                }

            default:
                return node.DeepClone();
        }
    }

    private string RenderCore(string template, object? variables, MustacheEscape escape)
    {
        var parsed = _cache.GetOrParse(template, kibana: true, "{{", "}}", string.Empty);
        var index = (int)escape;
        var options = (uint)index < (uint)_options.Length ? _options[index] : _options[(int)MustacheEscape.None];
        return parsed.Render(variables, options);
    }

    private static string InlineError(string template, MustacheException ex) =>
        "error rendering mustache template \"" + template + "\": " + ex.Message;
}
