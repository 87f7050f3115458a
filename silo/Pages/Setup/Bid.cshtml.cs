using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>One bid corrected (with a reason) or withdrawn (with a reason): the grain says what its status allows.</summary>
public sealed class BidSetupModel(IGrainFactory grains) : SetupPage(grains)
{
    [BindProperty(SupportsGet = true, Name = "b")] public string BidId { get; set; } = "";
    [BindProperty] public BidForm Bid { get; set; } = new();
    [BindProperty] public string? WithdrawReason { get; set; }
    public Bid? Current { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } refused) return refused;
        Bid = BidForm.From(Current!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Load() is { } refused) return refused;
        var b = Current!;
        var amount = Pounds(Bid.AmountRequested, "amountRequested");
        if (amount is null && ErrorsFor("amountRequested").Count == 0) Problem("amountRequested", "Enter the amount requested in pounds.");
        var recipients = Bid.Recipients ?? [Bid.SponsoringOrganisation?.Trim() ?? ""];
        // Only what was changed is sent: a field left as it was is null, "left as it is".
        var command = new CorrectBid(
            Same(Bid.Title, b.Title) ? null : Bid.Title ?? "",
            Same(Bid.Workstream, b.Workstream) ? null : Bid.Workstream ?? "",
            Same(Bid.Summary, b.Summary) ? null : Bid.Summary ?? "",
            Same(Bid.SponsoringOrganisation, b.SponsoringOrganisation) ? null : Bid.SponsoringOrganisation ?? "",
            recipients.SequenceEqual(b.RecipientOrganisations) ? null : recipients,
            amount == b.AmountRequested ? null : amount,
            Bid.Reason, Bid.Version);
        if (Errors.Count == 0)
        {
            if (command is { Title: null, Workstream: null, Summary: null, SponsoringOrganisation: null, RecipientOrganisations: null, AmountRequested: null })
                Problem("", "Nothing was changed: change the bid, then save it with the reason for the change.");
            else if (await TryChange(() => RoundGrain.CorrectBid(Caller, BidId, command)))
                return Done($"The bid '{b.Title}' is corrected; the audit trail keeps the reason.", "/Setup/Bid", new { r = RoundId, b = BidId });
        }
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync()
    {
        if (await Load() is { } refused) return refused;
        if (await TryChange(() => RoundGrain.WithdrawBid(Caller, BidId, WithdrawReason)))
            return Done($"The bid '{Current!.Title}' is withdrawn. It stays on record, out of the results.", "/Setup/Bids", new { r = RoundId });
        FieldErrors.TryAdd("withdraw", FieldErrors.GetValueOrDefault("reason") ?? []);
        Bid = BidForm.From(Current!);
        return Page();
    }

    private static bool Same(string? typed, string was) => (typed?.Trim() ?? "") == was;

    private async Task<IActionResult?> Load()
    {
        if (await LoadRound() is { } refused) return refused;
        if (!MaySetUp) return Forbid(SessionCookie.Scheme);
        if (!Ids.IsValid(BidId)) return NotFound();
        Current = (await RoundGrain.GetBids(Caller)).FirstOrDefault(v => v.Bid.Id == BidId)?.Bid;
        return Current is null ? NotFound() : null;
    }
}
