using Prioritise.Domain;
using Prioritise.Domain.Governance;
using Prioritise.Domain.Mail;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Validation;

namespace Prioritise.Domain.Tests.Governance;

/// <summary>What an applicant is told once the decision is approved (issue 16 item 5), and the commands' checks.</summary>
public sealed class OutcomeRulesTests
{
    private static readonly DateTimeOffset At = new(2018, 8, 15, 16, 0, 0, TimeSpan.Zero);

    private static ModeratedRow Row(int position, string id, decimal asked, decimal award, bool funded, double? mean, params string[] conditions) =>
        new(position, Builders.Result(id, mean, amount: asked), position, award, funded, false, funded ? award : null, null, null, conditions);

    /// <summary>Take Home and Settle funded at GBP 50,000 of the 60,000 asked, with a condition; Gym not funded.</summary>
    private static readonly Decision Decision = new(1, At, "fran", 100_000m, 50_000m, 50_000m, 0m, false, null, "thas",
    [
        Row(1, "thas", 60_000m, 50_000m, true, 8.25, "Agree the discharge pathway."),
        Row(2, "gym", 70_000m, 70_000m, false, 6.5),
    ], 2);

    private static readonly GoverningBody[] Bodies = [new("tb", "Transformation Board", BodyPower.Endorse), new("icb", "Hackney ICB", BodyPower.Approve)];

    private static readonly Resolution[] Approved =
    [
        new("tb", ResolutionOutcome.Endorsed, new DateOnly(2018, 8, 29), null, null, "sec", At),
        new("icb", ResolutionOutcome.Approved, new DateOnly(2018, 9, 14), "6", null, "sec", At),
    ];

    private static ApplicationOutcome Outcome(string bid, FeedbackPolicy policy = FeedbackPolicy.OutcomeOnly, BidFeedback? feedback = null,
        DecisionStatus status = DecisionStatus.Approved) =>
        OutcomeRules.For(bid, bid, "BCF underspend", Decision, status, Bodies, Approved, ConditionRules.Of(Decision), feedback, policy);

    [Theory]
    [InlineData(DecisionStatus.Confirmed)]
    [InlineData(DecisionStatus.Declined)]
    [InlineData(DecisionStatus.Superseded)]
    public void No_outcome_before_approval(DecisionStatus status) =>
        Assert.Equal(Refusal.Conflict, Assert.Throws<DomainException>(() => Outcome("thas", status: status)).Refusal);

    [Fact]
    public void A_funded_scheme_is_told_its_award_its_conditions_and_who_approved_it_when()
    {
        var o = Outcome("thas");
        Assert.True(o.Funded);
        Assert.Equal(50_000m, o.Award);
        Assert.Equal("Hackney ICB", o.ApprovedBy);
        Assert.Equal(new DateOnly(2018, 9, 14), o.ApprovedOn);
        Assert.Equal("Agree the discharge pathway.", Assert.Single(o.Conditions).Text);
        Assert.Null(o.Scores);
        var lines = Letters.OutcomeLines(o);
        Assert.Equal("BCF underspend: \"thas\" is funded. Hackney ICB approved the committee's decision on 14 September 2018.", lines[0]);
        Assert.Contains("The award is £50,000 of the £60,000 you asked for.", lines);
        Assert.Contains("- Agree the discharge pathway. (open)", lines);
    }

    [Fact]
    public void An_unfunded_bid_gets_no_award_and_only_released_feedback()
    {
        var draft = new BidFeedback("gym", "Not yet.", false, "chair", At);
        Assert.Null(Outcome("gym", feedback: draft).Feedback);
        var released = draft with { Text = "A strong case; the pot ran out.", Released = true };
        var o = Outcome("gym", feedback: released);
        Assert.False(o.Funded);
        Assert.Equal(0m, o.Award);
        Assert.Equal("A strong case; the pot ran out.", o.Feedback);
        Assert.DoesNotContain(Letters.OutcomeLines(o), l => l.StartsWith("The award", StringComparison.Ordinal));
    }

    [Fact]
    public void The_policy_decides_whether_the_mean_band_and_rank_are_told()
    {
        var o = Outcome("gym", FeedbackPolicy.WithScores);
        Assert.Equal(new OutcomeScores(6.5, "Insufficient", 2, 2), o.Scores);
        Assert.Contains("Your bid's weighted mean score was 6.5", string.Join("\n", Letters.OutcomeLines(o)));
    }

    [Fact]
    public void An_unscored_round_tells_no_figures_even_under_the_scores_policy()
    {
        var unscored = Decision with { Rows = [Row(1, "thas", 60_000m, 60_000m, true, null)] };
        var o = OutcomeRules.For("thas", "thas", "BCF", unscored, DecisionStatus.Approved, [], [], [], null, FeedbackPolicy.WithScores);
        Assert.Null(o.Scores);
        // No bodies: approved when finance confirmed, on that day.
        Assert.Equal(new DateOnly(2018, 8, 15), o.ApprovedOn);
    }

    [Fact]
    public void A_bid_not_on_the_list_has_no_outcome() =>
        Assert.Equal(Refusal.NotFound, Assert.Throws<DomainException>(() => Outcome("withdrawn")).Refusal);

    [Fact]
    public void Governance_commands_are_checked_field_by_field()
    {
        Assert.Contains("bodies", Errors(() => Validate.Check(new SetGovernanceValidator(), new SetGovernance([new("tb", "Board", BodyPower.Endorse)]))));
        Assert.Contains("bodies", Errors(() => Validate.Check(new SetGovernanceValidator(),
            new SetGovernance([new("tb", "Board", BodyPower.Approve), new("tb", "Again", BodyPower.Endorse)]))));
        Assert.Contains("bodies[0].power", Errors(() => Validate.Check(new SetGovernanceValidator(), new SetGovernance([new("tb", "Board", null)]))));
        Validate.Check(new SetGovernanceValidator(), new SetGovernance([]));
        Assert.Contains("note", Errors(() => Validate.Check(new RecordResolutionValidator(),
            new RecordResolution("tb", ResolutionOutcome.Deferred, new DateOnly(2018, 9, 1), null, " "))));
        Assert.Contains("meetingDate", Errors(() => Validate.Check(new RecordResolutionValidator(), new RecordResolution("tb", ResolutionOutcome.Endorsed, null, null, null))));
        Assert.Contains("amount", Errors(() => Validate.Check(new ReleaseFundsValidator(), new ReleaseFunds("a", 0.001m, null))));
        Assert.Contains("spent", Errors(() => Validate.Check(new FileReturnValidator(), new FileReturn("Q1", -0.01m, null, null))));
        Validate.Check(new FileReturnValidator(), new FileReturn("Q1", 0m, null, new Dictionary<string, decimal> { ["Patients"] = 41 }));
        Assert.Contains("metrics", Errors(() => Validate.Check(new FileReturnValidator(), new FileReturn("Q1", 1m, null, new Dictionary<string, decimal> { [" "] = 1 }))));
    }

    private static IReadOnlyList<string> Errors(Action act) => Assert.Throws<DomainException>(act).Errors.Keys.ToList();
}
