namespace Prioritise.Domain.Members;

public enum InterestType { Pecuniary, NonPecuniary, Indirect }

/// <summary>One entry in a member's register of interests (employer, directorship, spouse's employer...).</summary>
/// <remarks>An interest with <see cref="EndedOn"/> is kept on the register for the record (issue 14).</remarks>
public sealed record Interest(string Organisation, InterestType Type, string Description, DateOnly? EndedOn = null);

/// <param name="Email">Shown only to the secretary and the administrator (issue 14/17).</param>
/// <param name="ExternalId">The identity provider's <c>sub</c>, once matched (issue 17).</param>
/// <param name="Secretary">The organisation-wide secretary role, granted by the administrator (issue 14).</param>
/// <param name="Version">Counts the profile's changes: a correction may name the version it expects.</param>
public sealed record MemberProfile(
    string Id, string Name, string Organisation, IReadOnlyList<Interest> Interests,
    string? Email = null, string? ExternalId = null, bool Secretary = false, long Version = 1);
