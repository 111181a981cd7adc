// Connectors.Core quick start: configure from appsettings.json (shaped like kibana.yml's xpack.actions),
// create a connector, execute it, and print the results, the connector types and the event log.
using System.Text.Json.Nodes;
using Connectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quickstart;
using Samples;

await using var sink = await LoopbackSink.StartAsync();
var configuration = new ConfigurationBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
    .AddInMemoryCollection(new Dictionary<string, string?>
    {
        // Point the preconfigured webhook at the sink this sample started.
        ["Connectors:preconfigured:ops-webhook:config:url"] = sink.Url("/alerts"),
    })
    .Build();

// <quickstart>
var services = new ServiceCollection();
services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole());
services.AddConnectors(configuration.GetSection("Connectors"))   // shaped like kibana.yml's xpack.actions
    .UseSqliteStore($"Data Source={Path.Combine(AppContext.BaseDirectory, "quickstart-connectors.db")}",
        o => o.Encryption.Key = "quickstart-demo-key-never-use-in-production");  // connectors survive restarts
await using var provider = services.BuildServiceProvider();
var connectors = provider.GetRequiredService<IConnectorRegistry>();
foreach (var stored in (await connectors.ListAsync()).Where(c => !c.IsPreconfigured))
{
    Console.WriteLine($"Kept from an earlier run: {stored.Name} ({stored.Id})");
}

var hook = await connectors.CreateAsync(new CreateConnectorRequest
{
    Name = "Team hook",
    ConnectorTypeId = ".webhook",
    Config = new JsonObject { ["url"] = sink.Url("/team"), ["method"] = "put" },
    Secrets = new JsonObject { ["user"] = "alerts", ["password"] = "not-printed-anywhere" },
});
var result = await connectors.ExecuteAsync(new ExecuteRequest
{
    ConnectorId = hook.Id,
    Params = new JsonObject { ["body"] = """{"alert":"CPU above 90%","host":"web-01"}""" },
});
// </quickstart>

// The preconfigured connectors of appsettings.json run the same way, in every space.
var results = new[]
{
    result,
    await connectors.ExecuteAsync(new ExecuteRequest
    {
        ConnectorId = "ops-webhook",
        Params = new JsonObject { ["body"] = """{"alert":"disk full"}""" },
    }),
    await connectors.ExecuteAsync(new ExecuteRequest
    {
        ConnectorId = "ops-log",
        Params = new JsonObject { ["message"] = "CPU above 90% on web-01", ["level"] = "warn" },
    }),
};

Console.WriteLine("Results");
foreach (var r in results)
{
    Console.WriteLine($"  {r.ConnectorId,-38} {r.Status,-5} {r.Message ?? r.Data?.ToString() ?? string.Empty}");
}

Console.WriteLine();
Console.WriteLine("Requests the sink received");
foreach (var request in sink.Requests)
{
    Console.WriteLine($"  {request}");
}

Console.WriteLine();
Console.WriteLine("Audit log (.index into the in-memory index)");
var audit = await AuditLogDemo.RunAsync(provider);

Console.WriteLine();
Console.WriteLine("Connector types");
Console.WriteLine($"  {"id",-14} {"name",-12} {"license",-9} enabled");
foreach (var type in connectors.ListConnectorTypes())
{
    Console.WriteLine($"  {type.Id,-14} {type.Name,-12} {type.MinimumLicenseRequired,-9} {type.Enabled}");
}

Console.WriteLine();
Console.WriteLine("Event log");
var events = await provider.GetRequiredService<IConnectorEventLog>().QueryAsync(new ConnectorEventQuery());
foreach (var entry in events)
{
    Console.WriteLine($"  {entry.Timestamp:HH:mm:ss.fff} {entry.Action,-14} {entry.Outcome,-8} {entry.Message}");
}

return results.All(r => r.IsSuccess) && audit.IsSuccess ? 0 : 1;
