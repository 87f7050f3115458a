using Prioritise.Domain;
using Prioritise.Domain.Governance;
using Prioritise.Domain.Moderation;

namespace Prioritise.Domain.Tests.Governance;

public sealed class FundingRulesTests
{
    private static readonly DateTimeOffset At = new(2018, 10, 1, 9, 0, 0, TimeSpan.Zero);

    private static ModeratedRow Row(int position, string id, decimal award, bool funded, string? group = null, params string[] conditions) =>
        new(position, Builders.Result(id, 8.0, amount: award), position, award, funded, false, funded ? award : null, group, null, conditions);

    /// <summary>
    /// Three funded schemes (a joint award of GBP 154,000 shared 99,000 / 55,000 with one condition
    /// on the group, and Spirometry's GBP 20,000.50 with its own), one not funded.
    /// </summary>
    private static readonly Decision Decision = new(1, At, "fran", 200_000m, 174_000.50m, 25_999.50m, 0m, false, null, "spirometry",
    [
        Row(1, "mh-substance", 99_000m, true, "joint-1", "Assurance on the commissioning responsibility before funding is released."),
        Row(2, "mh-outreach", 55_000m, true, "joint-1", "Assurance on the commissioning responsibility before funding is released."),
        Row(3, "spirometry", 20_000.50m, true, null, "A plan for the remaining GBP 55k from the planned care budget."),
        Row(4, "gym", 40_000m, false),
    ], 7);

    private static IReadOnlyList<Condition> Conditions => ConditionRules.Of(Decision);

    [Fact]
    public void A_condition_on_a_joint_award_is_one_for_each_bid_with_a_stable_id()
    {
        Assert.Equal(["d1-mh-substance-1", "d1-mh-outreach-1", "d1-spirometry-1"], Conditions.Select(c => c.Id));
        Assert.All(Conditions, c => Assert.Equal(ConditionStatus.Open, c.Status));
        Assert.Equal("mh-outreach", Conditions[1].BidId);
    }

    [Fact]
    public void Met_needs_evidence_and_waived_a_reason()
    {
        var open = Conditions[2];
        Assert.Equal(["evidence"], Assert.Throws<DomainException>(() =>
            ConditionRules.Discharge(open, DischargeOutcome.Met, "  ", null, "fran", At)).Errors.Keys);
        Assert.Equal(["reason"], Assert.Throws<DomainException>(() =>
            ConditionRules.Discharge(open, DischargeOutcome.Waived, null, null, "fran", At)).Errors.Keys);
        var met = ConditionRules.Discharge(open, DischargeOutcome.Met, " Planned care budget letter, 28 Sept ", null, "fran", At);
        Assert.Equal((ConditionStatus.Met, "Planned care budget letter, 28 Sept", "fran", At), (met.Status, met.Evidence, met.DecidedBy, met.DecidedAt));
        var again = Assert.Throws<DomainException>(() => ConditionRules.Discharge(met, DischargeOutcome.Waived, null, "changed", "chris", At));
        Assert.Equal(Refusal.Conflict, again.Refusal);
        Assert.Equal("This condition was already met on 1 October 2018.", again.Message);
    }

    private static DomainException Refused(DecisionStatus status, IReadOnlyList<Condition> conditions, IReadOnlyList<Release> released, string bid, decimal amount) =>
        Assert.Throws<DomainException>(() => FundingRules.CheckRelease(Decision, status, conditions, released, bid, amount));

    [Fact]
    public void Nothing_is_released_before_approval()
    {
        Assert.Equal("Money can be released only once the decision is approved.",
            Refused(DecisionStatus.Confirmed, [], [], "spirometry", 1m).Message);
        Assert.Equal("The decision was declined: no money can be released under it.",
            Refused(DecisionStatus.Declined, [], [], "spirometry", 1m).Message);
        Assert.Equal(Refusal.Conflict, Refused(DecisionStatus.Superseded, [], [], "spirometry", 1m).Refusal);
    }

    [Fact]
    public void Nothing_is_released_while_a_condition_is_open()
    {
        var e = Refused(DecisionStatus.Approved, Conditions, [], "spirometry", 10_000m);
        Assert.Equal(["conditions"], e.Errors.Keys);
        Assert.Equal("'spirometry' has a condition still open: A plan for the remaining GBP 55k from the planned care budget. Record each as met or waived first.", e.Message);
    }

    [Fact]
    public void Releases_stop_at_the_award_to_the_penny()
    {
        var waived = Conditions.Select(c => c.BidId == "spirometry" ? c with { Status = ConditionStatus.Waived } : c).ToList();
        IReadOnlyList<Release> released = [new("r1", "spirometry", 20_000m, "First half", "fran", At)];
        FundingRules.CheckRelease(Decision, DecisionStatus.Approved, waived, released, "spirometry", 0.50m);
        var e = Refused(DecisionStatus.Approved, waived, released, "spirometry", 0.51m);
        Assert.Equal("Releasing £0.51 would bring 'spirometry' to £20,000.51, above its award of £20,000.50 (£0.50 is left to release).", e.Message);
    }

    [Fact]
    public void A_joint_awards_bid_is_held_to_its_share()
    {
        var met = Conditions.Select(c => c with { Status = ConditionStatus.Met }).ToList();
        FundingRules.CheckRelease(Decision, DecisionStatus.Approved, met, [], "mh-outreach", 55_000m);
        Assert.Equal(["amount"], Refused(DecisionStatus.Approved, met, [], "mh-outreach", 55_000.01m).Errors.Keys);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("0.001")]
    public void An_amount_is_pounds_and_pence_above_zero(string amount) =>
        Assert.Equal(["amount"], Refused(DecisionStatus.Approved, [], [], "spirometry", decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).Errors.Keys);

    [Fact]
    public void Only_a_funded_scheme_of_the_decision_receives_money()
    {
        Assert.Equal(Refusal.NotFound, Refused(DecisionStatus.Approved, [], [], "no-such", 1m).Refusal);
        Assert.Equal("'gym' is not funded by decision 1.", Refused(DecisionStatus.Approved, [], [], "gym", 1m).Message);
    }

    [Fact]
    public void The_funding_position_adds_up_against_the_pot()
    {
        var conditions = Conditions.Select(c => c.BidId == "mh-substance" ? c with { Status = ConditionStatus.Met } : c).ToList();
        IReadOnlyList<Release> releases = [new("r1", "mh-substance", 49_500m, "Q3", "fran", At), new("r2", "mh-substance", 0.25m, "rounding", "fran", At)];
        IReadOnlyList<MonitoringReturn> returns = [new("mh-substance", "2018-Q3", 30_000.10m, null, new Dictionary<string, decimal> { ["Referrals"] = 41 }, "lee", At)];
        var position = FundingRules.Position(Decision, conditions, releases, returns);
        Assert.Equal(["mh-substance", "mh-outreach", "spirometry"], position.Schemes.Select(s => s.BidId));
        var first = position.Schemes[0];
        Assert.Equal((99_000m, 49_500.25m, 30_000.10m, 0, 1, 49_499.75m), (first.Award, first.Released, first.Spent, first.OpenConditions, first.Conditions, first.StillToRelease));
        // 99,000 + 55,000 + 20,000.50 = 174,000.50 awarded of the 200,000 pot: 25,999.50 unallocated.
        Assert.Equal((200_000m, 174_000.50m, 49_500.25m, 30_000.10m, 25_999.50m), (position.Pot, position.Awarded, position.Released, position.Spent, position.Unallocated));
        Assert.Equal(1, position.Schemes[1].OpenConditions);
    }
}
