using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Governance;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;
using Prioritise.Grains;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Rounds;

/// <summary>
/// (issue 16) The bodies a round's decisions pass through and each decision's way through them:
/// the secretary names the bodies and records their resolutions from the minutes; the chair,
/// finance and the administrator read. Every rule is the governance grain's (GovernanceRules).
/// </summary>
public sealed partial class GovernanceModel(IGrainFactory grains) : SetupPage(grains)
{
    /// <summary>Rows the form offers at least (a round's way has had up to five bodies); always two blank below those named.</summary>
    public const int MinimumRows = 6;

    public sealed class BodyRow
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? Power { get; set; }
        public bool IsBlank => string.IsNullOrWhiteSpace(Id) && string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Power);
    }

    [BindProperty] public List<BodyRow> Bodies { get; set; } = [];
    [BindProperty] public string? FeedbackPolicy { get; set; }

    // The resolution form, as typed.
    [BindProperty] public string? BodyId { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? MeetingDate { get; set; }
    [BindProperty] public string? MinuteRef { get; set; }
    [BindProperty] public string? Note { get; set; }

    // The board paper's cover details (PaperDetails), as typed; empty, the paper writes them from the round.
    [BindProperty] public string? PaperTitle { get; set; }
    [BindProperty] public string? PaperDate { get; set; }
    [BindProperty] public string? PaperLeadOfficer { get; set; }
    [BindProperty] public string? PaperAuthor { get; set; }
    [BindProperty] public string? PaperCommittees { get; set; }
    [BindProperty] public string? PaperPublic { get; set; }
    [BindProperty] public string? PaperRecommendations { get; set; }

    public GovernanceView? View { get; private set; }
    /// <summary>Whether the paper's form was refused, so it opens with what was typed and the messages.</summary>
    public bool FailedPaper { get; private set; }
    /// <summary>The decision a refused resolution was for, so its form shows what was typed and the messages.</summary>
    public int? FailedDecision { get; private set; }

    public bool MaySet => RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, Seat, RoundAction.SetGovernance);
    public bool MayResolve => RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, Seat, RoundAction.RecordResolution);

    /// <summary>The decision in force, approved: its governance can no longer change (GovernanceRules.CheckChange).</summary>
    public bool Locked => View?.Decisions.LastOrDefault()?.Status == DecisionStatus.Approved;

    private IGovernanceGrain Governance => Grains.Governance(RoundId);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } refused) return refused;
        Fill();
        return Page();
    }

    public async Task<IActionResult> OnPostBodiesAsync()
    {
        if (await Load() is { } refused) return refused;
        // Blank rows are not bodies; the rows typed keep their place on the form, so a refusal's
        // "bodies[1].name" is shown beside the row it was about.
        var typed = Bodies.Select((row, i) => (row, i)).Where(x => !x.row.IsBlank).ToList();
        var inputs = typed.Select(x => new GoverningBodyInput(Trim(x.row.Id), Trim(x.row.Name), PowerOf(x.row.Power))).ToList();
        FeedbackPolicy? policy = FeedbackPolicy switch
        {
            "withScores" => Domain.Governance.FeedbackPolicy.WithScores,
            "outcomeOnly" => Domain.Governance.FeedbackPolicy.OutcomeOnly,
            _ => null,
        };
        try
        {
            await Governance.Set(Caller, new SetGovernance(inputs, policy));
        }
        catch (DomainException e)
        {
            AddRefusal(Renumbered(e, typed.Select(x => x.i).ToList()));
            FillPaper();
            return Page();
        }
        return Done(inputs.Count == 0
            ? "Governance saved: no bodies, so finance's confirmation approves the decision."
            : $"Governance saved: {string.Join(", then ", inputs.Select(b => b.Name))}.");
    }

    /// <summary>
    /// The board paper's cover details: the same SetGovernance, with the bodies and feedback policy as
    /// they stand, so only the paper changes; what the form does not ask about is kept as it is.
    /// </summary>
    public async Task<IActionResult> OnPostPaperAsync()
    {
        if (await Load() is { } refused) return refused;
        // The bodies' form as they stand; the paper's as typed.
        var typed = (PaperTitle, PaperDate, PaperLeadOfficer, PaperAuthor, PaperCommittees, PaperPublic, PaperRecommendations);
        Fill();
        (PaperTitle, PaperDate, PaperLeadOfficer, PaperAuthor, PaperCommittees, PaperPublic, PaperRecommendations) = typed;
        FailedPaper = true;
        var date = Day(PaperDate, "paper.date");
        if (FieldErrors.Count > 0) return Page();
        var recommendations = (PaperRecommendations ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var paper = (View!.Paper ?? new Domain.Reports.PaperDetails()) with
        {
            Title = Trim(PaperTitle),
            Date = date,
            LeadOfficer = Trim(PaperLeadOfficer),
            Author = Trim(PaperAuthor),
            Committees = Trim(PaperCommittees),
            Public = PaperPublic != "no",
            Recommendations = recommendations.Count == 0 ? null : recommendations,
        };
        var bodies = View.Bodies.Select(b => new GoverningBodyInput(b.Id, b.Name, b.Power)).ToList();
        if (!await TryChange(() => Governance.Set(Caller, new SetGovernance(bodies, View.FeedbackPolicy, paper))))
            return Page();
        return Done("The board paper's details are saved: the paper of each decision is written with them.");
    }

    public async Task<IActionResult> OnPostResolveAsync(int number)
    {
        if (await Load() is { } refused) return refused;
        Fill();
        FailedDecision = number;
        ResolutionOutcome? outcome = Enum.GetValues<ResolutionOutcome>().Where(o => OutcomeValue(o) == Outcome).Cast<ResolutionOutcome?>().FirstOrDefault();
        var date = Day(MeetingDate, "meetingDate");
        if (FieldErrors.Count > 0) return Page();
        DecisionStanding? standing = null;
        if (!await TryChange(async () => standing = await Governance.Resolve(Caller, number, new RecordResolution(BodyId, outcome, date, MinuteRef, Note))))
            return Page();
        var body = standing!.Bodies.FirstOrDefault(b => b.Id == BodyId)?.Name ?? BodyId;
        return Done($"{body}: {Outcome}, recorded on decision {number}. The decision is now {StatusWords(standing.Status).ToLowerInvariant()}.");
    }

    private async Task<IActionResult?> Load()
    {
        if (await LoadRound() is { } refused) return refused;
        if (!RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, Seat, RoundAction.ReadFunding)) return Forbid(SessionCookie.Scheme);
        View = await Governance.Get(Caller);
        return null;
    }

    /// <summary>The form's rows from the bodies as they stand, and the blank rows after them.</summary>
    private void Fill()
    {
        Bodies = View!.Bodies.Select(b => new BodyRow { Id = b.Id, Name = b.Name, Power = PowerValue(b.Power) })
            .Concat(Enumerable.Range(0, Math.Max(2, MinimumRows - View.Bodies.Count)).Select(_ => new BodyRow())).ToList();
        FeedbackPolicy = View.FeedbackPolicy == Domain.Governance.FeedbackPolicy.WithScores ? "withScores" : "outcomeOnly";
        FillPaper();
    }

    /// <summary>The paper's form from the details as they stand.</summary>
    private void FillPaper()
    {
        var paper = View!.Paper ?? new Domain.Reports.PaperDetails();
        PaperTitle = paper.Title;
        PaperDate = paper.Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        PaperLeadOfficer = paper.LeadOfficer;
        PaperAuthor = paper.Author;
        PaperCommittees = paper.Committees;
        PaperPublic = paper.Public ? "yes" : "no";
        PaperRecommendations = paper.Recommendations is { } lines ? string.Join("\n", lines) : null;
    }

    /// <summary>The messages about one of the paper's fields ("title", or "recommendations[2]" for any line).</summary>
    public IReadOnlyList<string> PaperErrors(string field) =>
        FieldErrors.Where(kv => kv.Key == field || kv.Key == "paper." + field || kv.Key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase)
                                || kv.Key.StartsWith("paper." + field + "[", StringComparison.OrdinalIgnoreCase))
            .SelectMany(kv => kv.Value).Distinct().ToList();

    [GeneratedRegex(@"^bodies\[(\d+)\]")]
    private static partial Regex BodyIndex();

    /// <summary>The refusal with each "bodies[i]" naming the form's row i came from.</summary>
    private static DomainException Renumbered(DomainException e, IReadOnlyList<int> rows)
    {
        if (e.Errors.Count == 0) return e;
        var errors = e.Errors.ToDictionary(
            kv => BodyIndex().Replace(kv.Key, m => int.TryParse(m.Groups[1].Value, out var i) && i < rows.Count ? $"bodies[{rows[i]}]" : m.Value),
            kv => kv.Value);
        return new DomainException(e.Refusal, e.Message, errors);
    }

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static BodyPower? PowerOf(string? value) => value switch
    {
        "endorse" => BodyPower.Endorse,
        "approve" => BodyPower.Approve,
        _ => null,
    };

    public static string PowerValue(BodyPower power) => power == BodyPower.Approve ? "approve" : "endorse";

    public static string PowerWords(BodyPower power) => power == BodyPower.Approve ? "Approves the decision" : "Endorses the decision";

    public static string StatusWords(DecisionStatus status) => status switch
    {
        DecisionStatus.Confirmed => "Confirmed by finance, awaiting approval",
        DecisionStatus.Approved => "Approved",
        DecisionStatus.Declined => "Declined",
        _ => "Superseded",
    };

    public static string StatusTag(DecisionStatus status) => status switch
    {
        DecisionStatus.Approved => "green",
        DecisionStatus.Declined => "red",
        DecisionStatus.Confirmed => "blue",
        _ => "grey",
    };

    public static string OutcomeWords(ResolutionOutcome outcome) => outcome switch
    {
        ResolutionOutcome.Endorsed => "Endorsed",
        ResolutionOutcome.Approved => "Approved",
        ResolutionOutcome.Declined => "Declined",
        _ => "Deferred",
    };

    /// <summary>What a body may resolve, as GovernanceRules.Check allows for its power.</summary>
    public static IReadOnlyList<(string Value, string Words)> OutcomesFor(BodyPower power) =>
        GovernanceRules.Outcomes(power).Select(o => (OutcomeValue(o), o == ResolutionOutcome.Deferred ? "Deferred to a later meeting" : OutcomeWords(o))).ToList();

    private static string OutcomeValue(ResolutionOutcome outcome) => outcome.ToString().ToLowerInvariant();

    /// <summary>Each body's latest resolution on a decision, in the bodies' order.</summary>
    public static IEnumerable<(GoverningBody Body, Resolution? Latest)> Latest(DecisionStanding standing) =>
        standing.Bodies.Select(b => (b, GovernanceRules.Latest(standing.Resolutions, b.Id)));

    public static string DayText(DateOnly day) => day.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
