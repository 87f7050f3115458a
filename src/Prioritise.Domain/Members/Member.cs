namespace Prioritise.Domain.Members;

public enum InterestType { Pecuniary, NonPecuniary, Indirect }

/// <summary>One entry in a member's register of interests (employer, directorship, spouse's employer...).</summary>
public sealed record Interest(string Organisation, InterestType Type, string Description);

public sealed record MemberProfile(string Id, string Name, string Organisation, IReadOnlyList<Interest> Interests);
