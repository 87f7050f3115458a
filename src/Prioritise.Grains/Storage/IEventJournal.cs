namespace Prioritise.Grains.Storage;

/// <summary>
/// Append-only streams of entries, for state that grows with every write. A bid's score sheets
/// are the case in point: writing its whole state (every sheet and its audit trail) again for each
/// new sheet made a bid's twentieth sheet cost twenty times its first. An entry is written once,
/// numbered 1, 2, 3, ... within its stream; an append completes only once it is durable.
/// </summary>
public interface IEventJournal
{
    /// <summary>The stream's entries in order (empty when it has none).</summary>
    Task<IReadOnlyList<byte[]>> Read(string stream);

    /// <summary>
    /// Writes entry number <paramref name="sequence"/>. If the stream already holds that number
    /// (another copy of the grain wrote first), nothing is written and this throws
    /// <see cref="Orleans.Storage.InconsistentStateException"/>, as a stale state write does.
    /// </summary>
    Task Append(string stream, long sequence, byte[] payload);

    /// <summary>
    /// For a store reading a stream in order: adds the entry numbered <paramref name="sequence"/>,
    /// which must be the next one; a gap means the stream is damaged and nothing may be replayed.
    /// </summary>
    internal static void AddNext(List<byte[]> entries, string stream, long sequence, byte[] payload)
    {
        if (sequence != entries.Count + 1)
            throw new InvalidOperationException($"Journal stream {stream} has no entry {entries.Count + 1}.");
        entries.Add(payload);
    }
}

/// <summary>
/// One grain's stream in the journal, for the grain's activation: it replays the stream when the
/// grain activates and appends the grain's next entries, numbering them 1, 2, 3, ...
/// Entries are turned into bytes by <paramref name="write"/> and back by <paramref name="read"/>
/// (a journal whose entries changed form reads both forms; see ModerationJournalCodec).
/// </summary>
public sealed class GrainJournal<TEntry>(IEventJournal journal, Func<TEntry, byte[]> write, Func<byte[], TEntry?> read, Grain grain, string stream)
{
    /// <summary>Entries of one type, as Orleans' serializer writes it.</summary>
    public GrainJournal(IEventJournal journal, Orleans.Serialization.Serializer<TEntry> serializer, Grain grain, string stream)
        : this(journal, entry => serializer.SerializeToArray(entry), bytes => serializer.Deserialize(bytes), grain, stream) { }

    private long _length;

    /// <summary>The state after every entry so far, applied in order to <paramref name="state"/>.</summary>
    public async Task<TState> Replay<TState>(TState state, Func<TState, TEntry, TState> apply)
    {
        var entries = await journal.Read(stream);
        foreach (var entry in entries)
            state = apply(state, read(entry) ?? throw new InvalidDataException($"Journal stream {stream} holds an empty entry."));
        _length = entries.Count;
        return state;
    }

    /// <summary>
    /// Appends the grain's next entry; the grain moves its memory on only after this returns. If
    /// another copy of the grain wrote that number first (a cluster re-placing it), this copy is
    /// stale: it is deactivated, so the next call replays the stream afresh, and the caller hears
    /// the refusal.
    /// </summary>
    public async Task Append(TEntry entry)
    {
        try
        {
            await journal.Append(stream, _length + 1, write(entry));
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            grain.DeactivateOnIdle();
            throw;
        }
        _length++;
    }
}
