using System.Diagnostics;

namespace Prioritise.LoadHarness;

/// <summary>Latencies of one phase, in microseconds, and what went wrong.</summary>
public sealed class Measurement(string name)
{
    private readonly List<long> _micros = [];
    private readonly object _lock = new();
    private readonly Stopwatch _clock = new();
    public string Name { get; } = name;
    public int Errors { get; private set; }
    public Dictionary<string, int> ErrorKinds { get; } = new();

    public void Start() => _clock.Start();
    public void Stop() => _clock.Stop();
    public TimeSpan Elapsed => _clock.Elapsed;

    public void Record(long micros, string? error)
    {
        lock (_lock)
        {
            _micros.Add(micros);
            if (error is null) return;
            Errors++;
            ErrorKinds[error] = ErrorKinds.GetValueOrDefault(error) + 1;
        }
    }

    public int Count { get { lock (_lock) return _micros.Count; } }
    public double Throughput => Count / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public double Percentile(double p)
    {
        lock (_lock)
        {
            if (_micros.Count == 0) return double.NaN;
            var sorted = _micros.Order().ToArray();
            var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] / 1000.0;
        }
    }

    public string Row() =>
        $"| {Name} | {Count:N0} | {Elapsed.TotalSeconds:0.0} | {Throughput:N0} | {Percentile(50):0.00} | {Percentile(95):0.00} | {Percentile(99):0.00} | {Percentile(100):0.00} | {Errors}{(Errors > 0 ? " (" + string.Join(", ", ErrorKinds.Select(kv => $"{kv.Key}: {kv.Value}")) + ")" : "")} |";

    public const string Header = "| phase | requests | seconds | per second | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|---|";
}
