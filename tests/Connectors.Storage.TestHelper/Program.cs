// A child process for the SQLite multi-process tests. Usage:
//   increment <db file> <key> <count>  adds 1 to connector "counter"'s config.count <count> times (read, update, retry on conflict)
//   create-forever <db file> <key> <prefix>  creates connectors <prefix>0, <prefix>1, … and prints "ack N" once each is stored
using System.Text.Json.Nodes;
using Connectors;
using Microsoft.Extensions.DependencyInjection;

var (command, file, key) = (args[0], args[1], args[2]);
var services = new ServiceCollection();
services.AddConnectors().UseSqliteStore($"Data Source={file}", o => o.Encryption.Key = key);
await using var provider = services.BuildServiceProvider();
var store = provider.GetRequiredService<IConnectorStore>();

switch (command)
{
    case "increment":
        var count = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            while (true)
            {
                var current = (await store.GetAsync("default", "counter"))!;
                var value = current.Config["count"]!.GetValue<int>();
                try
                {
                    await store.UpdateAsync(current with { Config = new JsonObject { ["count"] = value + 1 } }, current.Version);
                    break;
                }
                catch (ConnectorConflictException)
                {
                    // Another writer won: read again.
                }
            }
        }

        Console.WriteLine("done");
        return 0;

    case "create-forever":
        var prefix = args[3];
        for (var n = 0; ; n++)
        {
            await store.CreateAsync(new ConnectorRecord
            {
                Id = prefix + n,
                SpaceId = "default",
                Name = "n" + n,
                ConnectorTypeId = ".server-log",
                Config = new JsonObject { ["n"] = n, ["padding"] = new string('x', 2000) },
                Secrets = new JsonObject { ["token"] = "secret-" + n },
            });
            Console.WriteLine($"ack {n}");
            Console.Out.Flush();
        }

    default:
        Console.Error.WriteLine("unknown command " + command);
        return 2;
}
