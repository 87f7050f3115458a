using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Governance;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;
using Prioritise.Grains;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Rounds;

/// <summary>
/// (issue 16) The money of the decision in force: per funded scheme its award, what finance has
/// released and what its returns say it spent; the conditions, discharged by the chair or finance;
/// finance's releases; and the chair's feedback for applicants. Every rule is the governance
/// grain's (FundingRules, ConditionRules); who sees what is RoundPolicy's.
/// </summary>
public sealed class FundingModel(IGrainFactory grains) : SetupPage(grains)
{
    // The release form, as typed.
    [BindProperty] public string? ReleaseBidId { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? ReleaseReason { get; set; }

    // A discharge form, as typed.
    [BindProperty] public string? Discharge { get; set; }
    [BindProperty] public string? Evidence { get; set; }
    [BindProperty] public string? WaiveReason { get; set; }

    // A feedback form, as typed.
    [BindProperty] public string? FeedbackText { get; set; }
    [BindProperty] public bool ReleaseFeedback { get; set; }

    public FundingView? View { get; private set; }
    /// <summary>The decision in force, where the caller reads the moderation (the chair, finance): every bid on it, for feedback.</summary>
    public Decision? InForce { get; private set; }
    public IReadOnlyList<BidFeedback> Feedback { get; private set; } = [];

    /// <summary>Which form a refusal belongs to ("release", a condition's id, "feedback-{bid}"), so its messages show there.</summary>
    public string? Failed { get; private set; }

    public bool MayDischarge => RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, Seat, RoundAction.DischargeCondition);
    public bool MayRelease => RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, Seat, RoundAction.ReleaseFunds);
    public bool MayWriteFeedback => RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, Seat, RoundAction.WriteFeedback);

    private IGovernanceGrain Governance => Grains.Governance(RoundId);

    public string Title(string bidId) =>
        View?.Position.Schemes.FirstOrDefault(s => s.BidId == bidId)?.Title
        ?? InForce?.Rows.FirstOrDefault(r => r.Result.BidId == bidId)?.Result.Title
        ?? bidId;

    public async Task<IActionResult> OnGetAsync() => await Load() ?? Page();

    public async Task<IActionResult> OnPostReleaseAsync()
    {
        if (await Load() is { } refused) return refused;
        Failed = "release";
        var amount = Pounds(Amount, "amount");
        if (FieldErrors.Count > 0) return Page();
        Release? release = null;
        if (!await TryChange(async () => release = await Governance.Release(Caller, new ReleaseFunds(ReleaseBidId, amount, ReleaseReason))))
            return Page();
        return Done($"{Money(release!.Amount)} released to {Title(release.BidId)}.");
    }

    public async Task<IActionResult> OnPostDischargeAsync(string condition)
    {
        if (await Load() is { } refused) return refused;
        Failed = condition;
        DischargeOutcome? outcome = Discharge switch { "met" => DischargeOutcome.Met, "waived" => DischargeOutcome.Waived, _ => null };
        Condition? done = null;
        if (!await TryChange(async () => done = await Governance.Discharge(Caller, condition, new DischargeCondition(outcome, Evidence, WaiveReason))))
            return Page();
        return Done($"Condition on {Title(done!.BidId)} recorded as {(done.Status == ConditionStatus.Met ? "met" : "waived")}.");
    }

    public async Task<IActionResult> OnPostFeedbackAsync(string bid)
    {
        if (await Load() is { } refused) return refused;
        Failed = "feedback-" + bid;
        BidFeedback? written = null;
        if (!await TryChange(async () => written = await Governance.WriteFeedback(Caller, bid, new WriteFeedback(FeedbackText, ReleaseFeedback))))
            return Page();
        return Done($"Feedback on {Title(written!.BidId)} saved{(written.Released ? " and released to the applicant" : " (not released)")}.");
    }

    private async Task<IActionResult?> Load()
    {
        if (await LoadRound() is { } refused) return refused;
        if (!RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, Seat, RoundAction.ReadFunding)) return Forbid(SessionCookie.Scheme);
        View = await Governance.Funding(Caller);
        if (View.DecisionNumber is { } n && RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, Seat, RoundAction.ReadModeration))
        {
            var decisions = await Grains.Moderation(RoundId).GetDecisions(Caller);
            InForce = decisions.FirstOrDefault(d => d.Number == n);
        }
        if (View.DecisionNumber is not null) Feedback = await Governance.Feedback(Caller);
        return null;
    }

    public static string ConditionWords(ConditionStatus status) => status switch
    {
        ConditionStatus.Open => "Open",
        ConditionStatus.Met => "Met",
        _ => "Waived",
    };

    public static string ConditionTag(ConditionStatus status) => status == ConditionStatus.Open ? "red" : "green";

    /// <summary>"£183k": GBP 000s, as the board tables have them.</summary>
    public static string Thousands(decimal pounds) => "£" + Display.ThousandsText(pounds) + "k";

    /// <summary>Pounds as typed on the form: the amount as it was (refused), otherwise empty.</summary>
    public string? TypedFor(string form, string? value) => Failed == form ? value : null;
}
