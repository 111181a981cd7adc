using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Webhook;

/// <summary>Shorthands for the webhook tests: a Gold host without retries, create, execute.</summary>
internal static class Webhooks
{
    /// <summary>A host licensed for <c>.webhook</c> with one attempt per request, then <paramref name="configure"/>.</summary>
    public static ConnectorsTestHost Host(Action<ConnectorsOptions>? configure = null, bool fakeTime = false) =>
        ConnectorsTestHost.Create(
            o =>
            {
                o.License = LicenseLevel.Gold;
                o.MaxAttempts = 1;
                configure?.Invoke(o);
            },
            fakeTime: fakeTime);

    public static Task<Connector> CreateWebhookAsync(this ConnectorsTestHost host, JsonObject config, JsonObject? secrets = null) =>
        host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "hook",
            ConnectorTypeId = ".webhook",
            Config = config,
            Secrets = secrets ?? [],
        });

    public static Task<ConnectorResult> ExecuteAsync(this ConnectorsTestHost host, Connector connector, string? body = "{\"a\":1}") =>
        host.Registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = connector.Id,
            Params = body is null ? [] : new JsonObject { ["body"] = body },
        });

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Base64 of UTF-8 text (the webhook's encoding of PEM fields).</summary>
    public static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
