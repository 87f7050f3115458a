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
        _ => role.ToString(),
    };

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } refused) return refused;
        return Page();
    }

    public Task<IActionResult> OnPostAppointAsync(string? memberId, List<CommitteeRole>? roles) =>
        Change(() => RoundGrain.Appoint(Caller, Id(memberId), new AppointMember(roles ?? [])), () => $"{NameOf(memberId)} is on the committee.", setUp: true);

    public Task<IActionResult> OnPostRolesAsync(string? memberId, List<CommitteeRole>? roles) =>
        Change(() => RoundGrain.Appoint(Caller, Id(memberId), new AppointMember(roles ?? [])), () => $"{NameOf(memberId)}'s roles are changed.", setUp: true);

    public Task<IActionResult> OnPostRemoveAsync(string? memberId, string? reason) =>
        Change(() => RoundGrain.RemoveSeat(Caller, Id(memberId), reason), () => $"{NameOf(memberId)} is no longer on the committee.", setUp: true);

    public Task<IActionResult> OnPostConflictAsync(string? memberId, string? bidId, string? reason) =>
        Change(() => RoundGrain.RecordConflict(Caller, new RecordConflict(memberId, bidId, reason)), () => "The conflict of interest is recorded.", setUp: false);

    /// <summary>The member's name for the notice (the id if they are not to be found).</summary>
    private string NameOf(string? memberId) =>
        Committee.FirstOrDefault(c => c.Seat.MemberId == memberId)?.Seat.Name ?? Members.FirstOrDefault(m => m.Id == memberId)?.Name ?? memberId ?? "";

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
