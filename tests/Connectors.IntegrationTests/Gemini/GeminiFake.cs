using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Connectors.IntegrationTests.Gemini;

/// <summary>
/// Google's token endpoint and Vertex AI on one loopback server: <c>POST /token</c> checks the form and the JWT
/// assertion (RS256, verified with the service account's public key) and issues <c>ya29.tok-N</c>; the model calls
/// need the last issued token as <c>Bearer</c> and get the scripted answers.
/// </summary>
internal sealed class GeminiFake(RSA publicKey)
{
    private readonly Queue<Func<HttpContext, Task>> script = new();

    public int TokenRequests { get; private set; }

    public List<JsonObject> Assertions { get; } = [];

    public List<string> Problems { get; } = [];

    public List<string> RawTargets { get; } = [];

    public string? CurrentToken { get; private set; }

    /// <summary>When set, the token endpoint answers this instead.</summary>
    public Func<HttpContext, Task>? TokenAnswer { get; set; }

    /// <summary>Released by the test between streamed events.</summary>
    public SemaphoreSlim Gate { get; } = new(0);

    public GeminiFake Then(params Func<HttpContext, Task>[] responders)
    {
        foreach (var responder in responders)
        {
            script.Enqueue(responder);
        }

        return this;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var recorded = LoopbackServer.Recorded(context);
        if (recorded.Path == "/token")
        {
            await TokenAsync(context, recorded);
            return;
        }

        RawTargets.Add(context.Features.Get<IHttpRequestFeature>()!.RawTarget);
        if (recorded.Header("Authorization") != $"Bearer {CurrentToken}")
        {
            Problems.Add($"bad Authorization: {recorded.Header("Authorization")}");
            await LoopbackServer.Json(401, "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\",\"status\":\"UNAUTHENTICATED\"}}")(context);
            return;
        }

        var responder = script.Count > 0 ? script.Dequeue() : LoopbackServer.Json(500, "{\"message\":\"no scripted answer\"}");
        await responder(context);
    }

    /// <summary>Writes the SSE events one by one, flushing each, waiting for <see cref="Gate"/> before every event after the first.</summary>
    public Func<HttpContext, Task> Stream(params string[] events) => async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        for (var i = 0; i < events.Length; i++)
        {
            if (i > 0)
            {
                await Gate.WaitAsync(context.RequestAborted);
            }

            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {events[i]}\r\n\r\n"), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    };

    public void RevokeTokens() => CurrentToken = "revoked";

    private async Task TokenAsync(HttpContext context, RecordedRequest request)
    {
        TokenRequests++;
        if (TokenAnswer is { } answer)
        {
            await answer(context);
            return;
        }

        var form = request.BodyText.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        if (form.GetValueOrDefault("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" || !form.TryGetValue("assertion", out var jwt))
        {
            Problems.Add("bad token form");
            await LoopbackServer.Json(400, "{\"error\":\"unsupported_grant_type\",\"error_description\":\"Invalid grant_type\"}")(context);
            return;
        }

        var parts = jwt.Split('.');
        var valid = publicKey.VerifyData(
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assertions.Add(new JsonObject
        {
            ["header"] = JsonNode.Parse(FromBase64Url(parts[0])),
            ["claims"] = JsonNode.Parse(FromBase64Url(parts[1])),
            ["valid"] = valid,
        });
        if (!valid)
        {
            await LoopbackServer.Json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")(context);
            return;
        }

        CurrentToken = $"ya29.tok-{TokenRequests}";
        await LoopbackServer.Json(200, $"{{\"access_token\":\"{CurrentToken}\",\"expires_in\":3599,\"token_type\":\"Bearer\"}}")(context);
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
