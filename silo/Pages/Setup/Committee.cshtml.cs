using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>The committee's seats and roles (add, change, remove with a reason) and the chair-recorded conflicts (issue 14).</summary>
public sealed class CommitteeSetupModel(IGrainFactory grains) : SetupPage(grains)
{
    public IReadOnlyList<CommitteeMemberView> Committee { get; private set; } = [];
    public IReadOnlyList<MemberProfile> Members { get; private set; } = [];
    public IReadOnlyList<BidView> Bids { get; private set; } = [];
    public IEnumerable<MemberProfile> NotSeated => Members.Where(m => Committee.All(c => c.Seat.MemberId != m.Id));
    public string BidTitle(string id) => Bids.FirstOrDefault(b => b.Bid.Id == id)?.Bid.Title ?? id;

    public static readonly CommitteeRole[] AllRoles = Enum.GetValues<CommitteeRole>();

    public static string RoleName(CommitteeRole role) => role switch
    {
        CommitteeRole.Scorer => "Scorer",
        CommitteeRole.Chair => "Chair",
        CommitteeRole.Finance => "Finance",
        CommitteeRole.Secretary => "Secretary",
        CommitteeRole.Applicant => "Applicant",
        _ => role.ToString(),
    };

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } refused) return refused;
        return Page();
    }

    public Task<IActionResult> OnPostAppointAsync(string? memberId, List<CommitteeRole>? roles) =>
        Change(() => RoundGrain.Appoint(Caller, Id(memberId), new AppointMember(roles ?? [])), () => $"{NameOf(memberId)} is on the committee.", setUp: true);

    /// <summary>
    /// Invites a registered member to apply (issue 15 item 2): the same Appoint call, with the one
    /// role Applicant. A member already seated is sent to their roles instead, since Appoint would
    /// replace the roles they hold (a scorer quietly made an applicant only).
    /// </summary>
    public async Task<IActionResult> OnPostInviteAsync(string? inviteMemberId)
    {
        if (await Load() is { } refused) return refused;
        if (!MaySetUp) return Forbid(SessionCookie.Scheme);
        if (Committee.Any(c => c.Seat.MemberId == inviteMemberId))
        {
            Problem("inviteMemberId", $"{NameOf(inviteMemberId)} is already on the committee: tick Applicant in their roles above instead.");
            return Page();
        }
        if (await TryChange(() => RoundGrain.Appoint(Caller, InviteId(inviteMemberId), new AppointMember([CommitteeRole.Applicant]))))
            return Done($"{NameOf(inviteMemberId)} is invited to apply: they can start an application while the call is open.");
        return Page();
    }

    public Task<IActionResult> OnPostRolesAsync(string? memberId, List<CommitteeRole>? roles) =>
        Change(() => RoundGrain.Appoint(Caller, Id(memberId), new AppointMember(roles ?? [])), () => $"{NameOf(memberId)}'s roles are changed.", setUp: true);

    public Task<IActionResult> OnPostRemoveAsync(string? memberId, string? reason) =>
        Change(() => RoundGrain.RemoveSeat(Caller, Id(memberId), reason), () => $"{NameOf(memberId)} is no longer on the committee.", setUp: true);

    public Task<IActionResult> OnPostConflictAsync(string? memberId, string? bidId, string? reason) =>
        Change(() => RoundGrain.RecordConflict(Caller, new RecordConflict(memberId, bidId, reason)), () => "The conflict of interest is recorded.", setUp: false);

    /// <summary>The member's name for the notice (the id if they are not to be found).</summary>
    private string NameOf(string? memberId) =>
        Committee.FirstOrDefault(c => c.Seat.MemberId == memberId)?.Seat.Name ?? Members.FirstOrDefault(m => m.Id == memberId)?.Name ?? memberId ?? "";

    // The invite form's own field name, so its refusal shows beside it and not beside the committee's form.
    private static string InviteId(string? memberId) => Ids.IsValid(memberId) ? memberId! : throw DomainException.Invalid("inviteMemberId", "Choose the member to invite.");

    private static string Id(string? memberId) => Ids.IsValid(memberId) ? memberId! : throw DomainException.Invalid("memberId", "Choose a member.");

    private async Task<IActionResult> Change(Func<Task> change, Func<string> notice, bool setUp)
    {
        if (await Load() is { } refused) return refused;
        if (setUp ? !MaySetUp : !MayRecordConflicts) return Forbid(SessionCookie.Scheme);
        if (await TryChange(change)) return Done(notice());
        return Page();
    }

    private async Task<IActionResult?> Load()
    {
        if (await LoadRound() is { } refused) return refused;
        if (!MaySetUp && !MayRecordConflicts) return Forbid(SessionCookie.Scheme);
        await LoadLists();
        return null;
    }

    private async Task LoadLists()
    {
        Committee = await RoundGrain.GetCommittee(Caller);
        Bids = await RoundGrain.GetBids(Caller);
        if (MayManageMembers) Members = await MemberChoices.All(Grains);
    }
}
