using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Connectors.ConnectorTypes.Mcp;

/// <summary>
/// <c>.mcp</c>: a Model Context Protocol client over Streamable HTTP (the official SDK), as a sub-action connector.
/// <c>test</c> connects and returns the server's capabilities; <c>listTools</c> lists every tool (cached 15 minutes per
/// connector and settings); <c>callTool</c> calls one and returns its text content. Each operation opens its own session
/// and closes it afterwards; all traffic goes through the connector's HTTP client.
/// </summary>
internal sealed class McpConnector : IConnectorExecutor
{
    public const string TypeId = ".mcp";

    private readonly McpToolsCache toolsCache = new();
    private readonly SubActionSet<McpCall> subActions;

    public McpConnector()
    {
        subActions = new SubActionSet<McpCall>(TypeId, "MCP")
            .Add("test", McpJsonContext.Default.McpTestParams, TestAsync)
            .Add("listTools", McpJsonContext.Default.JsonObject, ListToolsAsync)
            .Add("callTool", McpJsonContext.Default.JsonObject, CallToolAsync);
    }

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "MCP",
        MinimumLicenseRequired = LicenseLevel.Enterprise,
        SupportedFeatureIds =
        [
            ConnectorFeatureIds.GenerativeAIForSecurity,
            ConnectorFeatureIds.GenerativeAIForSearchPlayground,
            ConnectorFeatureIds.GenerativeAIForObservability,
            ConnectorFeatureIds.Workflows,
        ],
        Config = McpSchemas.Config,
        Secrets = McpSchemas.Secrets,
        Params = SubActionEnvelopeSchema.Instance,
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.GetConfig<McpConfig>();
        var call = new McpCall(context, config, new McpHeaders(config, context.GetSecrets<McpSecrets>()));
        return subActions.ExecuteAsync(context, call, context.GetParams<SubActionEnvelope>(), cancellationToken);
    }

    /// <summary><c>test</c>: connect, then <c>{connected: true, capabilities}</c>.</summary>
    private static async ValueTask<JsonNode?> TestAsync(McpCall call, McpTestParams p, CancellationToken cancellationToken) =>
        await McpSession.RunAsync(
            call,
            (client, _) => Task.FromResult<JsonNode?>(new JsonObject
            {
                ["connected"] = true,
                ["capabilities"] = ToNode(client.ServerCapabilities),
            }),
            cancellationToken).ConfigureAwait(false);

    /// <summary><c>listTools</c>: the cached list unless <c>forceRefresh</c>; else every page of <c>tools/list</c>.</summary>
    private async ValueTask<JsonNode?> ListToolsAsync(McpCall call, JsonObject raw, CancellationToken cancellationToken)
    {
        var p = McpSchemas.Bind<McpListToolsParams>(McpSchemas.ListTools, raw, call.Context.Policy);
        var key = McpToolsCache.KeyOf(call.Context.ConnectorId, call.Headers);
        if (p.ForceRefresh != true && toolsCache.Get(key, call.Context.TimeProvider.GetUtcNow()) is { } cached)
        {
            return cached;
        }

        var result = await McpSession.RunAsync(
            call,
            async (client, ct) =>
            {
                var tools = await client.ListToolsAsync(cancellationToken: ct).ConfigureAwait(false);
                var list = new JsonArray();
                foreach (var tool in tools)
                {
                    // Kibana's McpClient maps each tool to {description, inputSchema, name} (description dropped when absent).
                    var item = new JsonObject();
                    if (tool.ProtocolTool.Description is { } description)
                    {
                        item["description"] = description;
                    }

                    item["inputSchema"] = JsonNode.Parse(tool.ProtocolTool.InputSchema.GetRawText());
                    item["name"] = tool.ProtocolTool.Name;
                    list.Add(item);
                }

                return new JsonObject { ["tools"] = list };
            },
            cancellationToken).ConfigureAwait(false);
        toolsCache.Set(key, result, call.Context.TimeProvider.GetUtcNow());
        return result;
    }

    /// <summary>
    /// <c>callTool</c>: <c>tools/call</c>, answering <c>{content: [text parts]}</c> as Kibana's McpClient does (other
    /// content kinds dropped); a result with <c>isError</c> fails with the tool's text.
    /// </summary>
    private static async ValueTask<JsonNode?> CallToolAsync(McpCall call, JsonObject raw, CancellationToken cancellationToken)
    {
        var p = McpSchemas.Bind<McpCallToolParams>(McpSchemas.CallTool, raw, call.Context.Policy);
        Dictionary<string, object?>? arguments = null;
        if (p.Arguments is { } given)
        {
            arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (name, value) in given)
            {
                arguments[name] = value is null ? null : JsonSerializer.SerializeToElement(value, McpJsonContext.Default.JsonNode);
            }
        }

        var result = await McpSession.RunAsync(
            call,
            (client, ct) => client.CallToolAsync(p.Name, arguments, cancellationToken: ct).AsTask(),
            cancellationToken).ConfigureAwait(false);
        var texts = result.Content.OfType<TextContentBlock>().ToList();
        if (result.IsError == true)
        {
            var shownArguments = p.Arguments is null ? "undefined" : p.Arguments.ToJsonString(HttpResults.JsonOptions);
            throw new SubActionException(call.Headers.Scrub(
                $"Error calling tool '{p.Name}' with arguments '{shownArguments}': {string.Join('\n', texts.Select(t => t.Text))}"));
        }

        var content = new JsonArray();
        foreach (var text in texts)
        {
            content.Add(ToNode<ContentBlock>(text));
        }

        return new JsonObject { ["content"] = content };
    }

    private static JsonNode? ToNode<T>(T? value) =>
        value is null ? null : JsonSerializer.SerializeToNode(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(T)));
}
