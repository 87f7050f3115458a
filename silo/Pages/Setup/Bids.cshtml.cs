using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Grains;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>The round's bids, and a bid added by hand (issue 14).</summary>
public sealed class BidsSetupModel(IGrainFactory grains) : SetupPage(grains)
{
    public IReadOnlyList<BidView> Bids { get; private set; } = [];
    [BindProperty] public BidForm Bid { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } refused) return refused;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Load() is { } refused) return refused;
        var amount = Pounds(Bid.AmountRequested, "amountRequested");
        var command = new AddBid(string.IsNullOrWhiteSpace(Bid.Id) ? null : Bid.Id.Trim(), Bid.Title, Bid.Workstream,
            Bid.SponsoringOrganisation, Bid.Recipients, amount, Bid.Summary);
        if (command.Id is not null && !Ids.IsValid(command.Id)) Problem("id", $"'id' {Ids.Rule}.");
        if (Errors.Count == 0 && await TryChange(() => RoundGrain.AddBid(Caller, command)))
            return Done($"The bid '{command.Title!.Trim()}' is added.");
        return Page();
    }

    private async Task<IActionResult?> Load()
    {
        if (await LoadRound() is { } refused) return refused;
        if (!MaySetUp) return Forbid(SessionCookie.Scheme);
        Bids = await RoundGrain.GetBids(Caller);
        return null;
    }
}
