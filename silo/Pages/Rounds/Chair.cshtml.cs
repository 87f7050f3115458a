using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain.Analytics;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Domain;
using Prioritise.Grains;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Rounds;

public sealed class ChairModel(IGrainFactory grains) : CommitteePage(grains)
{
    public IReadOnlyList<CommitteeMemberView> Committee { get; private set; } = [];
    public RoundResults? Results { get; private set; }
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? Totals { get; private set; }
    public RoundAnalysis? Analysis { get; private set; }
    /// <summary>Members' comments by bid, with their names (for the chair once scoring has closed; the grain decides).</summary>
    public ILookup<string, BidComment> Comments { get; private set; } = Array.Empty<BidComment>().ToLookup(c => c.BidId);
    public IReadOnlyList<RankedBid> ForDiscussion => Results?.Bids.Where(b => b.Result.Agreement == Agreement.Low)
        .OrderByDescending(b => b.Result.StandardDeviation).ToList() ?? [];
    private Dictionary<string, string> _titles = new();

    public string Title(string bidId) => _titles.GetValueOrDefault(bidId, bidId);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadRound() is { } refused) return refused;
        if (!IsChair) return Forbid(SessionCookie.Scheme);
        await LoadBoard();
        return Page();
    }

    /// <summary>Keys are issued from the members page now (issue 14: asked first, shown once after a redirect).</summary>
    public bool MayIssueKeys => RoundPolicy.MayManageMembers(Caller.IsAdmin, Caller.IsSecretary);

    public Task<IActionResult> OnPostOpenAsync() => Change(() => RoundGrain.OpenScoring(Caller), () => "Scoring is open.");
    // The notice is worded once the round is loaded: a round without scoring (issue 16) only starts moderation.
    public Task<IActionResult> OnPostCloseAsync() => Change(() => RoundGrain.CloseScoring(Caller),
        () => Unscored ? "The moderation session has started." : "Scoring is closed and the moderation session has started.");

    private async Task<IActionResult> Change(Func<Task> change, Func<string> notice)
    {
        if (await LoadRound() is { } refused) return refused;
        if (await Try(change)) return Done(notice());
        await LoadBoard();
        return Page();
    }

    private async Task LoadBoard()
    {
        Committee = await RoundGrain.GetCommittee(Caller);
        _titles = (await RoundGrain.GetBids(Caller)).ToDictionary(b => b.Bid.Id, b => b.Bid.Title);
        if (!FiguresOpen) return;
        Results = await RoundGrain.GetResults(Caller);
        Comments = (await RoundGrain.GetComments(Caller)).ToLookup(c => c.BidId, StringComparer.Ordinal);
        if (Round!.Status >= RoundStatus.Moderation)
        {
            Totals = await RoundGrain.GetScorerTotals(Caller);
            // A round without scoring (issue 16) has no scores to analyse.
            if (!Unscored) Analysis = await RoundGrain.GetAnalysis(Caller, AnalysisOptions.Default);
        }
    }
}
