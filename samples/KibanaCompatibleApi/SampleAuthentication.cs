using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KibanaCompatibleApi;

/// <summary>
/// The two schemes Kibana's API accepts: <c>Authorization: ApiKey &lt;key&gt;</c> and <c>Authorization: Basic …</c>, with
/// keys and users from configuration (<c>Auth:ApiKeys</c>, <c>Auth:Users</c>). A sample only: use a real identity store.
/// </summary>
internal sealed class SampleAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string ApiKey = "ApiKey";
    public const string Basic = "Basic";
    public const string PrivilegeClaim = "kibana_privilege";

    /// <summary>Picks the scheme from the Authorization header.</summary>
    public static string? SelectScheme(HttpContext context) =>
        AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
            && header.Scheme.Equals(Basic, StringComparison.OrdinalIgnoreCase)
            ? Basic
            : ApiKey;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !header.Scheme.Equals(Scheme.Name, StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(header.Parameter))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var (user, privilege) = Scheme.Name == ApiKey ? FromApiKey(header.Parameter) : FromBasic(header.Parameter);
        if (user is null || privilege is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("invalid credentials"));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user), new Claim(PrivilegeClaim, privilege)],
            Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    /// <summary>
    /// A 401 names the scheme, as Elasticsearch does: <c>WWW-Authenticate: ApiKey</c> and
    /// <c>WWW-Authenticate: Basic realm="kibana", charset="UTF-8"</c> (appended, so both schemes can challenge).
    /// </summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(
            Microsoft.Net.Http.Headers.HeaderNames.WWWAuthenticate,
            Scheme.Name == Basic ? "Basic realm=\"kibana\", charset=\"UTF-8\"" : ApiKey);
        return Task.CompletedTask;
    }

    private (string? User, string? Privilege) FromApiKey(string key) =>
        configuration[$"Auth:ApiKeys:{key}"] is { } privilege ? ("api-key", privilege) : (null, null);

    private (string? User, string? Privilege) FromBasic(string encoded)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return (null, null);
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return (null, null);
        }

        var user = decoded[..colon];
        var section = configuration.GetSection($"Auth:Users:{user}");
        return section["Password"] is { } password
            && CryptographicEquals(password, decoded[(colon + 1)..])
            ? (user, section["Privilege"])
            : (null, null);
    }

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
