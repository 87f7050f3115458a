using Prioritise.Domain;
using Prioritise.Domain.Governance;

namespace Prioritise.Domain.Tests.Governance;

/// <summary>The BCF underspend's way in 2018 (seed paper 003): four endorsements, then the ICB decides.</summary>
public sealed class GovernanceRulesTests
{
    private static readonly IReadOnlyList<GoverningBody> Bcf =
    [
        new("bcf-steering", "Hackney BCF Steering Group", BodyPower.Endorse),
        new("planned-care", "Planned Care Leadership Group", BodyPower.Endorse),
        new("unplanned-care", "Unplanned Care Board", BodyPower.Endorse),
        new("transformation-board", "Transformation Board", BodyPower.Endorse),
        new("hackney-icb", "Hackney Integrated Commissioning Board", BodyPower.Approve),
    ];

    private static Resolution R(string body, ResolutionOutcome outcome, int month = 9, int day = 14) =>
        new(body, outcome, new DateOnly(2018, month, day), null, null, "secretary", DateTimeOffset.UnixEpoch);

    private static List<Resolution> Endorsed() =>
    [
        R("bcf-steering", ResolutionOutcome.Endorsed, 7, 24),
        R("planned-care", ResolutionOutcome.Endorsed, 7, 31),
        R("unplanned-care", ResolutionOutcome.Endorsed, 8, 15),
        R("transformation-board", ResolutionOutcome.Endorsed, 8, 29),
    ];

    [Fact]
    public void The_decision_is_approved_when_the_last_approving_body_approves()
    {
        var resolutions = Endorsed();
        Assert.Equal(DecisionStatus.Confirmed, GovernanceRules.Status(Bcf, resolutions, false));
        Assert.Equal("hackney-icb", GovernanceRules.Next(Bcf, resolutions)!.Id);
        GovernanceRules.Check(Bcf, resolutions, false, "hackney-icb", ResolutionOutcome.Approved);
        resolutions.Add(R("hackney-icb", ResolutionOutcome.Approved));
        Assert.Equal(DecisionStatus.Approved, GovernanceRules.Status(Bcf, resolutions, false));
        Assert.Null(GovernanceRules.Next(Bcf, resolutions));
    }

    [Fact]
    public void Bodies_resolve_in_their_order()
    {
        var e = Assert.Throws<DomainException>(() => GovernanceRules.Check(Bcf, [], false, "transformation-board", ResolutionOutcome.Endorsed));
        Assert.Equal(Refusal.Conflict, e.Refusal);
        Assert.Equal("It is Hackney BCF Steering Group's turn: the decision comes to Transformation Board after that.", e.Message);
    }

    [Fact]
    public void A_body_that_has_passed_the_decision_does_not_resolve_again()
    {
        var e = Assert.Throws<DomainException>(() =>
            GovernanceRules.Check(Bcf, [R("bcf-steering", ResolutionOutcome.Endorsed)], false, "bcf-steering", ResolutionOutcome.Endorsed));
        Assert.Equal("It is Planned Care Leadership Group's turn: the decision comes to Hackney BCF Steering Group after that.", e.Message);
        var noBodyLeft = new List<GoverningBody>(Bcf.Take(4));
        var done = Assert.Throws<DomainException>(() => GovernanceRules.Check(noBodyLeft, Endorsed(), false, "bcf-steering", ResolutionOutcome.Endorsed));
        Assert.Equal("Hackney BCF Steering Group has already passed the decision.", done.Message);
    }

    [Fact]
    public void A_deferral_leaves_it_that_bodys_turn()
    {
        var resolutions = Endorsed();
        resolutions.Add(R("hackney-icb", ResolutionOutcome.Deferred, 9, 14));
        Assert.Equal(DecisionStatus.Confirmed, GovernanceRules.Status(Bcf, resolutions, false));
        Assert.Equal("hackney-icb", GovernanceRules.Next(Bcf, resolutions)!.Id);
        GovernanceRules.Check(Bcf, resolutions, false, "hackney-icb", ResolutionOutcome.Approved);
    }

    [Fact]
    public void A_decline_ends_the_decisions_way()
    {
        var resolutions = new List<Resolution> { R("bcf-steering", ResolutionOutcome.Declined) };
        Assert.Equal(DecisionStatus.Declined, GovernanceRules.Status(Bcf, resolutions, false));
        Assert.Null(GovernanceRules.Next(Bcf, resolutions));
        var e = Assert.Throws<DomainException>(() => GovernanceRules.Check(Bcf, resolutions, false, "planned-care", ResolutionOutcome.Endorsed));
        Assert.Equal("The decision was declined; no further resolution can be recorded. A new decision is needed.", e.Message);
    }

    [Fact]
    public void Nothing_is_recorded_on_an_approved_or_superseded_decision()
    {
        var approved = Endorsed();
        approved.Add(R("hackney-icb", ResolutionOutcome.Approved));
        Assert.Equal("The decision has been approved; no further resolution can be recorded.",
            Assert.Throws<DomainException>(() => GovernanceRules.Check(Bcf, approved, false, "hackney-icb", ResolutionOutcome.Approved)).Message);
        Assert.Equal(DecisionStatus.Superseded, GovernanceRules.Status(Bcf, approved, superseded: true));
        Assert.Equal("The decision has been superseded by a later decision; record resolutions against that one.",
            Assert.Throws<DomainException>(() => GovernanceRules.Check(Bcf, [], true, "bcf-steering", ResolutionOutcome.Endorsed)).Message);
    }

    [Fact]
    public void Each_body_resolves_within_its_power()
    {
        var endorse = Assert.Throws<DomainException>(() => GovernanceRules.Check(Bcf, [], false, "bcf-steering", ResolutionOutcome.Approved));
        Assert.Equal(Refusal.Invalid, endorse.Refusal);
        Assert.Equal("Hackney BCF Steering Group endorses the decision; it cannot approve it.", endorse.Message);
        var approve = Assert.Throws<DomainException>(() => GovernanceRules.Check(Bcf, Endorsed(), false, "hackney-icb", ResolutionOutcome.Endorsed));
        Assert.Equal("Hackney Integrated Commissioning Board is the body that approves the decision: record it as approved, declined or deferred.", approve.Message);
    }

    [Fact]
    public void An_unknown_body_is_not_found()
    {
        var e = Assert.Throws<DomainException>(() => GovernanceRules.Check(Bcf, [], false, "cabinet", ResolutionOutcome.Endorsed));
        Assert.Equal(Refusal.NotFound, e.Refusal);
        Assert.Equal(["bodyId"], e.Errors.Keys);
        Assert.Equal("The round names no bodies for its decisions to pass through: its decisions are approved when finance confirms them.",
            Assert.Throws<DomainException>(() => GovernanceRules.Check([], [], false, "cabinet", ResolutionOutcome.Endorsed)).Message);
    }

    [Fact]
    public void Without_governance_finance_confirmation_is_the_approval()
    {
        Assert.Equal(DecisionStatus.Approved, GovernanceRules.Status([], [], false));
        Assert.Null(GovernanceRules.Next([], []));
    }

    [Fact]
    public void A_way_of_endorsements_only_never_approves()
    {
        IReadOnlyList<GoverningBody> endorseOnly = [new("tb", "Transformation Board", BodyPower.Endorse)];
        Assert.Equal(DecisionStatus.Confirmed, GovernanceRules.Status(endorseOnly, [R("tb", ResolutionOutcome.Endorsed)], false));
    }

    [Fact]
    public void Governance_changes_until_approval_and_keeps_the_bodies_that_resolved()
    {
        GovernanceRules.CheckChange(Bcf.Skip(1).ToList(), [], DecisionStatus.Confirmed);
        GovernanceRules.CheckChange(Bcf, [], null);
        var kept = Assert.Throws<DomainException>(() =>
            GovernanceRules.CheckChange(Bcf.Skip(1).ToList(), [R("bcf-steering", ResolutionOutcome.Endorsed)], DecisionStatus.Confirmed));
        Assert.Equal("'bcf-steering' has already resolved on the decision and must stay in its governance.", kept.Message);
        var approved = Assert.Throws<DomainException>(() => GovernanceRules.CheckChange(Bcf, [], DecisionStatus.Approved));
        Assert.Equal(Refusal.Conflict, approved.Refusal);
    }
}
