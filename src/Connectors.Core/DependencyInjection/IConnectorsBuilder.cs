using Microsoft.Extensions.DependencyInjection;

namespace Connectors;

/// <summary>The handle <c>AddConnectors()</c> returns, for adding connector types and replacing services.</summary>
public interface IConnectorsBuilder
{
    /// <summary>The service collection.</summary>
    IServiceCollection Services { get; }
}
