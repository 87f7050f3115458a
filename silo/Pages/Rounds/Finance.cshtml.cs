using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Analytics;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;
using Prioritise.Reports;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Rounds;

public sealed class FinanceModel(IGrainFactory grains) : CommitteePage(grains)
{
    public ModerationView? View { get; private set; }
    public IReadOnlyList<Decision> Decisions { get; private set; } = [];
    public RoundAnalysis? Analysis { get; private set; }
    /// <summary>Only the committee's finance member confirms or revises; an administrator may watch.</summary>
    public bool IsFinanceMember => !Caller.IsAdmin && RoundPolicy.Allows(false, Seat, RoundAction.Confirm);

    private IModerationGrain Session => Grains.Moderation(RoundId);

    public string Title(string bidId) => View?.List.Find(bidId)?.Result.Title ?? bidId;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } refused) return refused;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(bool acceptOverCommitment, string? reason, long version)
    {
        if (await Load() is { } refused) return refused;
        Decision? decision = null;
        if (await Try(async () => decision = await Session.Confirm(Caller, new ConfirmCommand(acceptOverCommitment, reason, null, version), null)))
            return Done($"Decision {decision!.Number} confirmed: {Money(decision.FundedTotal)} funded.");
        return await Reload();
    }

    public async Task<IActionResult> OnPostReviseAsync(decimal? fundingCap, string? reason)
    {
        if (await Load() is { } refused) return refused;
        CapRevision? revision = null;
        if (await Try(async () => revision = await Session.ReviseCap(Caller, new CapRevisionCommand(fundingCap, reason))))
            return Done($"Cap revised to {Money(revision!.FundingCap)}; {revision.NoLongerFit.Count} funded scheme(s) no longer fit.");
        return await Reload();
    }

    public async Task<IActionResult> OnGetReportAsync(string format, int? decision)
    {
        if (await Load() is { } refused) return refused;
        if (!BoardReports.Formats.ContainsKey(format)) return NotFound();
        try
        {
            var (content, contentType, name) = await BoardReports.Render(Grains, Caller, RoundId, decision, format);
            return File(content, contentType, name);
        }
        catch (DomainException e) when (e.Refusal == Refusal.NotFound) { return NotFound(); }
    }

    private async Task<IActionResult> Reload() => await Load() ?? Page();

    private async Task<IActionResult?> Load()
    {
        if (await LoadRound() is { } refused) return refused;
        if (!IsFinance) return Forbid(SessionCookie.Scheme);
        if (Round!.Status >= RoundStatus.Moderation)
        {
            View = await Session.Get(Caller);
            Decisions = await Session.GetDecisions(Caller);
            // A round without scoring (issue 16) has no scores to analyse.
            if (!Unscored) Analysis = await RoundGrain.GetAnalysis(Caller, AnalysisOptions.Default);
        }
        return null;
    }
}
