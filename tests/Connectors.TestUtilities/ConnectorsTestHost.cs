using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.TestUtilities;

/// <summary>A service provider with Connectors.Core, a <see cref="FakeLogger"/> collector and optionally a fake clock.</summary>
public sealed class ConnectorsTestHost : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private ConnectorsTestHost(ServiceProvider provider, FakeLogCollector logs, FakeTimeProvider? time)
    {
        this.provider = provider;
        Logs = logs;
        Time = time;
    }

    /// <summary>Every log record written.</summary>
    public FakeLogCollector Logs { get; }

    /// <summary>The fake clock, when one was asked for.</summary>
    public FakeTimeProvider? Time { get; }

    /// <summary>The services.</summary>
    public IServiceProvider Services => provider;

    /// <summary>The registry.</summary>
    public IConnectorRegistry Registry => provider.GetRequiredService<IConnectorRegistry>();

    /// <summary>The event log.</summary>
    public IConnectorEventLog EventLog => provider.GetRequiredService<IConnectorEventLog>();

    /// <summary>Builds a host.</summary>
    public static ConnectorsTestHost Create(
        Action<ConnectorsOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        bool fakeTime = false)
    {
        var collection = new ServiceCollection();
        var logs = new FakeLogCollector();
        collection.AddSingleton(logs);
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        FakeTimeProvider? time = null;
        if (fakeTime)
        {
            time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.Zero };
            collection.AddSingleton<TimeProvider>(time);
        }

        collection.AddConnectors(configure);
        services?.Invoke(collection);
        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new ConnectorsTestHost(provider, logs, time);
    }

    /// <summary>Every log line, formatted.</summary>
    public string AllLogText() => string.Join("\n", Logs.GetSnapshot().Select(r => $"{r.Level} {r.Category} {r.Message} {r.Exception}"));

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => provider.DisposeAsync();
}
