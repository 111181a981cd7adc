using System.Text;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.Internal;

/// <summary>
/// A UTF-8 JSON body kept as received and parsed the first time it is read: the data of a result is rarely looked at
/// (a rule engine records the outcome), so the usual execute does not pay for a document it never reads. The value is
/// the one <see cref="HttpResults.ReadBodyAsync"/> gives for the same body; it is parsed once, and every reader, on
/// any thread, gets the same node.
/// </summary>
internal sealed class DeferredJson
{
    private byte[]? utf8;
    private JsonNode? value;

    /// <param name="utf8">The body: UTF-8 by its <c>Content-Type</c>, starting with <c>{</c> or <c>[</c> (so without a byte order mark).</param>
    public DeferredJson(byte[] utf8)
    {
        this.utf8 = utf8;
    }

    /// <summary>Whether a body can be deferred: it starts as a JSON object or array (no byte order mark, not empty).</summary>
    public static bool Accepts(byte[] body) => body is [(byte)'{' or (byte)'[', ..];

    /// <summary>The parsed body: JSON when it parses, otherwise its text as a JSON string (as <see cref="HttpResults.ParseBody"/>).</summary>
    public JsonNode? Value
    {
        get
        {
            // The instance is its own lock (it is never handed out): no lock object per result.
            lock (this)
            {
                if (utf8 is { } body)
                {
                    // Without a byte order mark, reading the body as text (charset absent or UTF-8) is decoding it as UTF-8.
                    value = HttpResults.TryParseUtf8(body, out var node) ? node : HttpResults.ParseBody(Encoding.UTF8.GetString(body));
                    utf8 = null;
                }

                return value;
            }
        }
    }
}
