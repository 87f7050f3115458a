namespace Prioritise.Grains.Rounds;

/// <summary>
/// The last few analyses a round computed, keyed by the round's results version (bumped by
/// anything that can change results) and the options asked for. The same question while nothing
/// changed gets the same computation again: a finished one at once, one still running shared by
/// every caller waiting on it. A failed computation is forgotten, so the next call tries again.
/// Touched only on the grain's turn (no locks).
/// </summary>
public sealed class AnalysisCache<TOptions, TResult>(int capacity = 4) where TOptions : notnull
{
    private readonly LinkedList<(long Version, TOptions Options, Task<TResult> Result)> _entries = new();

    public int Count => _entries.Count;

    public Task<TResult> GetOrAdd(long version, TOptions options, Func<Task<TResult>> compute)
    {
        for (var node = _entries.First; node is not null; node = node.Next)
        {
            if (node.Value.Version != version || !EqualityComparer<TOptions>.Default.Equals(node.Value.Options, options)) continue;
            if (node.Value.Result.IsFaulted || node.Value.Result.IsCanceled)
            {
                _entries.Remove(node);
                break;
            }
            _entries.Remove(node);
            _entries.AddFirst(node);
            return node.Value.Result;
        }
        // Entries for an older version can never be asked for again.
        for (var node = _entries.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.Version != version) _entries.Remove(node);
            node = next;
        }
        var result = compute();
        _entries.AddFirst((version, options, result));
        while (_entries.Count > capacity) _entries.RemoveLast();
        return result;
    }
}
