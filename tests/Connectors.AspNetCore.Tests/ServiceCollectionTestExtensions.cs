using Microsoft.Extensions.DependencyInjection;

namespace Connectors.AspNetCore.Tests;

internal static class ServiceCollectionTestExtensions
{
    public static IServiceCollection AddSingletonReferenceSource(this IServiceCollection services, IConnectorReferenceSource source) =>
        services.AddSingleton(source);
}
