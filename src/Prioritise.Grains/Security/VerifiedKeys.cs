using System.Collections.Concurrent;

namespace Prioritise.Grains.Security;

/// <summary>
/// Member keys the member grains confirmed a moment ago, so that every request does not call the
/// member's grain again to check the key it checked on the last one (a tenth of a sheet's cost).
/// Only confirmed keys are kept, by their SHA-256, never the key itself.
/// <para>
/// It must never outlive a key: replacing a member's key forgets every key remembered for that
/// member before the replacement returns (<see cref="Forget"/>, called by the member grain), and a
/// confirmation that raced with a replacement is not remembered (the generation check). That is
/// exact only where the member grain and every HTTP front end share a process: the embedded
/// single silo. A cluster's silos cannot hear of a replacement made on another silo, so there the
/// memory is off (<see cref="Off"/>) and every request asks the member grain.
/// </para>
/// </summary>
public sealed class VerifiedKeys(TimeSpan lifetime, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);

    private sealed record Entry(string MemberId, long Generation, DateTimeOffset Expires, bool Secretary = false);

    /// <summary>For the embedded single silo: remembered for a minute, forgotten at once on replacement.</summary>
    public static VerifiedKeys SingleSilo() => new(TimeSpan.FromMinutes(1), TimeProvider.System);

    /// <summary>For a cluster: remembers nothing.</summary>
    public static VerifiedKeys Off() => new(TimeSpan.Zero, TimeProvider.System);

    public bool Enabled => lifetime > TimeSpan.Zero;

    /// <summary>
    /// Whether this is the member's current key: from memory when it was confirmed a moment ago,
    /// else from the member's grain (remembered if so). Every way in (API keys, page sessions) asks here.
    /// </summary>
    public async Task<bool> Check(IGrainFactory grains, string memberId, byte[] keyHash) =>
        (await Verify(grains, memberId, keyHash)).Valid;

    /// <summary>
    /// As <see cref="Check"/>, with the member's organisation-wide secretary grant (issue 14),
    /// remembered with the key: the member grain forgets the member here when the grant changes,
    /// as when the key is replaced, so a removed grant counts from the next request.
    /// </summary>
    public async Task<KeyCheck> Verify(IGrainFactory grains, string memberId, byte[] keyHash)
    {
        if (Known(memberId, keyHash) is { } known) return new KeyCheck(true, known.Secretary);
        var generation = Generation(memberId);
        var check = await grains.Member(memberId).CheckKey(keyHash);
        if (check.Valid) Remember(memberId, keyHash, generation, check.Secretary);
        return check;
    }

    /// <summary>Read before asking the member grain; hand the value to <see cref="Remember"/>.</summary>
    public long Generation(string memberId) => _generations.GetValueOrDefault(memberId);

    /// <summary>Whether this key was confirmed for this member, since its last replacement, within the lifetime.</summary>
    public bool IsKnown(string memberId, byte[] keyHash) => Known(memberId, keyHash) is not null;

    private Entry? Known(string memberId, byte[] keyHash)
    {
        if (!Enabled || !_keys.TryGetValue(Convert.ToBase64String(keyHash), out var entry)) return null;
        return entry.MemberId == memberId && entry.Generation == Generation(memberId) && time.GetUtcNow() < entry.Expires ? entry : null;
    }

    /// <summary>
    /// Remembers a key the member grain confirmed, unless the member's key was replaced since
    /// <paramref name="generationBeforeCheck"/> was read (the confirmation may be of the old key).
    /// </summary>
    public void Remember(string memberId, byte[] keyHash, long generationBeforeCheck, bool secretary = false)
    {
        if (!Enabled || Generation(memberId) != generationBeforeCheck) return;
        _keys[Convert.ToBase64String(keyHash)] = new Entry(memberId, generationBeforeCheck, time.GetUtcNow() + lifetime, secretary);
    }

    /// <summary>The member's key was replaced, or their secretary grant changed: nothing remembered for them before now counts.</summary>
    public void Forget(string memberId)
    {
        _generations.AddOrUpdate(memberId, 1, (_, generation) => generation + 1);
        foreach (var (hash, entry) in _keys)
            if (entry.MemberId == memberId) _keys.TryRemove(hash, out _);
    }
}
