using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Prioritise.Api.Tests;

/// <summary>OpenTelemetry: traces and metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set, and nothing when it is not.</summary>
[Collection(OwnSiloCollection.Name)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task With_an_otlp_endpoint_traces_and_metrics_arrive_over_http_protobuf()
    {
        using var receiver = new OtlpReceiver(0);
        using var silo = new SiloProcess(seedOnEmpty: false);
        silo.ExtraEnvironment["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Address;
        silo.ExtraEnvironment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        silo.ExtraEnvironment["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        silo.ExtraEnvironment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        silo.ExtraEnvironment["OTEL_SERVICE_NAME"] = "prioritise-under-test";
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        var c = await Committee.Build(api);
        await api.Submit(c.RoundId, c.BidId, c.ScorerId, c.ScorerKey, 7, 6);

        Assert.True(await receiver.WaitFor("/v1/metrics", "prioritise.sheets.submitted", TimeSpan.FromSeconds(20)),
            $"no metrics naming prioritise.sheets.submitted; received: {receiver.Summary()}");
        Assert.True(await receiver.WaitFor("/v1/metrics", "Microsoft.Orleans", TimeSpan.FromSeconds(10)), $"no Orleans meter; received: {receiver.Summary()}");
        Assert.True(await receiver.WaitFor("/v1/traces", "/api/rounds/{roundId}/bids/{bidId}/sheets/{memberId}", TimeSpan.FromSeconds(10))
                    || await receiver.WaitFor("/v1/traces", "PUT", TimeSpan.FromSeconds(1)), $"no request trace; received: {receiver.Summary()}");
        Assert.True(await receiver.WaitFor("/v1/traces", "Microsoft.Orleans", TimeSpan.FromSeconds(10)), $"no Orleans activity; received: {receiver.Summary()}");
        Assert.True(await receiver.WaitFor("/v1/traces", "prioritise-under-test", TimeSpan.FromSeconds(1)), "OTEL_SERVICE_NAME is not the service's name");
    }

    [Fact]
    public async Task Without_an_otlp_endpoint_nothing_is_sent()
    {
        // The exporter's default address (localhost:4318 for http/protobuf), where it would send if it were on.
        using var receiver = OtlpReceiver.TryOn(4318) ?? new OtlpReceiver(0);
        using var silo = new SiloProcess(seedOnEmpty: false);
        silo.ExtraEnvironment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        silo.ExtraEnvironment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        silo.ExtraEnvironment["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        silo.ExtraEnvironment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        var c = await Committee.Build(api);
        await api.Submit(c.RoundId, c.BidId, c.ScorerId, c.ScorerKey, 7, 6);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(0, receiver.Count);
    }
}

/// <summary>A tiny OTLP/HTTP receiver on loopback: keeps each POST's path and body, answers 200.</summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Path, byte[] Body)> _received = [];
    private readonly Task _loop;

    public OtlpReceiver(int port)
    {
        if (port == 0)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }
        Address = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Address + "/");
        _listener.Prefixes.Add($"http://localhost:{port}/");
        _listener.Start();
        _loop = Task.Run(Loop);
    }

    /// <summary>A receiver on that port, or null when something else has it.</summary>
    public static OtlpReceiver? TryOn(int port)
    {
        try { return new OtlpReceiver(port); }
        catch (HttpListenerException) { return null; }
    }

    public string Address { get; }

    public int Count
    {
        get { lock (_received) return _received.Count; }
    }

    public async Task<bool> WaitFor(string path, string text, TimeSpan timeout)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        var deadline = DateTime.UtcNow + timeout;
        do
        {
            lock (_received)
                if (_received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(needle) >= 0)) return true;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        return false;
    }

    public string Summary()
    {
        lock (_received) return string.Join(", ", _received.GroupBy(r => r.Path).Select(g => $"{g.Key} x{g.Count()}")) is { Length: > 0 } s ? s : "nothing";
    }

    private async Task Loop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (_received) _received.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        try { _listener.Stop(); _listener.Close(); }
        catch (ObjectDisposedException) { }
    }
}
