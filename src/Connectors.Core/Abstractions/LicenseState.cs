namespace Connectors;

/// <summary>The state of the current license.</summary>
public enum LicenseState
{
    /// <summary>The license is active.</summary>
    Active,

    /// <summary>The license has expired.</summary>
    Expired,

    /// <summary>No license information is available at this time.</summary>
    Unavailable,
}
