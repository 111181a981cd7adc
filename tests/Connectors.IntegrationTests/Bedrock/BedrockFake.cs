using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Bedrock;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Connectors.IntegrationTests.Bedrock;

/// <summary>
/// A Bedrock runtime on loopback: it recomputes every request's Signature Version 4 from the bytes it received
/// (with <see cref="SigV4Check"/>, written from AWS's canonical-request rules independently of the library's signer)
/// and answers 403 as AWS does when it does not match; otherwise the scripted answer.
/// </summary>
internal sealed class BedrockFake(string accessKey, string secret)
{
    private readonly Queue<Func<HttpContext, Task>> script = new();

    public List<string> RawTargets { get; } = [];

    public List<string> SignatureFailures { get; } = [];

    /// <summary>The credential scope region and service of the last request.</summary>
    public string? LastScope { get; private set; }

    /// <summary>Released by the test between streamed frames.</summary>
    public SemaphoreSlim Gate { get; } = new(0);

    public BedrockFake Then(params Func<HttpContext, Task>[] responders)
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
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        RawTargets.Add(rawTarget);
        var problem = SigV4Check.Verify(recorded, rawTarget, accessKey, secret, out var scope);
        LastScope = scope;
        if (problem is not null)
        {
            SignatureFailures.Add(problem);
            await LoopbackServer.Json(403, "{\"message\":\"The request signature we calculated does not match the signature you provided.\"}")(context);
            return;
        }

        var responder = script.Count > 0 ? script.Dequeue() : LoopbackServer.Json(500, "{\"message\":\"no scripted answer\"}");
        await responder(context);
    }

    /// <summary>Writes the frames one by one, flushing each, and waits for <see cref="Gate"/> before every frame after the first.</summary>
    public Func<HttpContext, Task> Stream(params byte[][] frames) => async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = BedrockConnector.EventStreamContentType;
        for (var i = 0; i < frames.Length; i++)
        {
            if (i > 0)
            {
                await Gate.WaitAsync(context.RequestAborted);
            }

            await context.Response.Body.WriteAsync(frames[i], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    };

    /// <summary>An <c>invoke-with-response-stream</c> chunk: <c>{"bytes": base64(event)}</c>.</summary>
    public static byte[] Chunk(string anthropicEvent) => AwsEventStream.Encode(
        [new(":event-type", "chunk"), new(":content-type", "application/json"), new(":message-type", "event")],
        Encoding.UTF8.GetBytes(new JsonObject { ["bytes"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(anthropicEvent)), ["p"] = "abcd" }.ToJsonString()));

    /// <summary>A converse-stream event.</summary>
    public static byte[] Event(string eventType, string payload) => AwsEventStream.Encode(
        [new(":event-type", eventType), new(":content-type", "application/json"), new(":message-type", "event")],
        Encoding.UTF8.GetBytes(payload));

    /// <summary>An exception message, as Bedrock sends a mid-stream failure.</summary>
    public static byte[] Exception(string type, string message) => AwsEventStream.Encode(
        [new(":exception-type", type), new(":content-type", "application/json"), new(":message-type", "exception")],
        Encoding.UTF8.GetBytes(new JsonObject { ["message"] = message }.ToJsonString()));
}

/// <summary>
/// Signature Version 4 recomputed from a received request, written from AWS's rules (canonical request: method, the
/// raw path with each segment URI-encoded again, sorted query, the signed headers lower-cased and trimmed, the body's
/// SHA-256; string to sign; the HMAC chain) separately from the library's signer.
/// </summary>
internal static class SigV4Check
{
    /// <summary>Returns <see langword="null"/> when the <c>Authorization</c> header is right, else what is wrong.</summary>
    public static string? Verify(RecordedRequest request, string rawTarget, string accessKey, string secret, out string? scope)
    {
        scope = null;
        var authorization = request.Header("Authorization");
        const string Prefix = "AWS4-HMAC-SHA256 Credential=";
        if (authorization is null || !authorization.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return "no AWS4-HMAC-SHA256 Authorization header";
        }

        var parts = authorization[Prefix.Length..].Split(", ");
        var credential = parts[0].Split('/');
        var signedHeaders = parts[1]["SignedHeaders=".Length..];
        var signature = parts[2]["Signature=".Length..];
        if (credential[0] != accessKey)
        {
            return "unknown access key";
        }

        var (date, region, service) = (credential[1], credential[2], credential[3]);
        scope = $"{region}/{service}";
        var amzDate = request.Header("X-Amz-Date") ?? string.Empty;
        if (!amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            return "x-amz-date does not match the credential date";
        }

        var expected = Compute(request.Method, rawTarget, request.Headers, request.Body, signedHeaders, secret, $"{date}/{region}/{service}/aws4_request", amzDate);
        return expected == signature ? null : $"signature mismatch: expected {expected}, got {signature}";
    }

    public static string Compute(
        string method, string rawTarget, IReadOnlyDictionary<string, string> headers, byte[] body, string signedHeaders, string secret, string scope, string amzDate)
    {
        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? rawTarget : rawTarget[..question];
        var query = question < 0 ? string.Empty : rawTarget[(question + 1)..];
        var canonicalPath = string.Join('/', path.Split('/').Select(Encode));
        var canonicalQuery = string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Encode(Uri.UnescapeDataString(p[0])), Value: Encode(Uri.UnescapeDataString(p.Length > 1 ? p[1] : string.Empty))))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
        var canonicalHeaders = new StringBuilder();
        foreach (var name in signedHeaders.Split(';'))
        {
            var value = headers.TryGetValue(name, out var v) ? v : string.Empty;
            canonicalHeaders.Append(name).Append(':').Append(string.Join(' ', value.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }

        var canonical = $"{method}\n{canonicalPath}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in scope.Split('/'))
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
    }

    private static string Encode(string segment)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(segment))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
