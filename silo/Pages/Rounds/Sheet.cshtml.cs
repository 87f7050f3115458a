using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Grains;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Rounds;

public sealed class SheetModel(IGrainFactory grains) : CommitteePage(grains)
{
    [BindProperty(SupportsGet = true, Name = "b")] public string BidId { get; set; } = "";
    [BindProperty] public Dictionary<string, int?> Scores { get; set; } = new();
    [BindProperty] public string? Comment { get; set; }

    public Bid? Bid { get; private set; }
    public string? ConflictReason { get; private set; }
    public SheetView? Sheet { get; private set; }

    /// <summary>Only while scoring is open is the sheet a form; before and after, it is shown as text (issue 14).</summary>
    public bool Editable => Round!.Status == RoundStatus.Scoring;

    /// <summary>The sheet shown read-only: the one submitted (what counts), else the draft.</summary>
    public ScoreSheet? Shown => Sheet?.Submitted ?? Sheet?.Current;

    /// <summary>What the read-only sheet is, in a sentence.</summary>
    public string ClosedText => (Round!.Status, Sheet) switch
    {
        (RoundStatus.Setup, _) => "Scoring has not opened yet, so there is nothing to fill in.",
        (_, { Submitted: { } s }) when Sheet.Current is { Submitted: false } =>
            $"Scoring has closed. You submitted this sheet on {UkTime(s.UpdatedAt)}; a later draft was never submitted and counts for nothing.",
        (_, { Submitted: { } s }) => $"Scoring has closed. You submitted this sheet on {UkTime(s.UpdatedAt)}.",
        (_, { Current: { } }) => "Scoring has closed. You did not submit a sheet for this bid, so this draft counts for nothing.",
        _ => "Scoring has closed. You did not score this bid.",
    };

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } refused) return refused;
        // A conflicted member sees why, and the page says "forbidden" to anything that asks.
        if (ConflictReason is not null) Response.StatusCode = StatusCodes.Status403Forbidden;
        if (Sheet?.Current is { } current)
        {
            Scores = current.Scores.ToDictionary(kv => kv.Key, kv => (int?)kv.Value);
            Comment = current.Comment;
        }
        return Page();
    }

    public Task<IActionResult> OnPostDraftAsync() => Save(submit: false);
    public Task<IActionResult> OnPostSubmitAsync() => Save(submit: true);

    private async Task<IActionResult> Save(bool submit)
    {
        if (await Load() is { } refused) return refused;
        if (ConflictReason is not null) return StatusCode(StatusCodes.Status403Forbidden);
        // The form is not shown once scoring has closed; a post from an old tab is told why, and the grain refuses it anyway.
        var scores = Scores.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
        // Everything on the form was a choice from the list; anything else is not from this page.
        if (!ModelState.IsValid)
        {
            Errors.Add("Each score must be chosen from the list.");
            return Page();
        }
        var saved = await Try(() => Grains.Bid(RoundId, BidId).SaveSheet(Caller, Caller.Id, new SaveSheet(scores, Comment, submit)));
        // The refusals name criteria as the committee does ("The score for Impact ..."): shown as they are.
        if (!saved) return Page();
        return Done(submit ? $"Your scores for {Bid!.Title} are submitted." : $"Draft saved for {Bid!.Title}. It counts for nothing until you submit.",
            submit ? "/Rounds/Round" : null, submit ? new { r = RoundId } : new { r = RoundId, b = BidId });
    }

    private async Task<IActionResult?> Load()
    {
        if (await LoadRound() is { } refused) return refused;
        if (!Ids.IsValid(BidId)) return NotFound();
        var bid = (await RoundGrain.GetBids(Caller)).FirstOrDefault(b => b.Bid.Id == BidId);
        if (bid is null) return NotFound();
        if (!IsScorer) return Forbid(SessionCookie.Scheme);
        Bid = bid.Bid;
        ConflictReason = bid.Conflicted == true ? bid.ConflictReason : null;
        if (ConflictReason is null)
        {
            try { Sheet = await Grains.Bid(RoundId, BidId).GetSheet(Caller, Caller.Id); }
            catch (DomainException e) when (e.Refusal == Refusal.NotFound) { Sheet = null; }
            Said = await CriterionAnswers();
        }
        return null;
    }

    /// <summary>
    /// What the bid's application says against each criterion (issue 15), to show beside that
    /// criterion's score control: the answer to it, else the one written to every criterion at once.
    /// Empty for a bid that was typed in, and for a reader the application grain refuses.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Said { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The bid's application as this reader may see it (null for a typed-in bid or a refused reader), loaded once for the page.</summary>
    public Applications.ApplicationOnSheetViewComponent.Shown? Application { get; private set; }

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> CriterionAnswers()
    {
        try
        {
            if (await RoundGrain.ApplicantOfBid(Caller, BidId) is null) return Said;
            var application = await Grains.Application(RoundId, BidId).Get(Caller);
            var form = await RoundGrain.GetApplicationForm(Caller);
            Application = new(RoundId, application, form, Round!.Definition.Criteria);
            var sections = form.Sections.Where(s => s.Kind == Prioritise.Domain.Applications.SectionKind.Criterion
                && application.Answers.TryGetValue(s.Id, out var a) && a.ByCriterion is not null).ToList();
            return Round!.Definition.Criteria.ToDictionary(c => c.Id, c => (IReadOnlyList<string>)sections
                .Select(s => application.Answers[s.Id].ByCriterion!)
                .Select(by => by.GetValueOrDefault(c.Id) ?? by.GetValueOrDefault(Prioritise.Domain.Applications.Answer.Overall))
                .OfType<string>().ToList());
        }
        catch (DomainException e) when (e.Refusal is Refusal.Forbidden or Refusal.NotFound) { return Said; }
    }
}
