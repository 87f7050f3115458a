using Microsoft.AspNetCore.Mvc;
using Prioritise.Grains;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Rounds;

public sealed class RoundModel(IGrainFactory grains) : CommitteePage(grains)
{
    public IReadOnlyList<BidView> Bids { get; private set; } = [];
    public HashSet<string> Submitted { get; } = [];
    public int Eligible => Bids.Count(b => b.Conflicted != true);
    /// <summary>Sheets the member has still to submit: bids they may score and have not.</summary>
    public int Outstanding => Bids.Count(b => b.Conflicted != true && !Submitted.Contains(b.Bid.Id));

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadRound() is { } refused) return refused;
        Bids = await RoundGrain.GetBids(Caller);
        if (IsScorer) Submitted.UnionWith(await RoundGrain.GetMySubmittedBids(Caller));
        return Page();
    }
}
