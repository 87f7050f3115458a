using System.Diagnostics;

namespace Prioritise.LoadHarness;

/// <summary>The ways a phase is driven. Every loop is bounded by a request count or a stop signal.</summary>
public sealed class Load(HttpClient http)
{
    private static string? ErrorOf(HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? null : ((int)response.StatusCode).ToString();

    private async Task<string?> Send(HttpRequestMessage request)
    {
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await response.Content.CopyToAsync(Stream.Null);
            return ErrorOf(response);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.GetType().Name;
        }
        finally
        {
            request.Dispose();
        }
    }

    /// <summary>Closed loop: each client sends its next request when its last one is answered.</summary>
    public async Task<Measurement> Closed(string name, int clients, int total, Func<int, HttpRequestMessage> request)
    {
        var m = new Measurement(name);
        var next = -1;
        m.Start();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var started = Stopwatch.GetTimestamp();
                var error = await Send(request(i));
                m.Record((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds, error);
            }
        })));
        m.Stop();
        return m;
    }

    /// <summary>
    /// Open loop: request i is due at start + i/rate whether or not earlier ones were answered, and
    /// its latency counts from when it was due (no coordinated omission). Past the outstanding
    /// limit a due request is counted as an error ("overload") rather than queued without bound.
    /// </summary>
    public async Task<Measurement> Open(string name, int rate, int maxOutstanding, int total, Func<int, HttpRequestMessage> request)
    {
        var m = new Measurement(name);
        var outstanding = 0;
        var inflight = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        m.Start();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            if (Volatile.Read(ref outstanding) >= maxOutstanding)
            {
                m.Record((long)Stopwatch.GetElapsedTime(due).TotalMicroseconds, "overload");
                continue;
            }
            Interlocked.Increment(ref outstanding);
            var index = i;
            inflight.Add(Task.Run(async () =>
            {
                var error = await Send(request(index));
                m.Record((long)Stopwatch.GetElapsedTime(due).TotalMicroseconds, error);
                Interlocked.Decrement(ref outstanding);
            }));
        }
        await Task.WhenAll(inflight);
        m.Stop();
        return m;
    }

    /// <summary>One request after another (a chair acting alone).</summary>
    public Task<Measurement> Sequential(string name, int total, Func<int, HttpRequestMessage> request) =>
        Closed(name, 1, total, request);

    /// <summary>Repeats a request at an interval until stopped (a reader watching while others write).</summary>
    public async Task<Measurement> Repeat(string name, CancellationToken stop, TimeSpan interval, Func<HttpRequestMessage> request)
    {
        var m = new Measurement(name);
        m.Start();
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            var error = await Send(request());
            m.Record((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds, error);
            try { await Task.Delay(interval, stop); } catch (TaskCanceledException) { }
        }
        m.Stop();
        return m;
    }
}
