using System.Security.Cryptography;
using System.Text.Json;

namespace Prioritise.Domain.Moderation;

/// <summary>
/// The Idempotency-Key rule for the chair's actions and finance's confirmations. A key is the
/// caller's own: two people using the same key are two requests. A key is bound to the request's
/// body: the same key again with the same body answers what the first produced (a retry); with
/// another body it is refused (422), never answered with the earlier result and never dropped.
/// </summary>
public static class Idempotency
{
    /// <summary>Where a request's key is remembered: per kind of request and per caller.</summary>
    public static string Slot(string kind, string callerId, string key) =>
        // The caller's id is length-prefixed, so no id and key pair can be mistaken for another.
        $"{kind}:{callerId.Length}:{callerId}:{key}";

    /// <summary>A fingerprint of the body: the same command gives the same one.</summary>
    public static string Fingerprint<T>(T body) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body)));

    /// <summary>What is remembered for a slot: what the request produced and its body's fingerprint.</summary>
    public static string Remembered(string produced, string fingerprint) => produced + "#" + fingerprint;

    /// <summary>
    /// What an earlier request with this slot produced, or null if there was none. Refuses a
    /// reused key whose body differs. (Keys remembered before this rule were kept under other
    /// slots, "action:{key}", which no slot here names: such a retry is applied as a new request.)
    /// </summary>
    public static string? Earlier(IReadOnlyDictionary<string, string> applied, string slot, string fingerprint)
    {
        if (!applied.TryGetValue(slot, out var remembered)) return null;
        var hash = remembered.LastIndexOf('#');
        if (!remembered.AsSpan(hash + 1).SequenceEqual(fingerprint))
            throw DomainException.Unprocessable("Idempotency-Key",
                "This Idempotency-Key was already used for a different request; use a new key for a new request.");
        return remembered[..hash];
    }
}
