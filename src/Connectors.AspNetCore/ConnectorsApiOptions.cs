namespace Connectors;

/// <summary>
/// Options of the Kibana-compatible REST API that <c>MapConnectorsApi()</c> serves: who may call it. Authentication
/// is the host's (its ASP.NET Core schemes); authorization uses the host's policies, one for Kibana's read privilege
/// and one for its all privilege.
/// </summary>
public sealed class ConnectorsApiOptions
{
    /// <summary>
    /// Whether every route needs an authenticated user. Without one the API answers 401 with Kibana's body, after letting
    /// the host's authentication handlers challenge (so they add their <c>WWW-Authenticate</c> header), as ASP.NET Core's
    /// authorization middleware does: the schemes named by the route's policy (<see cref="ReadPolicy"/> or
    /// <see cref="AllPolicy"/>), else the default challenge scheme. A handler that redirects keeps its own response.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RequireAuthentication { get; set; } = true;

    /// <summary>
    /// The authorization policy for reading connectors (get, get all). <see langword="null"/>: any authenticated user
    /// may read. A refusal is a 403 with Kibana's text, for example <c>Unauthorized to get actions</c>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? ReadPolicy { get; set; }

    /// <summary>
    /// The authorization policy for changing and executing connectors (create, update, delete, execute).
    /// <see langword="null"/>: any authenticated user may. A refusal is a 403 with Kibana's text, for example
    /// <c>Unauthorized to create a ".webhook" action</c>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? AllPolicy { get; set; }
}
