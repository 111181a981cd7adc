using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Connectors.Storage.Tests;

/// <summary>Several processes on one SQLite file, through the child process in <c>tests/Connectors.Storage.TestHelper</c>.</summary>
public sealed class SqliteMultiProcessTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task TwoProcessesIncrementingOneConnector_LoseNoUpdate()
    {
        using (var store = database.CreateStore())
        {
            await store.CreateAsync(new ConnectorRecord
            {
                Id = "counter",
                SpaceId = "default",
                Name = "counter",
                ConnectorTypeId = ".server-log",
                Config = new JsonObject { ["count"] = 0 },
                Secrets = [],
            });
        }

        const int PerProcess = 40;
        using var first = StartHelper("increment", PerProcess.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var second = StartHelper("increment", PerProcess.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Task.WhenAll(WaitAsync(first), WaitAsync(second));

        using var reader = database.CreateStore();
        var final = (await reader.GetAsync("default", "counter"))!;
        Assert.Equal(2 * PerProcess, final.Config["count"]!.GetValue<int>());
        Assert.Equal(1 + (2 * PerProcess), final.Version);
    }

    [Fact]
    public async Task ProcessKilledMidWrite_LosesNothingAcknowledged()
    {
        using var writer = StartHelper("create-forever", "k");
        var acknowledged = -1;
        while (acknowledged < 30 && await writer.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("ack ", StringComparison.Ordinal))
            {
                acknowledged = int.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        writer.Kill(entireProcessTree: true);
        await writer.WaitForExitAsync();
        Assert.True(acknowledged >= 30, "the helper acknowledged fewer writes than expected: " + await writer.StandardError.ReadToEndAsync());

        using var reader = database.CreateStore();
        var records = await reader.ListAsync("default");
        var ids = records.Select(r => r.Id).ToHashSet();
        for (var n = 0; n <= acknowledged; n++)
        {
            Assert.Contains("k" + n, ids);
        }

        Assert.All(records, r => Assert.False(r.IsMissingSecrets));
        Assert.Equal("secret-0", records.Single(r => r.Id == "k0").Secrets["token"]!.GetValue<string>());
    }

    private static async Task WaitAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"helper exited {process.ExitCode}: {await output} {await error}");
    }

    private Process StartHelper(string command, string argument)
    {
        // The helper is built beside this project (same configuration and framework): swap the project folder name.
        var baseDirectory = AppContext.BaseDirectory;
        var helper = Path.Combine(
            baseDirectory.Replace(
                $"{Path.DirectorySeparatorChar}Connectors.Storage.Tests{Path.DirectorySeparatorChar}",
                $"{Path.DirectorySeparatorChar}Connectors.Storage.TestHelper{Path.DirectorySeparatorChar}",
                StringComparison.Ordinal),
            "Connectors.Storage.TestHelper.dll");
        Assert.True(File.Exists(helper), "the test helper was not built at " + helper);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { helper, command, database.FilePath, TestKeys.Current, argument })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
