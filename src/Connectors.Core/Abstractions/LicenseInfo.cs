namespace Connectors;

/// <summary>The current license: its level and state.</summary>
/// <param name="Level">The license level.</param>
/// <param name="State">Whether it is active, expired or unavailable.</param>
public sealed record LicenseInfo(LicenseLevel Level, LicenseState State = LicenseState.Active);
