using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Templating.Internal;

/// <summary>
/// The state of one render: output buffer, context stack, options, block scope. Instances are pooled per
/// thread (one render at a time per instance; nested renders take another instance).
/// </summary>
internal sealed partial class RenderState
{
    [ThreadStatic]
    private static RenderState? t_cached;

    private readonly OutputBuffer _out = new();
    private readonly char[] _scratch = new char[256];
    private object?[] _stack = new object?[16];

    // Beside each frame of _stack, its prepared form when the render's data is prepared (MustacheData), else null; a
    // prepared frame's node (for every path but the prepared one) is read through Frame, which builds it on first use.
    private PreparedValue?[] _prepared = new PreparedValue?[16];
    private bool _hasPrepared;
    private int _count;
    private MustacheEscape _escape;
    private System.Buffers.SearchValues<byte> _stoppers = null!;
    private bool[] _stopTable = null!;
    private bool _kibana;
    private IReadOnlyDictionary<string, string>? _partials;
    private int _maxDepth;
    private int _depth;
    private Action<string>? _warn;
    private Dictionary<string, Node>? _blocks;
    private Func<string, string>? _renderCallback;
    private Func<string, object?>? _resolveCallback;

    public static string Render(MustacheTemplate template, object? data, MustacheRenderOptions options)
    {
        var state = t_cached ?? new RenderState();
        t_cached = null;
        try
        {
            return state.Run(template, data, options);
        }
        finally
        {
            state.Reset();
            t_cached = state;
        }
    }

    private string Run(MustacheTemplate template, object? data, MustacheRenderOptions options)
    {
        _escape = options.Escape;
        _kibana = options.KibanaCompatible;
        _stoppers = Escaper.Utf8Stoppers(_escape, _kibana);
        _stopTable = Escaper.Utf8StopTable(_escape, _kibana);
        _partials = options.Partials;
        _maxDepth = options.MaxDepth;
        _warn = options.Warn;
        _out.Start(options.MaxOutputLength, Math.Max(256, template.Source.Length * 2));
        if (data is MustacheData { Root: { } root } && _kibana)
        {
            Push(root);
            _hasPrepared = true;
        }
        else if (data is MustacheData prepared)
        {
            Push(ValueAccess.Normalize(prepared.Variables));
        }
        else
        {
            Push(ValueAccess.Normalize(data));
        }

        try
        {
            RenderNodes(template.Root);
        }
        catch (Exception ex) when (ex is not MustacheException and not OutOfMemoryException)
        {
            throw new MustacheRenderException("Rendering failed: " + ex.Message, ex);
        }

        return new string(_out.Written);
    }

    private void Reset()
    {
        Array.Clear(_stack, 0, _count);
        Array.Clear(_prepared, 0, _count);
        _count = 0;
        _hasPrepared = false;
        _depth = 0;
        _partials = null;
        _warn = null;
        _blocks = null;
        _out.Trim();
    }

    private void Push(object? value)
    {
        if (_count == _stack.Length)
        {
            Array.Resize(ref _stack, _count * 2);
            Array.Resize(ref _prepared, _count * 2);
        }

        _prepared[_count] = null;
        _stack[_count++] = value;
    }

    /// <summary>Pushes a prepared value (its node is built only if another path reads the frame: <see cref="Frame"/>).</summary>
    private void Push(PreparedValue? value)
    {
        Push((object?)null);
        _prepared[_count - 1] = value;
    }

    /// <summary>The value of frame <paramref name="i"/> for every path but the prepared one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private object? Frame(int i) => _prepared[i] is { } prepared ? ValueAccess.Normalize(prepared.Source) : _stack[i];

    private void Pop()
    {
        _stack[--_count] = null;
        _prepared[_count] = null;
    }

    private void Enter()
    {
        if (++_depth > _maxDepth)
        {
            throw new MustacheRenderException("The template nests sections, partials or parents deeper than MaxDepth (" + _maxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture) + ").");
        }

        if ((_depth & 15) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new MustacheRenderException("The template nests too deeply for the stack.");
        }
    }

    private void Exit() => _depth--;

    private void RenderNodes(Node[] nodes)
    {
        foreach (var node in nodes)
        {
            switch (node.Kind)
            {
                case NodeKind.Text:
                    _out.Append(node.Text);
                    break;
                case NodeKind.Variable:
                    RenderVariable(node);
                    break;
                case NodeKind.Section:
                    RenderSection(node);
                    break;
                case NodeKind.Inverted:
                    RenderInverted(node);
                    break;
                case NodeKind.Partial:
                    RenderPartial(node);
                    break;
                case NodeKind.Block:
                    RenderBlock(node);
                    break;
                case NodeKind.Parent:
                    RenderParent(node);
                    break;
            }
        }
    }

    private void RenderVariable(Node node)
    {
        if (_hasPrepared && TryRenderPreparedVariable(node))
        {
            return;
        }

        if (_kibana && TryRenderJsonVariable(node))
        {
            return;
        }

        RenderVariableGeneral(node);
    }

    /// <summary>Kibana mode over prepared data (<see cref="MustacheData"/>): <see cref="TryRenderJsonVariable"/> without the JSON API.</summary>
    private bool TryRenderPreparedVariable(Node node)
    {
        PreparedValue? member;
        if (node.PlainPath)
        {
            if (ResolvePrepared(node, out member) < 0)
            {
                return false;
            }
        }
        else if (node.Path.Length == 0 && _prepared[_count - 1] is PreparedScalar top)
        {
            // {{.}} over an item of an array.
            member = top;
        }
        else
        {
            return false;
        }

        var escape = node.Escaped ? _escape : MustacheEscape.None;
        switch (member)
        {
            case null:
                return true;
            case PreparedScalar scalar:
                var text = scalar.Text(escape, out var unchanged);
                if (unchanged)
                {
                    _out.Append(text);
                }
                else
                {
                    Escaper.Write(_out, text, escape, kibana: true);
                }

                return true;
            case PreparedObject or PreparedArray:
                WriteValue(member.Source, escape);
                return true;
            default:
                return false;
        }
    }

    /// <summary><see cref="ResolveJson"/> over prepared frames: 1 found (the member, null for JSON null), 0 not found, -1 the other paths decide.</summary>
    private int ResolvePrepared(Node node, out PreparedValue? member) => Resolve<PreparedFrames, PreparedObject, PreparedValue>(node, out member);

    /// <summary><see cref="TryRenderJsonSection"/> over prepared frames.</summary>
    private bool TryRenderPreparedSection(Node node)
    {
        var resolved = ResolvePrepared(node, out var member);
        if (resolved < 0)
        {
            return false;
        }

        if (resolved == 0 && IsKibanaLambda(node.Text))
        {
            // No frame has the name (exactly as the general lookup would find): Kibana's lambda, without building the
            // snapshot's node form for a lookup that cannot find anything.
            RenderKibanaLambda(node);
            return true;
        }

        switch (member)
        {
            case null:
                return true;
            case PreparedArray array:
                var items = array.Items;
                if (items.Length > 0)
                {
                    Enter();
                    var children = node.Children;
                    foreach (var item in items)
                    {
                        Push(item);
                        RenderNodes(children);
                        Pop();
                    }

                    Exit();
                }

                return true;
            case PreparedObject:
                break;
            case PreparedScalar scalar:
                if (!scalar.Truthy)
                {
                    return true;
                }

                break;
            default:
                return false;
        }

        RenderBodyWith(node, member);
        return true;
    }

    /// <summary>Kibana mode: a variable resolved by <see cref="ResolveJson"/>, or <c>{{.}}</c> over a value parsed from JSON.</summary>
    private bool TryRenderJsonVariable(Node node)
    {
        JsonElement element;
        if (node.PlainPath)
        {
            var resolved = ResolveJson(node, out var member);
            if (resolved < 0)
            {
                return false;
            }

            if (member is null)
            {
                return true;
            }

            var escape = node.Escaped ? _escape : MustacheEscape.None;
            if (member is JsonValue value)
            {
                if (JsonElementValues.TryGetParsedElement(value, out element))
                {
                    WriteElement(element, escape);
                }
                else
                {
                    WriteJsonValue(value, escape);
                }
            }
            else
            {
                WriteValue(member, escape);
            }

            return true;
        }

        if (node.Path.Length == 0 && Frame(_count - 1) is JsonValue top && JsonElementValues.TryGetParsedElement(top, out element))
        {
            // {{.}} over an item of a JSON array.
            WriteElement(element, node.Escaped ? _escape : MustacheEscape.None);
            return true;
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RenderVariableGeneral(Node node)
    {
        // WriteValue reads JSON nulls and wrapped elements itself, so the value is not normalized here.
        Lookup(node.Path, out var value, normalize: false);
        var escape = node.Escaped ? _escape : MustacheEscape.None;
        if (value is JsonValue jsonValue)
        {
            WriteJsonValue(jsonValue, escape);
            return;
        }

        if (value is Delegate)
        {
            if (_kibana || value is not Func<object?> lambda)
            {
                return;
            }

            // Spec: the result is rendered as a template with the default delimiters, then escaped.
            var start = _out.Length;
            var text = ToText(lambda());
            if (text.Contains("{{", StringComparison.Ordinal))
            {
                RenderSubTemplate(text, "{{", "}}");
            }
            else
            {
                _out.Append(text);
            }

            EscapeTail(start, escape);
            return;
        }

        WriteValue(value, escape);
    }

    /// <summary>
    /// Kibana mode with JSON objects on the context stack: resolves a name without the general type dispatch.
    /// 1 found (the raw member), 0 no frame has it, -1 when the general <see cref="Lookup"/> must decide
    /// (another frame type, a dotted key, a large object, a value in the middle of the path).
    /// </summary>
    private int ResolveJson(Node node, out JsonNode? member) => Resolve<JsonFrames, JsonObject, JsonNode>(node, out member);

    /// <summary>
    /// The resolution of both fast paths, as mustache.js does it: the frames from the innermost out, the whole name in
    /// the first frame that has its first segment; 1 found, 0 no frame has it, -1 when another path must decide.
    /// </summary>
    private int Resolve<TFrames, TObject, TMember>(Node node, out TMember? member)
        where TFrames : struct, IObjectFrames<TObject, TMember>
        where TObject : class
        where TMember : class
    {
        var path = node.Path;
        member = null;
        for (var i = _count - 1; i >= 0; i--)
        {
            if (TFrames.At(this, i) is not { } current)
            {
                return -1;
            }

            var j = 0;
            while (true)
            {
                var step = TFrames.TryGet(current, path[j], out member);
                if (step == 0)
                {
                    // No hit in this frame: mustache.js tries the whole name in the next one.
                    break;
                }

                if (step < 0)
                {
                    return -1;
                }

                if (++j == path.Length)
                {
                    return 1;
                }

                if (member is null)
                {
                    break;
                }

                if (TFrames.AsObject(member) is not { } next)
                {
                    return -1;
                }

                current = next;
            }
        }

        member = null;
        return 0;
    }

    /// <summary>How <see cref="Resolve"/> reads one kind of frame.</summary>
    private interface IObjectFrames<TObject, TMember>
        where TObject : class
        where TMember : class
    {
        /// <summary>Frame <paramref name="i"/> as an object of this kind, or null (another path decides).</summary>
        static abstract TObject? At(RenderState state, int i);

        /// <summary>1 found, 0 not found, -1 another path decides.</summary>
        static abstract int TryGet(TObject current, string key, out TMember? member);

        static abstract TObject? AsObject(TMember member);
    }

    /// <summary>Frames of JSON objects (<see cref="ValueAccess.TryGetPlainJsonObjectMember"/>).</summary>
    private readonly struct JsonFrames : IObjectFrames<JsonObject, JsonNode>
    {
        public static JsonObject? At(RenderState state, int i) => state.Frame(i) as JsonObject;

        public static int TryGet(JsonObject current, string key, out JsonNode? member) => ValueAccess.TryGetPlainJsonObjectMember(current, key, out member);

        public static JsonObject? AsObject(JsonNode member) => member as JsonObject;
    }

    /// <summary>Frames of prepared objects (<see cref="PreparedObject.TryGet"/>).</summary>
    private readonly struct PreparedFrames : IObjectFrames<PreparedObject, PreparedValue>
    {
        public static PreparedObject? At(RenderState state, int i) => state._prepared[i] as PreparedObject;

        public static int TryGet(PreparedObject current, string key, out PreparedValue? member) => current.TryGet(key, out member);

        public static PreparedObject? AsObject(PreparedValue member) => member as PreparedObject;
    }

    private void RenderSection(Node node)
    {
        if (_hasPrepared && node.PlainPath && TryRenderPreparedSection(node))
        {
            return;
        }

        if (_kibana && node.PlainPath && TryRenderJsonSection(node))
        {
            return;
        }

        var found = Lookup(node.Path, out var value);
        if (!found && _kibana && IsKibanaLambda(node.Text))
        {
            RenderKibanaLambda(node);
            return;
        }

        if (value is Delegate)
        {
            if (value is Func<string, object?> sectionLambda)
            {
                var result = sectionLambda(node.RawBody);
                if (_kibana)
                {
                    _out.Append(ToText(result));
                }
                else
                {
                    Enter();
                    RenderSubTemplate(ToText(result), node.OpenDelimiter, node.CloseDelimiter);
                    Exit();
                }
            }
            else if (value is Func<object?> lambda && !_kibana)
            {
                Enter();
                RenderSubTemplate(ToText(lambda()), node.OpenDelimiter, node.CloseDelimiter);
                Exit();
            }

            return;
        }

        if (!ValueAccess.IsTruthy(value, _kibana))
        {
            return;
        }

        Enter();
        if (value is JsonArray jsonArray)
        {
            var children = node.Children;
            for (var i = 0; i < jsonArray.Count; i++)
            {
                Push(jsonArray[i]);
                RenderNodes(children);
                Pop();
            }
        }
        else if (value is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Array } elementArray)
        {
            // Indexing a JsonElement array can be linear per item; enumerate it instead.
            foreach (var item in elementArray.EnumerateArray())
            {
                Push(ValueAccess.Normalize(item));
                RenderNodes(node.Children);
                Pop();
            }
        }
        else if (ValueAccess.KindOf(value) == ValueKind.Array)
        {
            var array = value is System.Text.Json.Nodes.JsonArray or System.Collections.IList ? value! : ValueAccess.AsList(value!);
            var count = ValueAccess.ArrayCount(array);
            for (var i = 0; i < count; i++)
            {
                Push(ValueAccess.ArrayItem(array, i));
                RenderNodes(node.Children);
                Pop();
            }
        }
        else
        {
            Push(value);
            RenderNodes(node.Children);
            Pop();
        }

        Exit();
    }

    /// <summary>
    /// Kibana mode: a section over a JSON object, a JSON array, a value parsed from JSON or nothing, resolved
    /// by <see cref="ResolveJson"/>; false (nothing done) when the general path must decide.
    /// </summary>
    private bool TryRenderJsonSection(Node node)
    {
        var resolved = ResolveJson(node, out var member);
        if (resolved < 0 || (resolved == 0 && IsKibanaLambda(node.Text)))
        {
            return false;
        }

        switch (member)
        {
            case null:
                return true;
            case JsonArray array:
                if (array.Count > 0)
                {
                    Enter();
                    var children = node.Children;
                    for (var i = 0; i < array.Count; i++)
                    {
                        Push(array[i]);
                        RenderNodes(children);
                        Pop();
                    }

                    Exit();
                }

                return true;
            case JsonObject:
                break;
            case JsonValue value when JsonElementValues.TryGetParsedElement(value, out var element) && element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null):
                if (!ValueAccess.IsTruthy(value, kibana: true))
                {
                    return true;
                }

                break;
            default:
                return false;
        }

        RenderBodyWith(node, member);
        return true;
    }

    private void RenderInverted(Node node)
    {
        if (_kibana && node.PlainPath && FastTruthiness(node) is var fast and not Truthiness.Unknown)
        {
            // Kibana mode: a name that resolves to nothing and is a Kibana lambda renders nothing.
            if (fast == Truthiness.Falsy)
            {
                RenderBody(node);
            }

            return;
        }

        var found = Lookup(node.Path, out var value);
        if (!found && _kibana && IsKibanaLambda(node.Text))
        {
            return;
        }

        if (!ValueAccess.IsTruthy(value, _kibana))
        {
            RenderBody(node);
        }
    }

    private void RenderBodyWith(Node node, object? frame)
    {
        Enter();
        Push(frame);
        RenderNodes(node.Children);
        Pop();
        Exit();
    }

    private void RenderBodyWith(Node node, PreparedValue? frame)
    {
        Enter();
        Push(frame);
        RenderNodes(node.Children);
        Pop();
        Exit();
    }

    private void RenderBody(Node node)
    {
        Enter();
        RenderNodes(node.Children);
        Exit();
    }

    /// <summary>What an inverted section's fast paths know of its value.</summary>
    private enum Truthiness
    {
        /// <summary>The general path must decide.</summary>
        Unknown,
        Truthy,
        Falsy,

        /// <summary>Nothing resolved and the name is a Kibana lambda: the section renders nothing.</summary>
        Lambda,
    }

    /// <summary>Kibana mode: what the prepared or the JSON fast path knows of an inverted section's value.</summary>
    private Truthiness FastTruthiness(Node node)
    {
        int resolved;
        bool? truthy;
        if (_hasPrepared)
        {
            resolved = ResolvePrepared(node, out var member);
            truthy = member switch
            {
                null => false,
                PreparedArray array => array.Items.Length > 0,
                PreparedObject => true,
                PreparedScalar scalar => scalar.Truthy,
                _ => null,
            };
        }
        else
        {
            resolved = ResolveJson(node, out var member);
            truthy = member switch
            {
                null => false,
                JsonArray array => array.Count > 0,
                JsonObject => true,
                JsonValue scalar when JsonElementValues.TryGetParsedElement(scalar, out var element) && element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
                    => ValueAccess.IsTruthy(scalar, kibana: true),
                _ => null,
            };
        }

        if (resolved < 0)
        {
            return Truthiness.Unknown;
        }

        if (resolved == 0 && IsKibanaLambda(node.Text))
        {
            return Truthiness.Lambda;
        }

        return truthy switch
        {
            true => Truthiness.Truthy,
            false => Truthiness.Falsy,
            null => Truthiness.Unknown,
        };
    }

    private void RenderKibanaLambda(Node node)
    {
        _renderCallback ??= RenderCallback;
        _resolveCallback ??= ResolveCallback;
        var result = KibanaLambdas.Invoke(node.Text, node.RawBody, _renderCallback, _resolveCallback, _warn);
        if (result is not null)
        {
            _out.Append(result);
        }
    }

    private static bool IsKibanaLambda(string name) => Array.IndexOf(KibanaLambdas.Names, name) >= 0;

    private string RenderCallback(string text)
    {
        var start = _out.Length;
        RenderSubTemplate(text, "{{", "}}");
        var result = _out.ToStringAndKeep(start);
        _out.Truncate(start);
        return result;
    }

    private object? ResolveCallback(string path)
    {
        Lookup(MustacheParser.SplitPath(path.Trim()), out var value);
        return PlainValues.From(value, _kibana, 0);
    }

    private void RenderSubTemplate(string text, string open, string close)
    {
        var template = TemplateCache.Shared.GetOrParse(text, _kibana, open, close, string.Empty);
        Enter();
        RenderNodes(template.Root);
        Exit();
    }

    /// <summary>Resolves a name against the context stack; spec rules, or mustache.js's when Kibana-compatible.</summary>
    private bool Lookup(string[] path, out object? value, bool normalize = true)
    {
        if (path.Length == 0)
        {
            value = _count > 0 ? Frame(_count - 1) : null;
            return true;
        }

        if (!_kibana)
        {
            for (var i = _count - 1; i >= 0; i--)
            {
                var frame = Frame(i);
                if (frame is not null && ValueAccess.TryGetMember(frame, path[0], false, out value))
                {
                    for (var j = 1; j < path.Length; j++)
                    {
                        if (value is null || !ValueAccess.TryGetMember(value, path[j], false, out value))
                        {
                            value = null;
                            return true;
                        }
                    }

                    return true;
                }
            }

            value = null;
            return false;
        }

        for (var i = _count - 1; i >= 0; i--)
        {
            var current = Frame(i);
            var hit = false;
            var j = 0;

            // Fast paths: JSON objects and plain dictionaries without dotted keys, read without the general
            // type dispatch.
            while (current is JsonObject jo)
            {
                var step = ValueAccess.TryGetJsonObjectMember(jo, path[j], out var member);
                if (step < 0)
                {
                    break;
                }

                if (step == 0)
                {
                    current = null;
                    break;
                }

                if (++j == path.Length)
                {
                    value = normalize ? ValueAccess.Normalize(member) : member;
                    return true;
                }

                current = member is JsonValue ? ValueAccess.Normalize(member) : member;
            }

            while (current is not null && current.GetType() == typeof(Dictionary<string, object?>))
            {
                var step = ValueAccess.TryGetDictionaryMember((Dictionary<string, object?>)current, path[j], out var member);
                if (step < 0 || (step > 0 && member is Delegate))
                {
                    // Lambdas (called when they end a path) take the general path.
                    break;
                }

                if (step == 0)
                {
                    current = null;
                    break;
                }

                if (++j == path.Length)
                {
                    value = normalize ? ValueAccess.Normalize(member) : member;
                    return true;
                }

                current = ValueAccess.Normalize(member);
            }

            for (; j < path.Length && current is not null; j++)
            {
                if (!ValueAccess.TryGetMember(current, path[j], true, out var next))
                {
                    current = null;
                    break;
                }

                hit = j == path.Length - 1;
                current = next;
            }

            if (hit)
            {
                value = current is Delegate and Func<object?> f ? f() : current;
                return true;
            }
        }

        value = null;
        return false;
    }

    private void RenderPartial(Node node)
    {
        var template = ResolvePartial(node);
        if (template is null)
        {
            return;
        }

        Enter();
        RenderNodes(template.Root);
        Exit();
    }

    private MustacheTemplate? ResolvePartial(Node node)
    {
        string? name;
        if (node.Dynamic)
        {
            Lookup(node.Path, out var value);
            name = value is null ? null : ToText(value);
        }
        else
        {
            name = node.Text;
        }

        if (name is null || _partials is null || !_partials.TryGetValue(name, out var source) || source is null)
        {
            return null;
        }

        return TemplateCache.Shared.GetOrParse(source, _kibana, "{{", "}}", node.Indent);
    }

    private void RenderBlock(Node node)
    {
        if (_blocks is not null && _blocks.TryGetValue(node.Text, out var argument))
        {
            var start = _out.Length;
            Enter();
            RenderNodes(argument.Children);
            Exit();
            Reindent(start, argument.Indent, node.Indent, node.Standalone, node.LineHadNewline);
            return;
        }

        RenderNodes(node.Children);
    }

    private void RenderParent(Node node)
    {
        var template = ResolvePartial(node);
        if (template is null)
        {
            return;
        }

        var saved = _blocks;
        Dictionary<string, Node>? scope = null;
        foreach (var child in node.Children)
        {
            if (child.Kind == NodeKind.Block && (saved is null || !saved.ContainsKey(child.Text)))
            {
                scope ??= saved is null ? new(StringComparer.Ordinal) : new(saved, StringComparer.Ordinal);
                scope.TryAdd(child.Text, child);
            }
        }

        _blocks = scope ?? saved;
        Enter();
        try
        {
            RenderNodes(template.Root);
        }
        finally
        {
            Exit();
            _blocks = saved;
        }
    }

    /// <summary>Block indentation is removed at the site of definition and added at the site of expansion.</summary>
    private void Reindent(int start, string definitionIndent, string siteIndent, bool standalone, bool hadNewline)
    {
        var length = _out.Length - start;
        if (length == 0 || (definitionIndent.Length == 0 && siteIndent.Length == 0 && !(standalone && hadNewline)))
        {
            return;
        }

        var copy = _out.Written[start..].ToString();
        _out.Truncate(start);
        var text = copy.AsSpan();
        var first = true;
        while (text.Length > 0)
        {
            var nl = text.IndexOf('\n');
            var line = nl < 0 ? text : text[..(nl + 1)];
            text = text[line.Length..];
            if (!first || standalone)
            {
                _out.Append(siteIndent);
            }

            if (line.StartsWith(definitionIndent, StringComparison.Ordinal))
            {
                line = line[definitionIndent.Length..];
            }

            _out.Append(line);
            first = false;
        }

        if (standalone && hadNewline && !copy.EndsWith('\n'))
        {
            _out.Append('\n');
        }
    }
}
