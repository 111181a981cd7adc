// The audit-log pattern: an .index connector writes every alert it is given to an index, so that there is a
// searchable record of what fired. Without ServiceUrls[".index"] the index is the in-memory one, which this demo
// reads back and prints; with a cluster URL the same code writes to Elasticsearch's _bulk API.
using System.Text.Json.Nodes;
using Connectors;
using Microsoft.Extensions.DependencyInjection;

namespace Quickstart;

/// <summary>Writes an alert to an audit index through an <c>.index</c> connector, then prints what was indexed.</summary>
public static class AuditLogDemo
{
    /// <summary>Runs the demo against a provider built with <c>AddConnectors()</c>.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="output">Where to print; the console when <see langword="null"/>.</param>
    /// <returns>The execution result.</returns>
    public static async Task<ConnectorResult> RunAsync(IServiceProvider services, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        output ??= Console.Out;
        var connectors = services.GetRequiredService<IConnectorRegistry>();

        var audit = await connectors.CreateAsync(new CreateConnectorRequest
        {
            Name = "Alert audit log",
            ConnectorTypeId = ".index",
            Config = new JsonObject { ["index"] = "alerts-audit", ["executionTimeField"] = "@timestamp" },
        });

        // The document is a template: every string is rendered with the alert's variables.
        var result = await connectors.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = audit.Id,
            Params = new JsonObject
            {
                ["documents"] = new JsonArray(new JsonObject
                {
                    ["rule"] = "{{rule.name}}",
                    ["alert"] = "{{alert.id}}",
                    ["host"] = "{{context.host}}",
                    ["message"] = "{{context.message}}",
                }),
            },
            Variables = new
            {
                rule = new { name = "CPU above 90%" },
                alert = new { id = "cpu-web-01" },
                context = new { host = "web-01", message = "CPU at 97% for 5 minutes" },
            },
        });

        await output.WriteLineAsync($"Audit log: {result.Status} {result.Message ?? string.Empty}");
        var index = services.GetRequiredService<InMemoryIndexDocumentWriter>();
        foreach (var document in index.GetDocuments("alerts-audit"))
        {
            await output.WriteLineAsync($"  {document.Index}/{document.Id} {document.Source.ToJsonString()}");
        }

        return result;
    }
}
