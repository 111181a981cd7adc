using Connectors.ConnectorTypes.Common;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Connectors.ConnectorTypes.Mcp;

/// <summary>
/// One MCP session per operation, as Kibana's newest connector runs them: connect (the SDK's handshake) over Streamable
/// HTTP through the connector's HTTP client, run the operation, always disconnect. Failures become
/// <see cref="SubActionException"/>s with Kibana's texts, scrubbed of every secret value.
/// </summary>
internal static class McpSession
{
    /// <summary>The client version Kibana announces (<c>MCP_CLIENT_VERSION</c>).</summary>
    public const string ClientVersion = "1.0.0";

    private const string RemotePrefix = "Request failed (remote): ";

    public static async Task<T> RunAsync<T>(
        McpCall call, Func<McpClient, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(operation);
        var forwarder = new McpHttpForwarder(call.Context.HttpClient);
        using var httpClient = new HttpClient(forwarder, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var transportOptions = new HttpClientTransportOptions
        {
            Endpoint = new Uri(call.Config.ServerUrl),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string>(call.Headers.All, StringComparer.OrdinalIgnoreCase),
            EnableStandaloneGetStream = false,
            Name = "mcp",
        };
        var clientOptions = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = $"kibana-mcp-connector-{call.Context.ConnectorId}", Version = ClientVersion },
            TimeProvider = call.Context.TimeProvider,
        };

        // The SDK's own logs carry endpoint URLs and message payloads: they stay off.
        var transport = new HttpClientTransport(transportOptions, httpClient, NullLoggerFactory.Instance, ownsHttpClient: false);
        await using (transport.ConfigureAwait(false))
        {
            McpClient client;
            try
            {
                client = await McpClient.CreateAsync(transport, clientOptions, NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsFailure(ex, cancellationToken))
            {
                throw Failure(ex, forwarder, call, connecting: true);
            }

            try
            {
                return await operation(client, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsFailure(ex, cancellationToken))
            {
                throw Failure(ex, forwarder, call, connecting: false);
            }
            finally
            {
                await DisconnectAsync(client).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Kibana's <c>safeDisconnect</c>: closing never fails the operation.</summary>
    private static async Task DisconnectAsync(McpClient client)
    {
        try
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Ending the session (DELETE) is best effort.
        }
    }

    private static bool IsFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is not SubActionException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    /// <summary>
    /// Kibana's texts: an HTTP status from the server is the JS SDK's <c>StreamableHTTPError</c>
    /// (<c>Streamable HTTP error: Error POSTing to endpoint: &lt;body&gt;</c>, connecting or not); a JSON-RPC error is its
    /// <c>McpError</c> (<c>MCP error &lt;code&gt;: &lt;message&gt;</c>); any other failure while connecting is prefixed
    /// <c>Error connecting to MCP server: </c>. A status Kibana counts as the user's (401, 403, 429, …) is the user's error.
    /// </summary>
    private static SubActionException Failure(Exception ex, McpHttpForwarder forwarder, McpCall call, bool connecting)
    {
        var http = Find<HttpRequestException>(ex);
        string message;
        ErrorSource source;
        if (http?.StatusCode is { } status && forwarder.LastFailure is { } failure && failure.Status == (int)status)
        {
            message = $"Streamable HTTP error: Error POSTing to endpoint: {failure.Body}";
            source = HttpResults.IsUserErrorStatus(failure.Status) ? ErrorSource.User : ErrorSource.Framework;
        }
        else if (http is not null)
        {
            message = Connecting(HttpResults.MessageOf(http), connecting);
            source = HttpResults.SourceOf(http);
        }
        else if (Find<McpProtocolException>(ex) is { } protocol)
        {
            message = Connecting($"MCP error {(int)protocol.ErrorCode}: {RemoteMessage(protocol.Message)}", connecting);
            source = ErrorSource.Framework;
        }
        else
        {
            message = Connecting(ex.Message, connecting);
            source = ErrorSource.Framework;
        }

        return new SubActionException(call.Headers.Scrub(message), source);
    }

    /// <summary>The server's own error text: the .NET SDK prefixes it with <c>Request failed (remote): </c>, the JS SDK does not.</summary>
    private static string RemoteMessage(string message) =>
        message.StartsWith(RemotePrefix, StringComparison.Ordinal) ? message[RemotePrefix.Length..] : message;

    private static string Connecting(string message, bool connecting) =>
        connecting ? $"Error connecting to MCP server: {message}" : message;

    private static TException? Find<TException>(Exception ex)
        where TException : Exception
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            if (current is TException match)
            {
                return match;
            }

            if (current is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return aggregate.InnerExceptions.Select(Find<TException>).FirstOrDefault(e => e is not null);
            }
        }

        return null;
    }
}

/// <summary>One execution of a <c>.mcp</c> connector: its context, bound config and secrets, and the headers built from them.</summary>
internal sealed record McpCall(ConnectorExecutionContext Context, McpConfig Config, McpHeaders Headers);
