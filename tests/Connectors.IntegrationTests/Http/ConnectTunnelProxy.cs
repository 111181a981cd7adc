using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Connectors.IntegrationTests.Http;

/// <summary>
/// A forward proxy on 127.0.0.1 that answers <c>CONNECT host:port</c> with 200 and then relays bytes both ways, recording
/// each <c>CONNECT</c> request's head (the loopback Kestrel server cannot answer <c>CONNECT</c>).
/// </summary>
internal sealed class ConnectTunnelProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<string> heads = new();
    private readonly Task accepting;

    public ConnectTunnelProxy()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>The request heads received (request line and headers, CRLF-separated).</summary>
    public IReadOnlyList<string> Heads => [.. heads];

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[8192];
            var length = 0;
            int end;
            while ((end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length), stop.Token);
                if (read == 0)
                {
                    return;
                }

                length += read;
            }

            var head = Encoding.ASCII.GetString(buffer, 0, end);
            heads.Enqueue(head);
            var requestLine = head.Split("\r\n")[0].Split(' ');
            if (requestLine[0] != "CONNECT")
            {
                await stream.WriteAsync("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stop.Token);
                return;
            }

            var authority = requestLine[1];
            var colon = authority.LastIndexOf(':');
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(authority[..colon], int.Parse(authority[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), stop.Token);
            await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), stop.Token);
            var upstreamStream = upstream.GetStream();
            var toTarget = stream.CopyToAsync(upstreamStream, stop.Token);
            var toClient = upstreamStream.CopyToAsync(stream, stop.Token);
            try
            {
                await Task.WhenAny(toTarget, toClient);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
            }
        }
    }
}
