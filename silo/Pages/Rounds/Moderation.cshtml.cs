using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Rounds;

public sealed class ModerationModel(IGrainFactory grains) : CommitteePage(grains)
{
    public ModerationView? View { get; private set; }
    /// <summary>Members' comments by bid, with their names (the grain gives them to the chair after close).</summary>
    public ILookup<string, BidComment> Comments { get; private set; } = Array.Empty<BidComment>().ToLookup(c => c.BidId);
    /// <summary>Only the committee's chair acts; an administrator may watch.</summary>
    public bool IsChairMember => !Caller.IsAdmin && RoundPolicy.Allows(false, Seat, RoundAction.Moderate);

    private IModerationGrain Session => Grains.Moderation(RoundId);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } refused) return refused;
        return Page();
    }

    public Task<IActionResult> OnPostMoveAsync(string bidId, string direction, string? moveAfter, string? reason, long version) =>
        Act(view =>
        {
            // (issue 14) "Move after ...": one action for what took a click per place before.
            if (direction == "after")
                return string.IsNullOrEmpty(moveAfter)
                    ? throw DomainException.Invalid("after", "Choose the bid to move it after.")
                    : Command(ModerationActionType.Move, bidId, reason, version) with { After = moveAfter };
            // Up: before the bid (or joint group) above; down: after the one below.
            var rows = view.List.Rows;
            var at = rows.ToList().FindIndex(r => r.Result.BidId == bidId);
            if (at < 0) throw DomainException.NotFound("bidId", "That bid is not in the list.");
            var group = rows[at].JointGroup;
            bool Mine(ModeratedRow r) => r.Result.BidId == bidId || (group is not null && r.JointGroup == group);
            if (direction == "up")
            {
                var above = rows.Take(at).LastOrDefault(r => !Mine(r)) ?? throw DomainException.Invalid("direction", "It is already at the top.");
                return Command(ModerationActionType.Move, bidId, reason, version) with { Before = above.Result.BidId };
            }
            var below = rows.Skip(at + 1).FirstOrDefault(r => !Mine(r)) ?? throw DomainException.Invalid("direction", "It is already at the bottom.");
            return Command(ModerationActionType.Move, bidId, reason, version) with { After = below.Result.BidId };
        }, "Moved.");

    public Task<IActionResult> OnPostAwardAsync(string bidId, decimal? amount, string? reason, long version) =>
        Act(_ => Command(ModerationActionType.Award, bidId, reason, version) with { Amount = amount }, "Partial award made.");

    public Task<IActionResult> OnPostJointAsync(List<string> bidIds, decimal? amount, string? reason, long version) =>
        Act(_ => Command(ModerationActionType.JointAward, null, reason, version) with { BidIds = bidIds, Amount = amount }, "Joint award made.");

    public Task<IActionResult> OnPostConditionAsync(string bidId, string? text, long version) =>
        Act(_ => Command(ModerationActionType.Condition, bidId, null, version) with { Text = text }, "Condition attached.");

    public Task<IActionResult> OnPostDeclineAsync(string bidId, string? reason, long version) =>
        Act(_ => Command(ModerationActionType.Decline, bidId, reason, version), "Bid declined.");

    public Task<IActionResult> OnPostLineAsync(string? bidId, string? reason, long version) =>
        Act(_ => Command(ModerationActionType.SetFundingLine, null, reason, version) with { AfterBidId = bidId },
            bidId is null ? "The line comes from the cap again." : "Funding line set.");

    public Task<IActionResult> OnPostRevertAsync(string actionId, string? reason, long version) =>
        Act(_ => Command(ModerationActionType.Revert, null, reason, version) with { ActionId = actionId }, $"Action {actionId} reverted.");

    /// <summary>(issue 14) The chair's word that the list is ready for finance; any later action withdraws it.</summary>
    public async Task<IActionResult> OnPostReadyAsync(string? note)
    {
        if (await Load() is { } refused) return refused;
        if (View is not null && await Try(() => Session.MarkReady(Caller, new ReadyCommand(note))))
            return Done("Marked ready for finance. Any change you make now withdraws the mark.");
        return await Refresh();
    }

    public async Task<IActionResult> OnPostWithdrawReadyAsync()
    {
        if (await Load() is { } refused) return refused;
        if (View is not null && await Try(() => Session.WithdrawReady(Caller)))
            return Done("The ready mark is withdrawn: finance cannot confirm until you mark the list ready again.");
        return await Refresh();
    }

    /// <summary>
    /// (issue 14) Bids the chair moved themselves (a move not reverted), by id, with their place before
    /// moderation: the board marks them "moved from N". Bids that only shifted as others moved are not marked.
    /// </summary>
    public IReadOnlySet<string> Moved
    {
        get
        {
            if (View is null) return new HashSet<string>();
            var reverted = View.Actions.Where(a => a.Type == ModerationActionType.Revert).Select(a => a.ActionId).ToHashSet();
            return View.Actions.Where(a => a.Type == ModerationActionType.Move && !reverted.Contains(a.Id) && a.BidId is not null)
                .Select(a => a.BidId!).ToHashSet(StringComparer.Ordinal);
        }
    }

    private Dictionary<string, string>? _titles;

    /// <summary>The action as the history shows it: bids by title, the chair's own text untouched.</summary>
    public string Describe(ModerationAction a)
    {
        var titles = _titles ??= View!.List.Rows.ToDictionary(r => r.Result.BidId, r => r.Result.Title);
        return a.Describe(id => titles.GetValueOrDefault(id, id));
    }

    private static ModerationCommand Command(ModerationActionType type, string? bidId, string? reason, long version) =>
        new(type, bidId, null, null, null, null, null, null, null, reason, version);

    private async Task<IActionResult> Act(Func<ModerationView, ModerationCommand> command, string notice)
    {
        if (await Load() is { } refused) return refused;
        if (View is null) return await Refresh();
        if (await Try(() => Session.Act(Caller, command(View), null))) return Done(notice);
        return await Refresh();
    }

    private async Task<IActionResult> Refresh()
    {
        if (await Load() is { } refused) return refused;
        return Page();
    }

    private async Task<IActionResult?> Load()
    {
        if (await LoadRound() is { } refused) return refused;
        if (!IsChair) return Forbid(SessionCookie.Scheme);
        View = Round!.Status >= RoundStatus.Moderation ? await Session.Get(Caller) : null;
        if (View is not null) Comments = (await RoundGrain.GetComments(Caller)).ToLookup(c => c.BidId, StringComparer.Ordinal);
        return null;
    }
}
