using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Reports;

/// <summary>
/// What the paper's cover and prose say that the scores cannot: who leads it, who wrote it, where it
/// goes, and the committee's own words. A round may set them; what it leaves unset is written from
/// the round (<see cref="BoardPaper.For"/>).
/// </summary>
public sealed record PaperDetails(
    string? Title = null,
    DateOnly? Date = null,
    string? LeadOfficer = null,
    string? Author = null,
    string? Committees = null,
    bool Public = true,
    IReadOnlyList<string>? ExecutiveSummary = null,
    IReadOnlyList<string>? Recommendations = null,
    string? ConflictsPolicy = null,
    string? NonRecurrentNote = null);

/// <summary>How many members of one organisation sat on the committee, and in which roles.</summary>
public sealed record CommitteeMakeUp(string Organisation, int Members, IReadOnlyList<string> Roles);

/// <summary>
/// The board paper of one decision, as seed paper 003's item 6 lays it out: the cover table, the
/// executive summary, the recommendations, the process (criteria and weights, the committee by
/// organisation, the conflicts policy), the final ranked table in the published layout, the
/// conditions, and the note on non-recurrent money. Pure content; the Word writer only lays it out.
/// </summary>
public sealed record BoardPaper(
    string Title,
    DateOnly Date,
    string LeadOfficer,
    string Author,
    string Committees,
    bool Public,
    IReadOnlyList<string> ExecutiveSummary,
    IReadOnlyList<string> Recommendations,
    IReadOnlyList<Criterion> Criteria,
    IReadOnlyList<CommitteeMakeUp> Committee,
    string ConflictsPolicy,
    BoardTable Table,
    string Totals,
    string NonRecurrentNote)
{
    /// <summary>The table's column headings as the paper prints them.</summary>
    public static readonly IReadOnlyList<string> PublishedHeadings =
    [
        "Proposal", "Funding (£ 000's)", "Weighted Mean Total Value Score", "Mean Value Score per £",
        "Average score variation from the mean (Std. Dev.)", "Agreement", "Cumulative Funding",
    ];

    public const string ConditionsHeading = "The following schemes were proposed to only be funded with conditions:";

    /// <summary>The paper's own policy, as its terms of reference put it.</summary>
    public const string DefaultConflictsPolicy =
        "Terms of Reference for group agreed including policy that individuals will not score bids where funding would be awarded to their own organisation. " +
        "Members declared their interests on a register; a member is not asked to score a bid whose money would go to their own organisation or to one in which they declared a pecuniary or indirect interest, and the chair may record further conflicts.";

    public static BoardPaper For(PaperDetails? details, RoundDefinition round, IReadOnlyList<CommitteeSeat> seats, Decision decision, BoardTable table)
    {
        details ??= new PaperDetails();
        var thousands = Display.ThousandsText;
        var totals = $"Schemes recommended for funding: £{thousands(decision.FundedTotal)}k against the £{thousands(decision.FundingCap)}k available"
            + (decision.OverCommitment > 0
                ? $", £{thousands(decision.OverCommitment)}k over, which finance accepted{(decision.Reason is { } why ? $": {why}" : ".")}"
                : $", leaving £{thousands(decision.Headroom)}k.");
        if (!totals.EndsWith('.')) totals += ".";
        return new BoardPaper(
            details.Title ?? $"Recommendations from {round.Name} for funding",
            details.Date ?? DateOnly.FromDateTime(decision.ConfirmedAt.UtcDateTime),
            details.LeadOfficer ?? "",
            details.Author ?? "",
            details.Committees ?? "",
            details.Public,
            details.ExecutiveSummary ??
            [
                "The report sets out:",
                $"a. The process developed to prioritise funding bids to allow best value use of £{thousands(decision.FundingCap)}k",
                "b. Recommendations made at the committee's moderation meeting",
                "c. Final ranked list of schemes including which to be funded",
            ],
            details.Recommendations ?? ["To ENDORSE the schemes proposed to be awarded funding or not through the prioritisation process."],
            round.Criteria,
            MakeUp(seats),
            details.ConflictsPolicy ?? DefaultConflictsPolicy,
            table,
            totals,
            details.NonRecurrentNote ?? "Overall it should be noted that this funding is non recurrent and will not be available next year. If the financial position changes in year then some schemes may not be taken forward.");
    }

    /// <summary>The committee by organisation (largest first), never by name: the paper is public.</summary>
    public static IReadOnlyList<CommitteeMakeUp> MakeUp(IReadOnlyList<CommitteeSeat> seats) =>
        seats.GroupBy(s => s.Organisation, StringComparer.Ordinal)
            .Select(g => new CommitteeMakeUp(g.Key, g.Count(),
                g.SelectMany(s => s.Roles).Distinct().Order().Select(r => r.ToString().ToLowerInvariant()).ToList()))
            .OrderByDescending(m => m.Members).ThenBy(m => m.Organisation, StringComparer.Ordinal)
            .ToList();

    /// <summary>A criterion as the paper lists it: "Physical health gain (15)".</summary>
    public static string Weighted(Criterion c) => $"{c.Name} ({c.Weight.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)})";

    /// <summary>The cumulative column as the paper prints it: "£1,559", or "-" below the line.</summary>
    public static string Cumulative(BoardTableRow row) => row.Cumulative == "-" ? "-" : "£" + row.Cumulative;
}
