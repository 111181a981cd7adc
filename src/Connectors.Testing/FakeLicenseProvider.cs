namespace Connectors.Testing;

/// <summary>An <see cref="ILicenseProvider"/> whose license a test sets and changes at will.</summary>
public sealed class FakeLicenseProvider : ILicenseProvider
{
    private volatile LicenseInfo license;

    /// <summary>Creates the provider.</summary>
    /// <param name="level">The license level.</param>
    /// <param name="state">The license state.</param>
    public FakeLicenseProvider(LicenseLevel level = LicenseLevel.Basic, LicenseState state = LicenseState.Active) =>
        license = new LicenseInfo(level, state);

    /// <summary>The current license.</summary>
    public LicenseInfo License
    {
        get => license;
        set => license = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Sets the current license.</summary>
    /// <param name="level">The license level.</param>
    /// <param name="state">The license state.</param>
    public void Set(LicenseLevel level, LicenseState state = LicenseState.Active) => License = new LicenseInfo(level, state);

    /// <inheritdoc/>
    public LicenseInfo GetLicense() => license;
}
