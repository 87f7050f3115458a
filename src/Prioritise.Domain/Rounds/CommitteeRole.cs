namespace Prioritise.Domain.Rounds;

public enum CommitteeRole { Scorer, Chair, Finance }

/// <summary>A member's seat on one round's committee, with the register as it stood at appointment.</summary>
public sealed record CommitteeSeat(
    string MemberId,
    string Name,
    string Organisation,
    IReadOnlyList<Members.Interest> Interests,
    IReadOnlyList<CommitteeRole> Roles)
{
    public bool Has(CommitteeRole role) => Roles.Contains(role);
}
