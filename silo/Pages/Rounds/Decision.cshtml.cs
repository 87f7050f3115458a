using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Moderation;
using Prioritise.Grains;
using Prioritise.Reports;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Rounds;

/// <summary>
/// (issue 14) A confirmed decision as a page: who confirmed it and when, the over-commitment and
/// why it was accepted, the frozen table; after a cap revision, what changed from the decision
/// before. Who may read it is the moderation grain's (<c>RoundAction.ReadModeration</c>).
/// </summary>
public sealed class DecisionModel(IGrainFactory grains) : CommitteePage(grains)
{
    [BindProperty(SupportsGet = true, Name = "n")] public int Number { get; set; }

    public Decision? Shown { get; private set; }
    public Decision? Earlier { get; private set; }
    public DecisionChanges? Changes { get; private set; }
    public int Count { get; private set; }
    /// <summary>The cap revision that reopened the decision before this one, if any.</summary>
    public CapRevision? Revision { get; private set; }
    /// <summary>(issue 16) Where the decision stands in its governance: confirmed, approved, declined or superseded.</summary>
    public DecisionStanding? Standing { get; private set; }
    public bool MayReadPaper => Prioritise.Domain.Rounds.RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, Seat, Prioritise.Domain.Rounds.RoundAction.ReadPaper);

    private IModerationGrain Session => Grains.Moderation(RoundId);

    public string Title(string bidId) => Shown?.Rows.FirstOrDefault(r => r.Result.BidId == bidId)?.Result.Title ?? bidId;

    public async Task<IActionResult> OnGetAsync() => await Load() ?? Page();

    public async Task<IActionResult> OnGetReportAsync(string format)
    {
        if (await Load() is { } refused) return refused;
        if (!BoardReports.Formats.ContainsKey(format)) return NotFound();
        var (content, contentType, name) = await BoardReports.Render(Grains, Caller, RoundId, Number, format);
        return File(content, contentType, name);
    }

    /// <summary>(issue 16) The board paper of this decision as a Word document, with the figures this reader may see.</summary>
    public async Task<IActionResult> OnGetPaperAsync()
    {
        if (await Load() is { } refused) return refused;
        try
        {
            var paper = await Grains.Governance(RoundId).Paper(Caller, Number);
            return File(BoardPaperDocument.Write(paper), BoardPaperDocument.ContentType, $"{RoundId}-decision-{Number}-paper.docx");
        }
        catch (DomainException e) when (e.Refusal is Refusal.Forbidden) { return Forbid(SessionCookie.Scheme); }
        catch (DomainException e) when (e.Refusal is Refusal.NotFound) { return NotFound(); }
    }

    private async Task<IActionResult?> Load()
    {
        if (await LoadRound() is { } refused) return refused;
        try
        {
            var decisions = await Session.GetDecisions(Caller);
            Count = decisions.Count;
            if (Number < 1 || Number > decisions.Count) return NotFound();
            Shown = decisions[Number - 1];
            if (Number > 1)
            {
                Earlier = decisions[Number - 2];
                Changes = DecisionChanges.Between(Earlier, Shown);
                Revision = (await Session.Get(Caller)).CapRevisions.LastOrDefault(c => c.RevisedAt > Earlier.ConfirmedAt && c.RevisedAt < Shown.ConfirmedAt);
            }
            Standing = await Grains.Governance(RoundId).Standing(Caller, Number);
        }
        catch (DomainException e) when (e.Refusal is Refusal.Forbidden) { return Forbid(SessionCookie.Scheme); }
        catch (DomainException e) when (e.Refusal is Refusal.NotFound) { return NotFound(); }
        // Moderation not started: no decision yet.
        catch (DomainException e) when (e.Refusal is Refusal.Conflict) { return NotFound(); }
        return null;
    }
}
