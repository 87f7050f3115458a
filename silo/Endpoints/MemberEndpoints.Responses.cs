namespace Prioritise.Silo;

// What the member routes (MemberEndpoints) return.

/// <summary>A new member, or a reissued key: the key is shown here once; only its hash is kept.</summary>
public sealed record MemberCreated(string Id, string ApiKey);
