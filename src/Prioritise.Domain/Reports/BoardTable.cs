using Prioritise.Domain.Moderation;

namespace Prioritise.Domain.Reports;

/// <summary>One line of the board table, formatted exactly as the published paper prints it.</summary>
public sealed record BoardTableRow(
    string Proposal,
    string Funding,
    string WeightedMean,
    string ValuePerPound,
    string StandardDeviation,
    string Agreement,
    string Cumulative);

/// <summary>A scorer's comment on a proposal, for the report's appendix.</summary>
public sealed record BoardComment(string Proposal, string Scorer, string Comment);

/// <summary>
/// The table a board reads (domain.md, "The published result"): funding in GBP 000s with a
/// thousands separator, mean and SD to one decimal, value per GBP to two, "-" for cumulative
/// funding below the line; then the conditions attached to funded schemes.
/// </summary>
public sealed record BoardTable(
    string Title,
    IReadOnlyList<BoardTableRow> Rows,
    IReadOnlyList<string> Conditions,
    decimal FundingCap,
    decimal FundedTotal,
    decimal OverCommitment,
    decimal Headroom)
{
    /// <summary>
    /// Members' comments, for the appendix: present only when the reader may see them (the chair,
    /// finance and the administrator once scoring has closed, <see cref="Rounds.Disclosure"/>).
    /// </summary>
    public IReadOnlyList<BoardComment> Comments { get; init; } = [];

    /// <summary>
    /// The table of a round without scoring (issue 16): no bid has a mean, value or spread (those
    /// cells are already empty), and no agreement band either, rather than "Insufficient" for each.
    /// </summary>
    public BoardTable WithoutScores() => this with { Rows = Rows.Select(r => r with { Agreement = "" }).ToList() };

    /// <summary>The appendix of comments, in the table's order of proposals, then by scorer.</summary>
    public BoardTable WithComments(IReadOnlyList<ModeratedRow> rows, IReadOnlyList<Rounds.BidComment> comments)
    {
        var order = rows.Select((r, i) => (r.Result.BidId, i)).ToDictionary(x => x.BidId, x => x.i, StringComparer.Ordinal);
        var titles = rows.ToDictionary(r => r.Result.BidId, r => r.Result.Title, StringComparer.Ordinal);
        return this with
        {
            Comments = comments.Where(c => order.ContainsKey(c.BidId))
                .OrderBy(c => order[c.BidId]).ThenBy(c => c.Name, StringComparer.Ordinal)
                .Select(c => new BoardComment(titles[c.BidId], c.Name, c.Comment)).ToList(),
        };
    }

    public static readonly IReadOnlyList<string> Headings =
    [
        "Proposal", "Funding GBP 000s", "Weighted Mean Total Value Score", "Mean Value Score per £",
        "Std. Dev.", "Agreement", "Cumulative Funding",
    ];

    public static BoardTable From(string title, decimal cap, IReadOnlyList<ModeratedRow> rows)
    {
        var table = rows.Select(r => new BoardTableRow(
            r.Result.Title,
            Display.ThousandsText(r.Award),
            Fixed(r.Result.WeightedMean, 1),
            Fixed(r.Result.ValuePerThousand, 2),
            Fixed(r.Result.StandardDeviation, 1),
            r.Result.Agreement.ToString(),
            r.Cumulative is { } c ? Display.ThousandsText(c) : "-")).ToList();

        // A condition on one bid of a joint award is about the group, so it names every bid in it.
        var conditions = new List<string>();
        foreach (var row in rows.Where(r => r.Funded && r.Conditions.Count > 0))
        {
            var names = row.JointGroup is null
                ? row.Result.Title
                : string.Join(" and ", rows.Where(o => o.JointGroup == row.JointGroup).Select(o => o.Result.Title));
            conditions.AddRange(row.Conditions.Select(text => $"{names}: {text}"));
        }

        var funded = rows.Where(r => r.Funded).Sum(r => r.Award);
        return new BoardTable(title, table, conditions, cap, funded, Math.Max(0, funded - cap), Math.Max(0, cap - funded));
    }

    public static BoardTable From(string title, ModeratedList list) => From(title, list.FundingCap, list.Rows);

    public static BoardTable From(string title, Decision decision) => From(title, decision.FundingCap, decision.Rows);

    private static string Fixed(double? value, int decimals) => Display.Fixed(value, decimals) ?? "";
}
