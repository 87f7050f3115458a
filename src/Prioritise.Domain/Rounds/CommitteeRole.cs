namespace Prioritise.Domain.Rounds;

/// <remarks>The secretary (committee secretary or governance officer) sets the round up and corrects
/// it, and issues keys; they never score. New roles go at the end: stored seats keep their values.
/// An applicant (issue 15) is a workstream lead who applies to the round's call; they sit on the round
/// with a register of interests like anyone else, and never score.</remarks>
public enum CommitteeRole { Scorer, Chair, Finance, Secretary, Applicant }

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
