using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Rounds;
using Prioritise.Reports;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Rounds;

/// <summary>
/// (issue 14) The round's audit trail for those <c>RoundPolicy</c> lets read it (<c>ReadAudit</c>):
/// exactly what GET /api/rounds/{r}/audit gives the reader (the round grain applies
/// <c>Disclosure.Audit</c>), narrowed by bid, member and kind, and downloadable as CSV.
/// </summary>
public sealed class AuditModel(IGrainFactory grains) : CommitteePage(grains)
{
    [BindProperty(SupportsGet = true)] public string? Bid { get; set; }
    [BindProperty(SupportsGet = true)] public string? Member { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }

    public IReadOnlyList<AuditEvent> Trail { get; private set; } = [];
    public IReadOnlyList<(int Position, AuditEvent Event)> Entries { get; private set; } = [];

    /// <summary>The filter's choices: what the trail the reader sees holds.</summary>
    public IReadOnlyList<(string Id, string Name)> Bids { get; private set; } = [];
    public IReadOnlyList<string> Members => Trail.SelectMany(e => new[] { e.Actor, e.MemberId })
        .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    public IReadOnlyList<string> Kinds => Trail.Select(e => e.Action).Distinct(StringComparer.Ordinal).ToList();

    public AuditFilter Filter => new(Blank(Bid), Blank(Member), Blank(Kind));

    public string BidName(string? bidId) => bidId is null ? "" : Bids.FirstOrDefault(b => b.Id == bidId).Name ?? bidId;

    public async Task<IActionResult> OnGetAsync() => await Load() ?? Page();

    public async Task<IActionResult> OnGetCsvAsync()
    {
        if (await Load() is { } refused) return refused;
        return File(AuditReport.Csv(Entries), AuditReport.ContentType, $"{RoundId}-audit.csv");
    }

    private async Task<IActionResult?> Load()
    {
        if (await LoadRound() is { } refused) return refused;
        if (!RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, Seat, RoundAction.ReadAudit)) return Forbid(SessionCookie.Scheme);
        try
        {
            Trail = await RoundGrain.GetAudit(Caller);
        }
        catch (DomainException e) when (e.Refusal is Refusal.Forbidden) { return Forbid(SessionCookie.Scheme); }
        Entries = Filter.Apply(Trail);
        // The bid filter's titles; a reader of the trail who may not list the bids filters by id.
        try { Bids = (await RoundGrain.GetBids(Caller)).Select(b => (b.Bid.Id, b.Bid.Title)).ToList(); }
        catch (DomainException) { Bids = Trail.Select(e => e.BidId).OfType<string>().Distinct(StringComparer.Ordinal).Select(id => (id, id)).ToList(); }
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
