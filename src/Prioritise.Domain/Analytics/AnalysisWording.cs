using System.Globalization;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Analytics;

/// <summary>
/// The analysis in the committee's words (issue 14): counts with their plurals, no symbols from the
/// formulae ("k0"), signed figures with a real minus sign, no advice to move a weight to where it
/// already is, and a tie at the funding line said as a tie. The pages and the board paper read the
/// same sentences; the figures stay those of the analysis (nothing here computes a result).
/// </summary>
public static class AnalysisWording
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>"1 member", "3 members", "no bids".</summary>
    public static string Count(int n, string one, string many) =>
        n == 0 ? "no " + many : n.ToString("N0", Inv) + " " + (n == 1 ? one : many);

    /// <summary>A figure that may be below zero, with a minus sign people read as one ("−1.80", not "-1.80").</summary>
    public static string Signed(double value, int decimals)
    {
        var v = Display.Round(value, decimals);
        // -0.004 rounds to zero, which has no sign.
        return v < 0 ? "\u2212" + (-v).ToString("F" + decimals, Inv) : Math.Abs(v).ToString("F" + decimals, Inv);
    }

    /// <summary>
    /// A weight where the funded set changes, shown with as few decimals as tell it apart from the
    /// agreed weight: 40.004 beside 40 is "40.004", never "40" ("raise it to 40" when it is 40).
    /// </summary>
    public static string Weight(double threshold, decimal agreed)
    {
        for (var decimals = 2; decimals <= 6; decimals++)
        {
            var shown = Display.Round(threshold, decimals);
            if (shown != agreed) return shown.ToString("0." + new string('#', decimals), Inv);
        }
        return Display.Round(threshold, 6).ToString("0.######", Inv);
    }

    /// <summary>
    /// One way of moving one criterion's weight, as the weight-sensitivity table says it: "to 52.5:
    /// Falls prevention enters, Housing First leaves"; a change at the agreed weight itself (a tie
    /// the tie-breaks settled, which any move at all undoes) is "any rise at all: ..., a tie at the line".
    /// </summary>
    public static string WeightMove(decimal agreed, WeightThreshold? threshold, bool up, Func<IReadOnlyList<string>, string> names)
    {
        if (threshold is null) return "No change at any weight";
        var change = Changes(threshold, names);
        return AtTheAgreedWeight(threshold, agreed)
            ? $"Any {(up ? "rise" : "fall")} at all: {change} (they tie at the funding line now)"
            : $"To {Weight(threshold.Weight, agreed)}: {change}";
    }

    /// <summary>Whether the funded set changes as soon as the weight moves (the threshold is the agreed weight, within the tie tolerance).</summary>
    public static bool AtTheAgreedWeight(WeightThreshold threshold, decimal agreed) =>
        Math.Abs(threshold.Weight - (double)agreed) <= Scoring.RankingComparer.Tolerance * Math.Max(1, (double)agreed);

    private static string Changes(WeightThreshold t, Func<IReadOnlyList<string>, string> names)
    {
        var parts = new List<string>(2);
        if (t.Entering.Count > 0) parts.Add(names(t.Entering) + (t.Entering.Count == 1 ? " enters" : " enter"));
        if (t.Leaving.Count > 0) parts.Add(names(t.Leaving) + (t.Leaving.Count == 1 ? " leaves" : " leave"));
        return parts.Count == 0 ? "the funded set changes" : string.Join(", ", parts);
    }

    /// <summary>A pair of bids either side of the funding line with the same weighted mean: the tie-breaks, not the scores, put one above.</summary>
    public sealed record LineTie(FundingChance Funded, FundingChance NotFunded);

    /// <summary>
    /// Ties at the funding line: a funded bid and a bid not funded whose weighted means are equal
    /// (within the ranking's tolerance), so only the tie-breaks (value per GBP 1k, then SD) decided
    /// which side of the line each is on. Bids without sheets tie with nothing.
    /// </summary>
    public static IReadOnlyList<LineTie> TiesAtTheLine(IReadOnlyList<FundingChance> bids) =>
        (from f in bids
         where f.Funded && f.WeightedMean is not null
         from u in bids
         where !u.Funded && u.WeightedMean is not null
               && Math.Abs(f.WeightedMean!.Value - u.WeightedMean!.Value) < Scoring.RankingComparer.Tolerance
         orderby f.Rank, u.Rank
         select new LineTie(f, u)).ToList();

    /// <summary>The sentence for one tie: "Housing First and Pulmonary rehab tie on 6.3; the tie-breaks fund Housing First."</summary>
    public static string Tie(LineTie tie) =>
        $"{tie.Funded.Title} and {tie.NotFunded.Title} tie at the funding line on a weighted mean of " +
        $"{Display.Fixed(tie.Funded.WeightedMean, 1)}: the tie-breaks (value per £1k, then the lower SD) fund {tie.Funded.Title}. Discuss it.";

    /// <summary>
    /// The intraclass correlation in words: one member's total, and the mean of the effective panel
    /// (k0 in the formula, rarely a whole number when conflicts leave gaps). Below zero it says so:
    /// a member's totals then differ more on the same bid than the bids differ.
    /// </summary>
    public static string Icc(IntraclassCorrelation icc)
    {
        var panel = Display.Round(icc.K0, 1).ToString("0.#", Inv);
        var text = $"Intraclass correlation, one member's total: {Signed(icc.Single, 2)}; the mean of a panel of {panel} members' totals: {Signed(icc.Average, 2)}.";
        if (icc.Single < 0 || icc.Average < 0)
            text += " Below zero means the members' totals for the same bid differ more than the bids do: no agreement beyond chance.";
        return text;
    }

    /// <summary>
    /// Kendall's W in words, saying which members and bids it covers: the largest set in which every
    /// member scored every bid, which conflicts of interest can make smaller than the committee.
    /// </summary>
    public static string KendallsW(Concordance w, int members, int bids)
    {
        var text = $"Kendall's W {Display.Fixed(w.W, 2)} (1 is full agreement on the order, 0 none)";
        return w.Members.Count == members && w.Bids.Count == bids
            ? $"{text}, over all {Count(members, "member", "members")} and {Count(bids, "bid", "bids")}."
            : $"{text}, over the {Count(w.Members.Count, "member", "members")} and {Count(w.Bids.Count, "bid", "bids")} in which every member scored every bid " +
              $"(of {Count(members, "member", "members")} and {Count(bids, "scored bid", "scored bids")}; conflicts of interest leave the rest incomplete).";
    }

    /// <summary>
    /// What the chair's "for discussion first" says when no bid has Low agreement: "every scored bid
    /// has High or Medium agreement" only when that is so, not when nothing has two sheets yet.
    /// </summary>
    public static string NoneForDiscussion(IEnumerable<Agreement> agreements)
    {
        var list = agreements.ToList();
        var banded = list.Count(a => a is Agreement.High or Agreement.Medium);
        var insufficient = list.Count(a => a == Agreement.Insufficient);
        if (banded == 0) return "No bid has enough sheets yet to say how far its scorers agree (that takes two submitted sheets).";
        return insufficient == 0
            ? "Every scored bid has High or Medium agreement."
            : $"No bid has Low agreement; {Count(insufficient, "bid has", "bids have")} too few sheets to tell.";
    }
}
