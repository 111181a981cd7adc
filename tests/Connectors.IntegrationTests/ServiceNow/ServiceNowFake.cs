using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Http;

namespace Connectors.IntegrationTests.ServiceNow;

/// <summary>
/// A ServiceNow instance as far as the connectors need it: the Table API (create, patch, get, query by
/// correlation id), the Elastic app's Import Set API (u_ fields, coalescing on correlation id, elastic_incident_id
/// updates), the health endpoint, sys_dictionary / sys_choice, SecOps observables, ITOM events, basic auth, and
/// <c>oauth_token.do</c> verifying the JWT assertion with the public key.
/// </summary>
internal sealed class ServiceNowFake
{
    public const string User = "elastic-user";
    public const string Password = "sn-PASSWORD-secret";
    public const string ClientId = "client-id-1";
    public const string ClientSecret = "client-SECRET-value";
    public const string KeyId = "kid-1";
    public const string UserIdentifier = "jwt-user@example.com";

    private static readonly Dictionary<string, string> ImportTables = new()
    {
        ["x_elas2_inc_int_elastic_incident"] = "incident",
        ["x_elas2_sir_int_elastic_si_incident"] = "sn_si_incident",
    };

    private readonly object gate = new();
    private readonly HashSet<string> issuedTokens = [];
    private int sequence;
    private int seconds;

    public ServiceNowFake(RSA? publicKey = null) => PublicKey = publicKey;

    public RSA? PublicKey { get; }

    /// <summary>Incidents per table, in creation order.</summary>
    public Dictionary<string, List<JsonObject>> Tables { get; } = new() { ["incident"] = [], ["sn_si_incident"] = [] };

    /// <summary>Work notes per sys_id, in order.</summary>
    public Dictionary<string, List<string>> WorkNotes { get; } = [];

    public List<JsonNode> Observables { get; } = [];

    public List<JsonNode> Events { get; } = [];

    public List<JsonObject> Assertions { get; } = [];

    public int TokenRequests { get; private set; }

    public int TokenLifetimeSeconds { get; set; } = 1800;

    /// <summary>Answers 200 with an HTML page, as a hibernating developer instance does.</summary>
    public bool Hibernating { get; set; }

    public JsonObject Incident(int index = 0, string table = "incident") => Tables[table][index];

    /// <summary>Tokens issued so far stop being accepted.</summary>
    public void RevokeTokens()
    {
        lock (gate)
        {
            issuedTokens.Clear();
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = LoopbackServer.Recorded(context);
        var (status, body) = Handle(request);
        context.Response.StatusCode = status;
        context.Response.ContentType = Hibernating ? "text/html" : "application/json";
        await context.Response.WriteAsync(Hibernating ? "<html>Your instance is hibernating</html>" : body.ToJsonString());
    }

    private (int, JsonNode) Handle(RecordedRequest request)
    {
        lock (gate)
        {
            if (request.Path == "/oauth_token.do")
            {
                return Token(request);
            }

            if (!Authorized(request.Header("Authorization")))
            {
                return (401, Error("User Not Authenticated", "Required to provide Auth information"));
            }

            var segments = request.Path.Trim('/').Split('/');
            var query = Uri.UnescapeDataString(request.QueryString.TrimStart('?'));
            JsonObject? body = request.Body.Length > 0 ? JsonNode.Parse(request.Body) as JsonObject : null;
            switch (request.Method, segments)
            {
                case ("GET", [.., "elastic_api", "health"]):
                    return (200, new JsonObject { ["result"] = new JsonObject { ["name"] = "Elastic", ["scope"] = segments[1], ["version"] = "1.0.2" } });
                case ("POST", ["api", "now", "v2", "table", var table]):
                    return (201, new JsonObject { ["result"] = Create(table, body!) });
                case ("PATCH", ["api", "now", "v2", "table", var table, var id]):
                    return Find(table, id) is { } found ? (200, new JsonObject { ["result"] = Update(found, body!) }) : NotFound();
                case ("GET", ["api", "now", "v2", "table", var table, var id]):
                    return Find(table, id) is { } incident ? (200, new JsonObject { ["result"] = incident.DeepClone() }) : NotFound();
                case ("GET", ["api", "now", "v2", "table", var table]):
                    var correlationId = query.Split("correlation_id=", 2)[1];
                    return (200, new JsonObject
                    {
                        ["result"] = new JsonArray([.. Tables[table].Where(i => (string?)i["correlation_id"] == correlationId).Reverse().Select(i => i.DeepClone())]),
                    });
                case ("POST", ["api", "now", "import", var importTable]):
                    return (201, Import(ImportTables[importTable], body!));
                case ("GET", ["api", "now", "table", "sys_dictionary"]):
                    return (200, JsonNode.Parse("""{"result":[{"column_label":"Short description","mandatory":"false","max_length":"160","element":"short_description"}]}""")!);
                case ("GET", ["api", "now", "table", "sys_choice"]):
                    return (200, JsonNode.Parse("""{"result":[{"label":"1 - Critical","value":"1","dependent_value":"","element":"severity"}]}""")!);
                case ("POST", ["api", "x_elas2_sir_int", "elastic_api", "incident", _, "observables", "bulk"]):
                    Observables.Add(JsonNode.Parse(request.Body)!);
                    return (200, new JsonObject { ["result"] = new JsonArray() });
                case ("POST", ["api", "global", "em", "jsonv2"]):
                    Events.Add(body!);
                    return (200, new JsonObject { ["result"] = new JsonObject { ["Default Bulk Endpoint"] = "1 events were inserted" } });
                default:
                    return (400, Error("Invalid path", request.Path));
            }
        }
    }

    private static JsonObject Error(string message, string detail) =>
        new() { ["error"] = new JsonObject { ["message"] = message, ["detail"] = detail }, ["status"] = "failure" };

    private static (int, JsonNode) NotFound() => (404, Error("No Record found", "Record doesn't exist or ACL restricts the record retrieval"));

    private JsonObject? Find(string table, string id) => Tables[table].FirstOrDefault(i => (string?)i["sys_id"] == id);

    private string Now() => new DateTime(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc).AddSeconds(seconds++).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private JsonObject Create(string table, JsonObject fields)
    {
        var n = ++sequence;
        var now = Now();
        var incident = new JsonObject
        {
            ["sys_id"] = $"{n:x32}",
            ["number"] = (table == "incident" ? "INC" : "SIR") + (10000 + n).ToString(CultureInfo.InvariantCulture),
            ["state"] = "1",
            ["sys_created_on"] = now,
            ["sys_updated_on"] = now,
        };
        Tables[table].Add(incident);
        WorkNotes[(string)incident["sys_id"]!] = [];
        Apply(incident, fields);
        return (JsonObject)incident.DeepClone();
    }

    private JsonObject Update(JsonObject incident, JsonObject fields)
    {
        incident["sys_updated_on"] = Now();
        Apply(incident, fields);
        return (JsonObject)incident.DeepClone();
    }

    private void Apply(JsonObject incident, JsonObject fields)
    {
        foreach (var (key, value) in fields)
        {
            if (key == "work_notes")
            {
                if (value is not null)
                {
                    WorkNotes[(string)incident["sys_id"]!].Add((string)value!);
                }
            }
            else if (key is not ("sys_id" or "number" or "sys_created_on" or "sys_updated_on"))
            {
                incident[key] = value?.DeepClone();
            }
        }
    }

    /// <summary>The Elastic app's transform: u_ fields to the target table, coalescing on correlation id, or the given elastic_incident_id.</summary>
    private JsonObject Import(string table, JsonObject row)
    {
        var fields = new JsonObject();
        string? target = null;
        foreach (var (key, value) in row)
        {
            if (key == "elastic_incident_id")
            {
                target = (string?)value;
            }
            else
            {
                fields[key.StartsWith("u_", StringComparison.Ordinal) ? key[2..] : key] = value?.DeepClone();
            }
        }

        var correlationId = (string?)fields["correlation_id"];
        var existing = target is not null
            ? Find(table, target)
            : correlationId is null ? null : Tables[table].LastOrDefault(i => (string?)i["correlation_id"] == correlationId && (string?)i["state"] != "7");
        var result = existing is null ? Create(table, fields) : Update(existing, fields);
        return new JsonObject
        {
            ["import_set"] = "ISET0010001",
            ["staging_table"] = "x_elas2_inc_int_elastic_incident",
            ["result"] = new JsonArray(new JsonObject
            {
                ["transform_map"] = "Elastic Incident",
                ["table"] = table,
                ["display_name"] = "number",
                ["display_value"] = result["number"]?.DeepClone(),
                ["status"] = existing is null ? "inserted" : "updated",
                ["sys_id"] = result["sys_id"]?.DeepClone(),
            }),
        };
    }

    private bool Authorized(string? header) => header switch
    {
        null => false,
        _ when header.StartsWith("Basic ", StringComparison.Ordinal) =>
            Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])) == $"{User}:{Password}",
        _ when header.StartsWith("Bearer ", StringComparison.Ordinal) => issuedTokens.Contains(header[7..]),
        _ => false,
    };

    /// <summary>The JWT bearer grant: form fields, client credentials, RS256 signature with the public key, kid, sub, iss, aud, exp.</summary>
    private (int, JsonNode) Token(RecordedRequest request)
    {
        TokenRequests++;
        var form = request.BodyText.Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        if (request.Header("Content-Type") != "application/x-www-form-urlencoded; charset=UTF-8"
            || form.GetValueOrDefault("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer"
            || form.GetValueOrDefault("client_id") != ClientId
            || form.GetValueOrDefault("client_secret") != ClientSecret)
        {
            return (401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "Client authentication failed" });
        }

        var parts = form["assertion"].Split('.');
        var header = JsonNode.Parse(Base64UrlDecode(parts[0]))!.AsObject();
        var claims = JsonNode.Parse(Base64UrlDecode(parts[1]))!.AsObject();
        Assertions.Add(new JsonObject { ["header"] = header.DeepClone(), ["claims"] = claims.DeepClone() });
        var valid = PublicKey!.VerifyData(
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64UrlDecode(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (!valid || (string?)header["alg"] != "RS256" || (string?)header["kid"] != KeyId
            || (string?)claims["sub"] != UserIdentifier || (string?)claims["iss"] != ClientId || (string?)claims["aud"] != ClientId
            || claims["exp"]!.GetValue<long>() <= claims["iat"]!.GetValue<long>())
        {
            return (401, new JsonObject { ["error"] = "access_denied", ["error_description"] = "Invalid JWT assertion" });
        }

        var token = "tok-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        issuedTokens.Add(token);
        return (200, new JsonObject { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = TokenLifetimeSeconds, ["scope"] = "useraccount" });
    }

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
