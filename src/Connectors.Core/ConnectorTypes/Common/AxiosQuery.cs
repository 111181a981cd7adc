using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.ConnectorTypes.Common;

/// <summary>
/// How axios and the browser encode query strings and form bodies, for connectors whose params become a query string
/// (SentinelOne, Defender) or a form (OAuth token requests).
/// </summary>
internal static class AxiosQuery
{
    /// <summary>
    /// axios's default params serializer: <c>null</c>/<c>undefined</c> skipped, arrays as <c>key[]=v</c> per item,
    /// booleans and numbers as text, objects as JSON; values encoded with axios's <c>encode</c>
    /// (<c>encodeURIComponent</c> with <c>: $ , [ ]</c> kept and a space as <c>+</c>).
    /// </summary>
    public static string Serialize(IEnumerable<KeyValuePair<string, JsonNode?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var builder = new StringBuilder();
        foreach (var (key, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            if (value is JsonArray array)
            {
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Append(builder, key + "[]", Text(item));
                    }
                }

                continue;
            }

            Append(builder, key, Text(value));
        }

        return builder.ToString();
    }

    /// <summary>The URL with the serialized params appended (<c>?</c> or <c>&amp;</c>), or unchanged when there are none.</summary>
    public static string Append(string url, IEnumerable<KeyValuePair<string, JsonNode?>> parameters)
    {
        var query = Serialize(parameters);
        return query.Length == 0 ? url : url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }

    /// <summary>axios's <c>encode</c> for query values.</summary>
    public static string Encode(string value) =>
        UriComponent(value)
            .Replace("%3A", ":", StringComparison.Ordinal)
            .Replace("%24", "$", StringComparison.Ordinal)
            .Replace("%2C", ",", StringComparison.Ordinal)
            .Replace("%20", "+", StringComparison.Ordinal)
            .Replace("%5B", "[", StringComparison.Ordinal)
            .Replace("%5D", "]", StringComparison.Ordinal);

    /// <summary>JavaScript's <c>encodeURIComponent</c>: letters, digits and <c>-_.!~*'()</c> kept, the rest UTF-8 percent-encoded.</summary>
    public static string UriComponent(string value) => PercentEncode(value, "-_.!~*'()", spaceAsPlus: false);

    /// <summary>
    /// <c>application/x-www-form-urlencoded</c> as <c>URLSearchParams</c> writes it (what axios sends for an object
    /// <c>data</c> with that content type): letters, digits and <c>*-._</c> kept, a space as <c>+</c>.
    /// </summary>
    public static string Form(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => PercentEncode(f.Name, "*-._", true) + "=" + PercentEncode(f.Value, "*-._", true)));

    private static void Append(StringBuilder builder, string key, string value)
    {
        if (builder.Length > 0)
        {
            builder.Append('&');
        }

        builder.Append(Encode(key)).Append('=').Append(Encode(value));
    }

    private static string Text(JsonNode node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
        _ => node.ToJsonString(HttpResults.JsonOptions),
    };

    private static string PercentEncode(string value, string keep, bool spaceAsPlus)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || (b < 0x80 && keep.Contains(c, StringComparison.Ordinal)))
            {
                builder.Append(c);
            }
            else if (spaceAsPlus && c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
