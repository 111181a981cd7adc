using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Connectors.TestUtilities.Elasticsearch;

/// <summary>How the fake answers one document: an error with a status, type, reason and optional cause.</summary>
public sealed record BulkItemFailure(int Status, string Type, string Reason, string? CausedBy = null);

/// <summary>
/// A loopback fake of Elasticsearch's <c>POST /{index}/_bulk</c>: parses the NDJSON (action line, document line),
/// answers per-item results (<c>errors</c>, <c>items</c>), keeps the created documents, and fails the items
/// <see cref="FailItem"/> picks. Other answers (429, 5xx) can be queued on <see cref="Server"/>.
/// </summary>
public sealed class BulkApiFake : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Index, JsonObject Document)> documents = new();
    private int sequence;

    private BulkApiFake(LoopbackServer server)
    {
        Server = server;
        server.Fallback = HandleAsync;
    }

    /// <summary>The loopback server (requests recorded there; queue other answers with <c>Then</c>).</summary>
    public LoopbackServer Server { get; }

    /// <summary>The cluster URL.</summary>
    public string Url => Server.Url();

    /// <summary>Picks the documents to fail; <see langword="null"/> keeps a document.</summary>
    public Func<JsonObject, BulkItemFailure?> FailItem { get; set; } = _ => null;

    /// <summary>The documents created, with their index, in order.</summary>
    public IReadOnlyList<(string Index, JsonObject Document)> Documents => [.. documents];

    /// <summary>Starts the fake.</summary>
    public static async Task<BulkApiFake> StartAsync() => new(await LoopbackServer.StartAsync());

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var request = Server.Requests[^1];
        if (context.Request.Method != "POST" || !path.EndsWith("/_bulk", StringComparison.Ordinal))
        {
            await LoopbackServer.Json(404, "{\"error\":{\"type\":\"not_found\",\"reason\":\"no handler\"},\"status\":404}")(context);
            return;
        }

        var index = Uri.UnescapeDataString(path[1..^"/_bulk".Length]);
        var lines = request.BodyText.Split('\n');
        if (lines[^1].Length != 0)
        {
            await LoopbackServer.Json(400, "{\"error\":{\"type\":\"illegal_argument_exception\",\"reason\":\"The bulk request must be terminated by a newline [\\\\n]\"},\"status\":400}")(context);
            return;
        }

        var items = new JsonArray();
        var errors = false;
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            var action = JsonNode.Parse(lines[i])!.AsObject();
            var op = action.Single().Key;
            var document = JsonNode.Parse(lines[i + 1])!.AsObject();
            var failure = FailItem(document);
            if (failure is null)
            {
                var id = $"doc-{Interlocked.Increment(ref sequence)}";
                documents.Enqueue((index, document));
                items.Add(new JsonObject
                {
                    [op] = new JsonObject { ["_index"] = index, ["_id"] = id, ["_version"] = 1, ["result"] = "created", ["status"] = 201 },
                });
            }
            else
            {
                errors = true;
                var error = new JsonObject { ["type"] = failure.Type, ["reason"] = failure.Reason };
                if (failure.CausedBy is not null)
                {
                    error["caused_by"] = new JsonObject { ["type"] = "cause", ["reason"] = failure.CausedBy };
                }

                items.Add(new JsonObject
                {
                    [op] = new JsonObject { ["_index"] = index, ["status"] = failure.Status, ["error"] = error },
                });
            }
        }

        var response = new JsonObject { ["errors"] = errors, ["took"] = 1, ["items"] = items };
        await LoopbackServer.Json(200, response.ToJsonString())(context);
    }
}
