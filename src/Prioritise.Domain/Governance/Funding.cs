using Prioritise.Domain.Moderation;

namespace Prioritise.Domain.Governance;

/// <summary>Money finance released to a funded scheme.</summary>
public sealed record Release(string Id, string BidId, decimal Amount, string Reason, string By, DateTimeOffset At);

/// <summary>A funded scheme's monitoring return: what it spent in a period, and its measures.</summary>
public sealed record MonitoringReturn(
    string BidId, string Period, decimal Spent, string? Note, IReadOnlyDictionary<string, decimal> Metrics, string By, DateTimeOffset At);

/// <summary>One funded scheme's money and conditions.</summary>
public sealed record SchemeFunding(
    string BidId, string Title, decimal Award, decimal Released, decimal Spent, int OpenConditions, int Conditions)
{
    public decimal StillToRelease => Award - Released;
}

/// <summary>Every funded scheme of the decision in force, with the totals against the pot.</summary>
public sealed record FundingPosition(decimal Pot, IReadOnlyList<SchemeFunding> Schemes)
{
    public decimal Awarded => Schemes.Sum(s => s.Award);
    public decimal Released => Schemes.Sum(s => s.Released);
    public decimal Spent => Schemes.Sum(s => s.Spent);
    /// <summary>What is left of the pot once every award is paid (negative when over-committed).</summary>
    public decimal Unallocated => Pot - Awarded;
}

public static class FundingRules
{
    /// <summary>
    /// Whether finance may release this amount to the scheme now: only once the decision is
    /// approved, only to a funded scheme, only when none of its conditions is open, and never beyond
    /// its award (its share of a joint award). Refusals change nothing.
    /// </summary>
    public static void CheckRelease(
        Decision decision, DecisionStatus status, IReadOnlyList<Condition> conditions, IReadOnlyList<Release> released, string bidId, decimal amount)
    {
        if (amount <= 0 || decimal.Round(amount, 2) != amount)
            throw DomainException.Invalid("amount", "Release an amount in pounds and pence, more than zero.");
        if (status != DecisionStatus.Approved)
            throw DomainException.Conflict("status", status switch
            {
                DecisionStatus.Confirmed => "Money can be released only once the decision is approved.",
                DecisionStatus.Declined => "The decision was declined: no money can be released under it.",
                _ => "The decision has been superseded: release money under the decision in force.",
            });
        var row = decision.Rows.FirstOrDefault(r => r.Result.BidId == bidId)
            ?? throw DomainException.NotFound("bidId", $"No bid '{bidId}' in decision {decision.Number}.");
        if (!row.Funded)
            throw DomainException.Conflict("bidId", $"'{row.Result.Title}' is not funded by decision {decision.Number}.");
        var open = conditions.Where(c => c.BidId == bidId && c.Status == ConditionStatus.Open).ToList();
        if (open.Count > 0)
            throw DomainException.Conflict("conditions",
                $"'{row.Result.Title}' has {(open.Count == 1 ? "a condition" : $"{open.Count} conditions")} still open: {string.Join("; ", open.Select(c => c.Text.TrimEnd('.')))}. Record each as met or waived first.");
        var already = released.Where(r => r.BidId == bidId).Sum(r => r.Amount);
        if (already + amount > row.Award)
            throw DomainException.Conflict("amount",
                $"Releasing {Display.Pounds(amount)} would bring '{row.Result.Title}' to {Display.Pounds(already + amount)}, above its award of {Display.Pounds(row.Award)} ({Display.Pounds(row.Award - already)} is left to release).");
    }

    public static FundingPosition Position(
        Decision decision, IReadOnlyList<Condition> conditions, IReadOnlyList<Release> releases, IReadOnlyList<MonitoringReturn> returns) =>
        new(decision.FundingCap, decision.Rows.Where(r => r.Funded).Select(r =>
        {
            var id = r.Result.BidId;
            var mine = conditions.Where(c => c.BidId == id).ToList();
            return new SchemeFunding(id, r.Result.Title, r.Award,
                releases.Where(x => x.BidId == id).Sum(x => x.Amount),
                returns.Where(x => x.BidId == id).Sum(x => x.Spent),
                mine.Count(c => c.Status == ConditionStatus.Open), mine.Count);
        }).ToList());
}
