namespace Connectors;

/// <summary>
/// Optional: tells the current license. Without one, <see cref="ConnectorsOptions.License"/> is used, always active.
/// </summary>
public interface ILicenseProvider
{
    /// <summary>Gets the current license. Called on every check, so it should be cheap.</summary>
    /// <returns>The license.</returns>
    LicenseInfo GetLicense();
}
