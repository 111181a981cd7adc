namespace Connectors;

/// <summary>A registered connector type and whether it may be used, as Kibana's connector-types list reports it.</summary>
public sealed record ConnectorTypeInfo
{
    /// <summary>The type id, for example <c>.slack</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The display name.</summary>
    public required string Name { get; init; }

    /// <summary>Enabled in configuration and in the license.</summary>
    public bool Enabled { get; init; }

    /// <summary>Listed in <see cref="ConnectorsOptions.EnabledConnectorTypes"/>.</summary>
    public bool EnabledInConfig { get; init; }

    /// <summary>The current license is valid and sufficient for the type.</summary>
    public bool EnabledInLicense { get; init; }

    /// <summary>The minimum license level the type requires.</summary>
    public LicenseLevel MinimumLicenseRequired { get; init; }

    /// <summary>The features (alerting, cases, siem, …) the type supports.</summary>
    public IReadOnlyList<string> SupportedFeatureIds { get; init; } = [];

    /// <summary>Whether this is a system action type.</summary>
    public bool IsSystemActionType { get; init; }
}
