using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpServerServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace Connectors.TestUtilities.Smtp;

/// <summary>How the in-process SMTP server behaves.</summary>
public sealed class SmtpTestServerOptions
{
    /// <summary>A certificate: with <see cref="ImplicitTls"/> TLS starts on connect, otherwise STARTTLS is offered.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>TLS on connect (port-465 style) instead of STARTTLS.</summary>
    public bool ImplicitTls { get; init; }

    /// <summary>The only accepted credentials; when set, AUTH is offered (also without TLS) and required.</summary>
    public (string User, string Password)? Credentials { get; init; }

    /// <summary>The AUTH mechanisms advertised (<c>PLAIN</c>, <c>LOGIN</c>).</summary>
    public IReadOnlyList<string> AuthMechanisms { get; init; } = ["PLAIN", "LOGIN"];

    /// <summary>Recipients answered with a reply code and text at RCPT TO (for example 451 or 550).</summary>
    public IReadOnlyDictionary<string, (int Code, string Text)> RecipientReplies { get; init; } =
        new Dictionary<string, (int, string)>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>A message as the server received it: envelope, the parsed MIME message, and how the session went.</summary>
public sealed record ReceivedEmail(
    string MailFrom,
    IReadOnlyList<string> RcptTo,
    MimeMessage Message,
    bool Secure,
    string? AuthenticatedUser,
    string? AuthMechanism);

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and an ephemeral port that records every message
/// (parsed with MimeKit), optionally with STARTTLS or implicit TLS, AUTH PLAIN/LOGIN and scripted recipient replies.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedEmail> messages = new();
    private readonly CancellationTokenSource stop = new();
    private Task running = Task.CompletedTask;

    private SmtpTestServer(SmtpTestServerOptions options) => Options = options;

    /// <summary>The options.</summary>
    public SmtpTestServerOptions Options { get; }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The messages received so far, in order.</summary>
    public IReadOnlyList<ReceivedEmail> Messages => [.. messages];

    /// <summary>How many sessions the server saw.</summary>
    public int Sessions { get => sessions; }

    private int sessions;

    /// <summary>Starts a server and returns once it listens.</summary>
    public static async Task<SmtpTestServer> StartAsync(SmtpTestServerOptions? options = null)
    {
        var server = new SmtpTestServer(options ?? new SmtpTestServerOptions());
        await server.StartCoreAsync();
        return server;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task StartCoreAsync()
    {
        var o = Options;
        var builder = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e =>
            {
                e.Endpoint(new IPEndPoint(IPAddress.Loopback, 0));
                if (o.Certificate is not null)
                {
                    e.Certificate(o.Certificate).IsSecure(o.ImplicitTls);
                }

                if (o.Credentials is not null)
                {
                    e.AuthenticationRequired(true).AllowUnsecureAuthentication(true);
                }
            });

        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => listening.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

        var services = new SmtpServerServiceProvider();
        services.Add(listeners);
        services.Add(new Store(this));
        services.Add(new Filter(o));
        services.Add(new Commands(o.AuthMechanisms));
        if (o.Credentials is { } credentials)
        {
            services.Add(new Authenticator(credentials.User, credentials.Password));
        }

        var server = new SmtpServer.SmtpServer(builder.Build(), services);
        server.SessionCreated += (_, e) =>
        {
            Interlocked.Increment(ref sessions);
            e.Context.CommandExecuting += (_, c) =>
            {
                if (c.Command is AuthCommand auth)
                {
                    c.Context.Properties["auth-mechanism"] = auth.Method == AuthenticationMethod.Plain ? "PLAIN" : "LOGIN";
                }
            };
        };
        running = server.StartAsync(stop.Token);
        var finished = await Task.WhenAny(listening.Task, running);
        if (finished != listening.Task)
        {
            await running;
            throw new InvalidOperationException("the SMTP server stopped before it listened");
        }

        Port = await listening.Task;
    }

    private sealed class Store(SmtpTestServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            owner.messages.Enqueue(new ReceivedEmail(
                Address(transaction.From),
                [.. transaction.To.Select(Address)],
                message,
                context.Pipe.IsSecure,
                context.Authentication.IsAuthenticated ? context.Authentication.User : null,
                context.Properties.TryGetValue("auth-mechanism", out var mechanism) ? (string)mechanism : null));
            return SmtpResponse.Ok;
        }

        private static string Address(IMailbox mailbox) => $"{mailbox.User}@{mailbox.Host}";
    }

    private sealed class Filter(SmtpTestServerOptions options) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            if (options.RecipientReplies.TryGetValue($"{to.User}@{to.Host}", out var reply))
            {
                throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)reply.Code, reply.Text));
            }

            return Task.FromResult(true);
        }
    }

    private sealed class Authenticator(string user, string password) : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user1, string password1, CancellationToken cancellationToken) =>
            Task.FromResult(user1 == user && password1 == password);
    }

    private sealed class Commands(IReadOnlyList<string> mechanisms) : SmtpCommandFactory
    {
        public override SmtpCommand CreateEhlo(string domainOrAddress) => new Ehlo(domainOrAddress, mechanisms);
    }

    private sealed class Ehlo(string domainOrAddress, IReadOnlyList<string> mechanisms) : EhloCommand(domainOrAddress)
    {
        protected override IEnumerable<string> GetExtensions(ISessionContext context) =>
            base.GetExtensions(context).Select(e => e.StartsWith("AUTH ", StringComparison.Ordinal) ? "AUTH " + string.Join(' ', mechanisms) : e);
    }
}
