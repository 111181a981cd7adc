using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Connectors.ConnectorTypes.Bedrock;

/// <summary>
/// AWS Signature Version 4 (<c>AWS4-HMAC-SHA256</c>) for services other than S3: the canonical request (path
/// normalised and each segment URI-encoded once more, query sorted and RFC 3986-encoded, header values trimmed with
/// inner whitespace runs collapsed, the body's SHA-256), the string to sign and the <c>Authorization</c> header.
/// Verified against AWS's published <c>aws-sig-v4-test-suite</c>.
/// </summary>
internal static class AwsSigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The <c>X-Amz-Date</c> form of a time: <c>yyyyMMdd'T'HHmmss'Z'</c> in UTC.</summary>
    public static string AmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Signs one request.</summary>
    /// <param name="request">The request: method, path as sent (percent-encoded or not), query as sent, headers to sign (they must include <c>host</c> and <c>x-amz-date</c>) and body.</param>
    /// <param name="credentials">The access key id and secret access key.</param>
    /// <param name="region">The region, for example <c>us-east-1</c>.</param>
    /// <param name="service">The signing name of the service, for example <c>bedrock</c>.</param>
    /// <param name="amzDate">The request time as in <c>x-amz-date</c> (<c>20150830T123600Z</c>).</param>
    /// <returns>The intermediate strings and the <c>Authorization</c> value.</returns>
    public static AwsSigV4Signature Sign(AwsSigV4Request request, AwsCredentials credentials, string region, string service, string amzDate)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var headers = CanonicalHeaders(request.Headers);
        var signedHeaders = string.Join(';', headers.Select(h => h.Name));
        var canonicalRequest = string.Join(
            '\n',
            request.Method.ToUpperInvariant(),
            CanonicalUri(request.Path),
            CanonicalQuery(request.Query),
            string.Concat(headers.Select(h => $"{h.Name}:{h.Value}\n")),
            signedHeaders,
            Hex(SHA256.HashData(request.Body.Span)));
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, stringToSign));
        var authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new AwsSigV4Signature(canonicalRequest, stringToSign, signedHeaders, signature, authorization);
    }

    /// <summary>
    /// The canonical URI: <c>.</c> and <c>..</c> segments resolved, empty segments dropped (a trailing <c>/</c> kept),
    /// each segment URI-encoded (so a path sent percent-encoded is encoded a second time, as AWS expects of every
    /// service but S3).
    /// </summary>
    public static string CanonicalUri(string path)
    {
        if (string.IsNullOrEmpty(path) || path == "/")
        {
            return "/";
        }

        var segments = new List<string>();
        var parts = path.Split('/');
        foreach (var part in parts)
        {
            switch (part)
            {
                case "" or ".":
                    break;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    break;
                default:
                    segments.Add(UriEncode(part));
                    break;
            }
        }

        if (segments.Count == 0)
        {
            return "/";
        }

        var last = parts[^1];
        var trailingSlash = last.Length == 0;
        return "/" + string.Join('/', segments) + (trailingSlash ? "/" : string.Empty);
    }

    /// <summary>The canonical query: parameters decoded, RFC 3986-encoded, sorted by name then value (ordinal).</summary>
    public static string CanonicalQuery(string query)
    {
        var text = query.StartsWith('?') ? query[1..] : query;
        if (text.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in text.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add((UriEncode(Uri.UnescapeDataString(name)), UriEncode(Uri.UnescapeDataString(value))));
        }

        pairs.Sort((a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>RFC 3986 encoding: unreserved characters kept, every other UTF-8 byte as <c>%XX</c> (upper case).</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static List<(string Name, string Value)> CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var key = name.Trim().ToLowerInvariant();
            if (!byName.TryGetValue(key, out var values))
            {
                values = [];
                byName.Add(key, values);
            }

            values.Add(TrimAll(value));
        }

        return [.. byName.Select(p => (p.Key, string.Join(',', p.Value)))];
    }

    /// <summary>Trims a header value and collapses each inner run of whitespace to one space.</summary>
    private static string TrimAll(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>AWS credentials for signing (no session token: Bedrock's connector has none).</summary>
internal sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey)
{
    /// <inheritdoc/>
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId} }}";
}

/// <summary>What is signed: method, path and query as sent, the headers to sign, the body.</summary>
internal sealed record AwsSigV4Request(string Method, string Path, string Query, IEnumerable<KeyValuePair<string, string>> Headers, ReadOnlyMemory<byte> Body);

/// <summary>The signer's intermediate strings and result.</summary>
internal sealed record AwsSigV4Signature(string CanonicalRequest, string StringToSign, string SignedHeaders, string Signature, string Authorization);
