namespace Connectors;

/// <summary>
/// A license level, in Kibana's order: <c>basic &lt; standard &lt; gold &lt; platinum &lt; enterprise &lt; trial</c>.
/// </summary>
public enum LicenseLevel
{
    /// <summary>The free basic license.</summary>
    Basic = 10,

    /// <summary>The standard license.</summary>
    Standard = 20,

    /// <summary>The gold license.</summary>
    Gold = 30,

    /// <summary>The platinum license.</summary>
    Platinum = 40,

    /// <summary>The enterprise license.</summary>
    Enterprise = 50,

    /// <summary>The trial license, which allows everything.</summary>
    Trial = 60,
}
