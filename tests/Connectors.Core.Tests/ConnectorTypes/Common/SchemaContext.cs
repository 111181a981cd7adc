using Microsoft.Extensions.Options;

namespace Connectors.Core.Tests.ConnectorTypes;

/// <summary>A validation context with default options (every host allowed).</summary>
internal static class SchemaContext
{
    public static ConnectorValidationContext Instance { get; } = new(new ConnectorPolicy(new StaticOptions(new ConnectorsOptions())));

    public static ConnectorValidationContext Allowing(params string[] hosts) =>
        new(new ConnectorPolicy(new StaticOptions(new ConnectorsOptions { AllowedHosts = hosts })));

    private sealed class StaticOptions(ConnectorsOptions value) : IOptionsMonitor<ConnectorsOptions>
    {
        public ConnectorsOptions CurrentValue => value;

        public ConnectorsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConnectorsOptions, string?> listener) => null;
    }
}
