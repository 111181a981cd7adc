using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Connectors.Templating.Internal;

/// <summary>
/// The opt-in Scriban dialect for connector params: if/else, comparisons and loops over a read-only snapshot
/// of the variables, with loop, recursion and output limits, the caller's cancellation token, no access to
/// .NET members, no <c>include</c>, and Kibana's lambdas as functions (<c>eval_math</c>, <c>parse_hjson</c>,
/// <c>format_date</c>, <c>format_number</c>, <c>encode_uri</c>, <c>encode_uri_component</c>).
/// </summary>
internal sealed class ScribanParamsRenderer
{
    private const int MaxCachedTemplates = 512;
    private static readonly string[] RemovedBuiltins = ["include", "include_join"];

    // Parse once, render many: parsed templates are immutable and rendered with a fresh context each time.
    private readonly ConcurrentDictionary<string, Template> _cache = new(StringComparer.Ordinal);

    /// <summary>Renders one template; throws <see cref="ScribanTemplateException"/> on template errors.</summary>
    public string Render(string template, object? variables, ScribanLimits limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(limits);
        var model = ScribanModel.Convert(variables);
        return RenderWithModel(template, model, limits, ct);
    }

    /// <summary>Renders every string leaf of <paramref name="parameters"/> into a new tree; the input is not changed.</summary>
    public JsonObject RenderParams(JsonObject parameters, object? variables, ScribanLimits limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(limits);
        var copy = (JsonObject)parameters.DeepClone();
        RenderNode(copy, variables, limits, ct);
        return copy;
    }

    // Each leaf gets its own snapshot: Scriban does not enforce read-only arrays, so an element assigned by
    // one template must not leak into the next.
    private void RenderNode(JsonNode node, object? variables, ScribanLimits limits, CancellationToken ct)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    RenderChild(obj[key], rendered => obj[key] = rendered, variables, limits, ct);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var index = i;
                    RenderChild(array[i], rendered => array[index] = rendered, variables, limits, ct);
                }

                break;
        }
    }

    private void RenderChild(JsonNode? child, Action<JsonNode> replace, object? variables, ScribanLimits limits, CancellationToken ct)
    {
        if (child is JsonValue value && value.TryGetValue<string>(out var text))
        {
            replace(JsonValue.Create(RenderWithModel(text, ScribanModel.Convert(variables), limits, ct)));
        }
        else if (child is not null)
        {
            RenderNode(child, variables, limits, ct);
        }
    }

    private Template Parse(string source)
    {
        if (_cache.TryGetValue(source, out var cached))
        {
            return cached;
        }

        var template = Template.Parse(source);
        if (template.HasErrors)
        {
            var first = template.Messages.First(m => m.Type == ParserMessageType.Error);
            throw Error(first.Message, first.Span.Start.Line + 1, first.Span.Start.Column + 1, null);
        }

        if (_cache.Count >= MaxCachedTemplates)
        {
            _cache.Clear();
        }

        _cache.TryAdd(source, template);
        return template;
    }

    private static ScribanTemplateException Error(string message, int line, int column, Exception? inner) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Scriban template error at line {line}, column {column}: {message}"), line, column, inner);

    private string RenderWithModel(string source, object? model, ScribanLimits limits, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var template = Parse(source);

        var context = CreateContext(model, limits, ct);
        try
        {
            return template.Render(context);
        }
        catch (ScriptAbortException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException("The Scriban render was cancelled.", ct);
        }
        catch (ScriptRuntimeException ex)
        {
            throw Error(ex.OriginalMessage, ex.Span.Start.Line + 1, ex.Span.Start.Column + 1, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ScribanTemplateException and not OutOfMemoryException)
        {
            throw new ScribanTemplateException("Scriban template error: " + ex.Message, ex);
        }
    }

    private static TemplateContext CreateContext(object? model, ScribanLimits limits, CancellationToken ct)
    {
        var builtins = TemplateContext.GetDefaultBuiltinObject();
        foreach (var name in RemovedBuiltins)
        {
            builtins.Remove(name);
        }

        var context = new TemplateContext(builtins, StringComparer.Ordinal)
        {
            LoopLimit = limits.LoopLimit,
            LoopLimitQueryable = limits.LoopLimit,
            RecursiveLimit = limits.RecursiveLimit,
            LimitToString = limits.OutputLimit,
            OutputLimit = limits.OutputLimit,
            OnOutputLimit = ScriptLimitBehavior.Throw,
            OnStringLimit = ScriptLimitBehavior.Throw,
            MemberFilter = static _ => false,
            TemplateLoader = null,
            StrictVariables = false,
            EnableRelaxedTargetAccess = true,
            CancellationToken = ct,
        };

        var functions = new ScriptObject(StringComparer.Ordinal);
        functions.Import("eval_math", new Func<string, string>(text =>
            KibanaLambdas.EvalMath(text.Trim(), path => ScribanModel.Resolve(model, path)).Text));
        functions.Import("parse_hjson", new Func<string, string>(text => KibanaLambdas.ParseHjson(text.Trim()).Text));
        functions.Import("format_date", new Func<string, string>(text => KibanaLambdas.FormatDate(text.Trim()).Text));
        functions.Import("format_number", new Func<string, string>(text => KibanaLambdas.FormatNumber(text.Trim()).Text));
        functions.Import("encode_uri", new Func<string, string>(text => KibanaLambdas.EncodeUri(text, component: false).Text));
        functions.Import("encode_uri_component", new Func<string, string>(text => KibanaLambdas.EncodeUri(text, component: true).Text));
        functions.IsReadOnly = true;
        context.PushGlobal(functions);

        var globals = new ScriptObject(StringComparer.Ordinal);
        if (model is ScriptObject root)
        {
            foreach (var (key, value) in root)
            {
                globals.SetValue(key, value, readOnly: true);
            }
        }
        else if (model is not null)
        {
            globals.SetValue("model", model, readOnly: true);
        }

        context.PushGlobal(globals);
        return context;
    }
}
