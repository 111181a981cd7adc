using Microsoft.Extensions.Options;

namespace Connectors.Internal;

/// <summary>Kibana's license and enabled-type checks, with its refusal texts.</summary>
internal sealed class LicenseGate(IOptionsMonitor<ConnectorsOptions> options, ConnectorPolicy policy, ILicenseProvider? licenseProvider = null)
{
    private static readonly Dictionary<LicenseLevel, LicenseInfo> Active =
        Enum.GetValues<LicenseLevel>().ToDictionary(level => level, level => new LicenseInfo(level));

    public LicenseInfo Current => licenseProvider?.GetLicense() ?? Active[options.CurrentValue.License];

    /// <summary>Kibana's <c>isLicenseValidForActionType</c>: the refusal text, or <see langword="null"/> when valid.</summary>
    public string? CheckLicense(ConnectorTypeDefinition type)
    {
        var license = Current;
        return license.State switch
        {
            LicenseState.Unavailable =>
                $"Action type {type.Id} is disabled because license information is not available at this time.",
            LicenseState.Expired =>
                $"Action type {type.Id} is disabled because your {Name(license.Level)} license has expired.",
            _ when license.Level < type.MinimumLicenseRequired =>
                $"Action type {type.Id} is disabled because your {Name(license.Level)} license does not support it. Please upgrade your license.",
            _ => null,
        };
    }

    /// <summary>Config first, then license (Kibana's <c>ensureActionTypeEnabled</c>).</summary>
    public void EnsureEnabled(ConnectorTypeDefinition type, bool bypassConfig = false)
    {
        if (!bypassConfig && !policy.IsConnectorTypeEnabled(type.Id))
        {
            throw new ConnectorForbiddenException(
                $"action type \"{type.Id}\" is not enabled in the Kibana config xpack.actions.enabledActionTypes");
        }

        if (CheckLicense(type) is { } refusal)
        {
            throw new ConnectorForbiddenException(refusal);
        }
    }

    public static string Name(LicenseLevel level) => level.ToString().ToLowerInvariant();
}
