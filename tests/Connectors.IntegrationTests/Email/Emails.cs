using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using MimeKit;

namespace Connectors.IntegrationTests.Email;

/// <summary>Shorthands for the email tests: a Gold host with a fake clock, create, execute, read MIME parts.</summary>
internal static class Emails
{
    public const string Password = "p@ss-SENTINEL-8c1f";

    public static ConnectorsTestHost Host(Action<ConnectorsOptions>? configure = null) =>
        ConnectorsTestHost.Create(
            o =>
            {
                o.License = LicenseLevel.Gold;
                o.MaxAttempts = 1;
                configure?.Invoke(o);
            },
            fakeTime: true);

    /// <summary>An <c>other</c> service config on 127.0.0.1.</summary>
    public static JsonObject SmtpConfig(int port, bool hasAuth = false, bool? secure = null, string from = "alerts@example.com")
    {
        var config = new JsonObject
        {
            ["service"] = "other",
            ["host"] = "127.0.0.1",
            ["port"] = port,
            ["from"] = from,
            ["hasAuth"] = hasAuth,
        };
        if (secure is not null)
        {
            config["secure"] = secure;
        }

        return config;
    }

    public static JsonObject Credentials(string user = "mailer", string password = Password) =>
        new() { ["user"] = user, ["password"] = password };

    public static Task<Connector> CreateEmailAsync(this ConnectorsTestHost host, JsonObject config, JsonObject? secrets = null) =>
        host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "mail",
            ConnectorTypeId = ".email",
            Config = config,
            Secrets = secrets ?? [],
        });

    public static JsonObject Params(string to = "ops@example.com", string subject = "Disk full", string message = "The *disk* is full.") =>
        new()
        {
            ["to"] = new JsonArray(to),
            ["subject"] = subject,
            ["message"] = message,
        };

    public static Task<ConnectorResult> ExecuteAsync(this ConnectorsTestHost host, Connector connector, JsonObject parameters, object? variables = null) =>
        host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = connector.Id, Params = parameters, Variables = variables });

    public static TextPart Part(this MimeMessage message, string subtype) =>
        message.BodyParts.OfType<TextPart>().Single(p => !p.IsAttachment && p.ContentType.MediaSubtype == subtype);

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
