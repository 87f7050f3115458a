using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Prioritise.Domain;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;
using Prioritise.Silo.Auth;

namespace Prioritise.Silo.Web;

/// <summary>
/// What every committee page shares: who is signed in, the grains, and refusals shown as messages
/// on the page rather than as error screens. Pages are thin like the endpoints: the grains decide.
/// </summary>
public abstract class CommitteePage(IGrainFactory grains) : PageModel
{
    protected IGrainFactory Grains { get; } = grains;
    public Caller Caller => User.Caller();
    public List<string> Errors { get; } = [];

    [BindProperty(SupportsGet = true, Name = "r")] public string RoundId { get; set; } = "";

    public RoundView? Round { get; private set; }
    public CommitteeSeat? Seat { get; private set; }
    // What the pages show is what RoundPolicy lets the caller do. The chair's page and the board: the chair (and the administrator, who may watch); since issue 14
    // the secretary reads the committee too, but does not moderate, so it is the moderation that decides.
    public bool IsChair => Caller.IsAdmin || RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, Seat, RoundAction.Moderate);
    public bool IsFinance => Caller.IsAdmin || RoundPolicy.Allows(Caller.IsAdmin, Seat, RoundAction.Confirm);
    public bool IsScorer => Seat?.Has(CommitteeRole.Scorer) == true;
    /// <summary>Whether the caller may set this round up and correct it (issue 14: the Set-up tab).</summary>
    public bool MaySetUp => RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, Seat, RoundAction.Correct);

    /// <summary>Whether scores, means and results may be shown to the caller now (<see cref="Disclosure.MaySeeFigures"/>).</summary>
    /// <summary>A round without scoring (issue 16): its pages say "Not scored" where a mean would be and offer to start moderation.</summary>
    public bool Unscored => Round?.Definition.Scoring == ScoringMode.None;
    public bool FiguresOpen => Round is { } round && Disclosure.MaySeeFigures(Caller.IsAdmin, Seat, round.Status);

    protected IRoundGrain RoundGrain => Grains.Round(RoundId);

    /// <summary>Loads the round and the caller's seat; false (with a 404 or 403 result set) when they may not see it.</summary>
    protected async Task<IActionResult?> LoadRound()
    {
        if (!Ids.IsValid(RoundId)) return NotFound();
        try
        {
            Round = await RoundGrain.Get(Caller);
        }
        catch (DomainException e) when (e.Refusal is Refusal.NotFound) { return NotFound(); }
        catch (DomainException e) when (e.Refusal is Refusal.Forbidden) { return Forbid(SessionCookie.Scheme); }
        Seat = Caller.IsAdmin ? null : await RoundGrain.SeatOf(Caller.Id);
        return null;
    }

    /// <summary>Runs a change; a refusal becomes a message on the page, and the change did not happen.</summary>
    protected async Task<bool> Try(Func<Task> change)
    {
        try
        {
            await change();
            return true;
        }
        catch (DomainException e)
        {
            // Field messages say what is wrong where; the summary line adds nothing to them.
            if (e.Errors.Count == 0) Errors.Add(e.Message);
            else Errors.AddRange(e.Errors.SelectMany(kv => kv.Value).Distinct());
            Refused(e);
            return false;
        }
    }

    /// <summary>A page that shows each refusal beside its field keeps them here (the summary is already in <see cref="Errors"/>).</summary>
    protected virtual void Refused(DomainException refusal) { }

    protected IActionResult Done(string notice, string? page = null, object? routeValues = null)
    {
        TempData["Notice"] = notice;
        return RedirectToPage(page ?? PageContext.ActionDescriptor.ViewEnginePath, routeValues ?? new { r = RoundId });
    }

    /// <summary>
    /// The committee's clock: UK time (Europe/London, GMT or BST as the date has it), since the
    /// committees meet in England; stored times stay UTC. Where the host has no time-zone data the
    /// time is shown in UTC and says so.
    /// </summary>
    public static readonly TimeZoneInfo? UkZone = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/London", out var zone) ? zone : null;

    /// <summary>"Friday 12 December 2026 at 17:00 (UK time)".</summary>
    public static string UkTime(DateTimeOffset at)
    {
        var local = UkZone is { } zone ? TimeZoneInfo.ConvertTime(at, zone) : at.ToUniversalTime();
        return local.ToString("dddd d MMMM yyyy 'at' HH:mm", System.Globalization.CultureInfo.InvariantCulture)
               + (UkZone is null ? " (UTC)" : " (UK time)");
    }

    /// <summary>The one money format of the pages (<see cref="Display.Pounds"/>); the board table keeps its GBP 000s.</summary>
    public static string Money(decimal pounds) => Display.Pounds(pounds);
}

public static class ListExtensions
{
    public static void Replace(this List<string> list, Func<string, string> map)
    {
        for (var i = 0; i < list.Count; i++) list[i] = map(list[i]);
    }
}
