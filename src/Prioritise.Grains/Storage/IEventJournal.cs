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
}

public static class EventJournalExtensions
{
    /// <summary>
    /// Appends a grain's next entry. If another copy of the grain wrote that number first (a cluster
    /// re-placing it), this copy is stale: it is deactivated, so the next call reads the journal
    /// afresh, and the caller hears the refusal. The caller moves its memory on only after this returns.
    /// </summary>
    public static async Task AppendAsNext(this IEventJournal journal, Grain grain, string stream, long sequence, byte[] payload)
    {
        try
        {
            await journal.Append(stream, sequence, payload);
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
