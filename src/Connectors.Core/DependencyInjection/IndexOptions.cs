namespace Connectors;

/// <summary>
/// Credentials for the <c>.index</c> connector's Elasticsearch cluster, whose URL is <c>ServiceUrls[".index"]</c>
/// (Kibana writes with the caller's scoped client; an embedded host names its own). Never logged.
/// </summary>
public sealed class IndexOptions
{
    /// <summary>An API key (the base64 <c>id:api_key</c> value), sent as <c>Authorization: ApiKey …</c>; wins over basic credentials.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A user name for basic authentication.</summary>
    public string? Username { get; set; }

    /// <summary>The password for basic authentication.</summary>
    public string? Password { get; set; }
}
