using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;
using netDumbster.smtp;

namespace Prioritise.Testing;

/// <summary>
/// A real SMTP server on loopback (netDumbster), started by the test: the silo's sender talks SMTP
/// to it over a socket, and the test reads what arrived, parsed by MimeKit.
/// </summary>
public sealed class MailCatcher : IDisposable
{
    private readonly SimpleSmtpServer _server;

    private MailCatcher(SimpleSmtpServer server, int port) => (_server, Port) = (server, port);

    public int Port { get; }

    /// <summary>On <paramref name="port"/>, or a free one.</summary>
    public static MailCatcher Start(int? port = null)
    {
        var p = port ?? SiloProcess.FreePorts(1)[0];
        return new MailCatcher(SimpleSmtpServer.Start(p), p);
    }

    /// <summary>Everything received so far, in order.</summary>
    public IReadOnlyList<MimeMessage> Messages =>
        _server.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data)))).ToList();

    public int Count => _server.ReceivedEmailCount;

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived (or throws, saying how many did).</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitFor(int count, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (Count < count)
        {
            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(60)))
                throw new TimeoutException($"Waited for {count} messages; {Count} arrived.");
            await Task.Delay(20);
        }
        return Messages;
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    /// <summary>The environment that points a silo's sender at this server, polling often so tests are quick.</summary>
    public IDictionary<string, string> SiloEnvironment() => new Dictionary<string, string>
    {
        ["Prioritise__Smtp__Host"] = "127.0.0.1",
        ["Prioritise__Smtp__Port"] = Port.ToString(),
        ["Prioritise__Smtp__From"] = "Funding committee <committee@example.org>",
        ["Prioritise__Smtp__Security"] = "none",
        ["Prioritise__Mail__PollSeconds"] = "0.2",
        ["Prioritise__Mail__RetrySeconds"] = "0.5",
        ["Prioritise__Mail__MaxRetrySeconds"] = "2",
    };
}

/// <summary>
/// An SMTP server that answers on its socket but refuses every message ("451 4.3.0 ..."), for the
/// test of a server that refuses and then recovers. Speaks just enough SMTP for MailKit.
/// </summary>
public sealed class RefusingSmtpServer : IDisposable
{
    public const string Reply = "4.3.0 Mail system busy, try again later";
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();

    public RefusingSmtpServer(int port)
    {
        Port = port;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = Accept();
    }

    public int Port { get; }
    public int Refused;

    private async Task Accept()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Serve(client);
        }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        // Closed with a reset, so no TIME_WAIT holds the port when the recovered server takes it.
        client.LingerState = new LingerOption(true, 0);
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 refusing.test ESMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO": await writer.WriteLineAsync("250 refusing.test"); break;
                    case "MAIL": Interlocked.Increment(ref Refused); await writer.WriteLineAsync("451 " + Reply); break;
                    case "QUIT": await writer.WriteLineAsync("221 bye"); break; // the client closes first
                    case "RSET" or "NOOP": await writer.WriteLineAsync("250 OK"); break;
                    default: await writer.WriteLineAsync("503 5.5.1 Bad sequence"); break;
                }
            }
        }
        catch (Exception)
        {
            // The client went away.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Dispose();
    }
}
