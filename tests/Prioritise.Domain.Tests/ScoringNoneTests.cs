using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Seeds;
using Prioritise.Domain.Scoring;
using Prioritise.Domain.Validation;
using static Prioritise.Domain.Tests.Builders;

namespace Prioritise.Domain.Tests;

/// <summary>
/// Rounds without scoring (issue 16 item 2): the 2018 BCF underspend was agreed by its partnership
/// with no score sheets, so such a round goes from its accepted applications to the chair's list.
/// </summary>
public class ScoringNoneTests
{
    // ---- The lifecycle: open-scoring, close-scoring (start moderation) and sheets, in each status ----

    [Theory]
    // Scored: as before, close only from scoring.
    [InlineData(ScoringMode.Scored, RoundStatus.Setup, "ynn")]
    [InlineData(ScoringMode.Scored, RoundStatus.Scoring, "nyy")]
    [InlineData(ScoringMode.Scored, RoundStatus.Moderation, "nnn")]
    [InlineData(ScoringMode.Scored, RoundStatus.Confirmed, "nnn")]
    // None: never open, never a sheet; close (start moderation) only from setup.
    [InlineData(ScoringMode.None, RoundStatus.Setup, "nyn")]
    [InlineData(ScoringMode.None, RoundStatus.Scoring, "nnn")]
    [InlineData(ScoringMode.None, RoundStatus.Moderation, "nnn")]
    [InlineData(ScoringMode.None, RoundStatus.Confirmed, "nnn")]
    public void Open_close_and_sheets_are_allowed_by_status_and_scoring(ScoringMode scoring, RoundStatus status, string expected)
    {
        RoundAction[] actions = [RoundAction.OpenScoring, RoundAction.CloseScoring, RoundAction.ScoreSheet];
        for (var i = 0; i < actions.Length; i++)
        {
            Assert.Equal(expected[i] == 'y', RoundLifecycle.Allows(status, actions[i], scoring));
            if (expected[i] == 'y')
            {
                RoundLifecycle.Require(status, actions[i], scoring);
                Assert.Null(RoundLifecycle.WhyNot(status, actions[i], scoring));
            }
            else
            {
                var e = Assert.Throws<DomainException>(() => RoundLifecycle.Require(status, actions[i], scoring));
                Assert.Equal(Refusal.Conflict, e.Refusal);
                Assert.Equal(["status"], e.Errors.Keys);
                Assert.Equal(e.Message, RoundLifecycle.WhyNot(status, actions[i], scoring));
            }
        }
    }

    [Fact]
    public void A_scored_round_keeps_the_rules_and_words_it_had()
    {
        foreach (var status in Enum.GetValues<RoundStatus>())
        foreach (var action in Enum.GetValues<RoundAction>())
        {
            Assert.Equal(RoundLifecycle.Allows(status, action), RoundLifecycle.Allows(status, action, ScoringMode.Scored));
            Assert.Equal(RoundLifecycle.WhyNot(status, action), RoundLifecycle.WhyNot(status, action, ScoringMode.Scored));
        }
    }

    [Fact]
    public void A_round_without_scoring_is_told_why_in_the_committees_words()
    {
        Assert.Equal("This round has no scoring: the chair moderates its accepted applications directly; start moderation with close-scoring.",
            RoundLifecycle.WhyNot(RoundStatus.Setup, RoundAction.OpenScoring, ScoringMode.None));
        Assert.Equal("This round has no scoring, so there are no score sheets to save.",
            RoundLifecycle.WhyNot(RoundStatus.Moderation, RoundAction.ScoreSheet, ScoringMode.None));
        Assert.Equal("Moderation has already started: the chair is moderating the list.",
            RoundLifecycle.WhyNot(RoundStatus.Moderation, RoundAction.CloseScoring, ScoringMode.None));
        Assert.Equal("Moderation is over: the decision is confirmed.",
            RoundLifecycle.WhyNot(RoundStatus.Confirmed, RoundAction.CloseScoring, ScoringMode.None));
    }

    [Fact]
    public void Everything_else_a_round_without_scoring_does_follows_its_status_as_any_round()
    {
        // Bids, the call, applications and screening in setup, as issue 15 has them.
        foreach (var status in Enum.GetValues<RoundStatus>())
        foreach (var action in new[] { RoundAction.AddBid, RoundAction.Appoint, RoundAction.RunCall, RoundAction.Apply, RoundAction.Screen, RoundAction.SetApplicationForm, RoundAction.Correct })
            Assert.Equal(RoundLifecycle.Allows(status, action), RoundLifecycle.Allows(status, action, ScoringMode.None));
    }

    // ---- Creating the round ----

    private static CreateRound NoScoring(IReadOnlyList<CriterionInput>? criteria) =>
        ValidatorTests.ValidRound() with { Scoring = ScoringMode.None, Criteria = criteria };

    [Fact]
    public void A_round_without_scoring_needs_no_criteria_and_keeps_any_it_states()
    {
        Assert.Empty(Validate.Check(new CreateRoundValidator(), NoScoring(null)).ToDefinition("bcf").Criteria);
        Assert.Empty(Validate.Check(new CreateRoundValidator(), NoScoring([])).ToDefinition("bcf").Criteria);
        var stated = Validate.Check(new CreateRoundValidator(), NoScoring([new CriterionInput("prevention", "Supporting focus on prevention", 10m)])).ToDefinition("bcf");
        Assert.Equal(ScoringMode.None, stated.Scoring);
        Assert.Equal([new Criterion("prevention", "Supporting focus on prevention", 10m)], stated.Criteria);
    }

    [Fact]
    public void A_scored_round_still_needs_its_criteria_and_is_scored_unless_it_says_otherwise()
    {
        var e = Assert.Throws<DomainException>(() => Validate.Check(new CreateRoundValidator(), ValidatorTests.ValidRound() with { Criteria = [] }));
        Assert.Equal(["criteria"], e.Errors.Keys);
        Assert.Throws<DomainException>(() => Validate.Check(new CreateRoundValidator(), ValidatorTests.ValidRound() with { Scoring = ScoringMode.Scored, Criteria = null }));
        Assert.Equal(ScoringMode.Scored, ValidatorTests.ValidRound().ToDefinition("pic").Scoring);
        // The definition written back as a command (the CLI's comparison) keeps it.
        Assert.Equal(ScoringMode.None, NoScoring(null).ToDefinition("bcf").ToCommand().Scoring);
    }

    [Fact]
    public void Criteria_given_to_a_round_without_scoring_are_checked_as_any_criteria()
    {
        var twice = NoScoring([new CriterionInput("a", "A", 1m), new CriterionInput("a", "B", 1m)]);
        Assert.Equal(["criteria"], Assert.Throws<DomainException>(() => Validate.Check(new CreateRoundValidator(), twice)).Errors.Keys);
        var weightless = NoScoring([new CriterionInput("a", "A", 0m)]);
        Assert.Equal(["criteria[0].weight"], Assert.Throws<DomainException>(() => Validate.Check(new CreateRoundValidator(), weightless)).Errors.Keys);
        var unknown = ValidatorTests.ValidRound() with { Scoring = (ScoringMode)7 };
        Assert.Equal(["scoring"], Assert.Throws<DomainException>(() => Validate.Check(new CreateRoundValidator(), unknown)).Errors.Keys);
    }

    // ---- Correcting it: only in setup ----

    private static CorrectRound Scoring(ScoringMode scoring, IReadOnlyList<CriterionInput>? criteria = null) =>
        new(null, null, null, null, null, criteria, null, "The partnership decides without scoring.", null, scoring);

    private static readonly DateTimeOffset Now = new(2018, 7, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Whether_a_round_is_scored_is_corrected_only_in_setup()
    {
        var scored = Round(Criteria(3m, 1m), cap: 498_529m);
        var corrected = Corrections.Round(scored, RoundStatus.Setup, Scoring(ScoringMode.None), Now);
        Assert.Equal(ScoringMode.None, corrected.Value.Scoring);
        Assert.Equal("Scoring scored by the committee → none (the chair moderates directly).", corrected.Describe());
        // The value it already has is no change.
        Assert.False(Corrections.Round(scored, RoundStatus.Moderation, Scoring(ScoringMode.Scored), Now).Changed);

        foreach (var status in new[] { RoundStatus.Scoring, RoundStatus.Moderation, RoundStatus.Confirmed })
        {
            var e = Assert.Throws<DomainException>(() => Corrections.Round(scored, status, Scoring(ScoringMode.None), Now));
            Assert.Equal(Refusal.Conflict, e.Refusal);
            Assert.Equal(["scoring"], e.Errors.Keys);
            Assert.StartsWith("Whether the round is scored can be changed only while the round is being set up. The round is ", e.Message);
        }
    }

    [Fact]
    public void A_round_without_criteria_becomes_scored_only_with_its_criteria()
    {
        var none = Round([], cap: 498_529m) with { Scoring = ScoringMode.None };
        var e = Assert.Throws<DomainException>(() => Corrections.Round(none, RoundStatus.Setup, Scoring(ScoringMode.Scored), Now));
        Assert.Equal(Refusal.Invalid, e.Refusal);
        Assert.Equal(["criteria"], e.Errors.Keys);
        var withCriteria = Corrections.Round(none, RoundStatus.Setup, Scoring(ScoringMode.Scored, [new CriterionInput("impact", "Impact", 3m)]), Now);
        Assert.Equal(ScoringMode.Scored, withCriteria.Value.Scoring);
        Assert.Equal([new Criterion("impact", "Impact", 3m)], withCriteria.Value.Criteria);
    }

    // ---- The list the chair moderates: the five BCF bids of 2018, unscored ----

    /// <summary>The BCF round: pot GBP 498,529, the five bids as the paper costs them, no sheets.</summary>
    private static RoundResults Bcf(ScoringMode scoring = ScoringMode.None)
    {
        var round = Round([], cap: 498_529m) with { Scoring = scoring };
        Bid[] bids =
        [
            Bid("neighbourhood-clinical-leads", "Neighbourhoods Clinical Leads", 47_742m),
            Bid("neighbourhood-social-work", "Neighbourhood Senior Social worker Practitioners", 90_000m),
            Bid("take-home-and-settle", "Take Home and Settle Service", 60_000m),
            Bid("exercise-after-stroke", "Exercise After Stroke – Fit 4 Health", 87_376m),
            Bid("d2a-evaluation", "Discharge 2 Assess Evaluation and Implementation of long-term model", 30_000m),
        ];
        return FundingLine.Results(round, bids.Select(b => ScoringMethod.Compute(round, b, [])));
    }

    [Fact]
    public void Unscored_bids_come_by_title_with_no_means_and_the_cap_line_funds_all_five()
    {
        var results = Bcf();
        Assert.Equal(ScoringMode.None, results.Scoring);
        // Ordinal by title: "Neighbourhood " sorts before "Neighbourhoods".
        Assert.Equal(["d2a-evaluation", "exercise-after-stroke", "neighbourhood-social-work", "neighbourhood-clinical-leads", "take-home-and-settle"],
            results.Bids.Select(b => b.Result.BidId));
        Assert.All(results.Bids, b =>
        {
            Assert.Null(b.Result.WeightedMean);
            Assert.Null(b.Result.StandardDeviation);
            Assert.Null(b.Result.ValuePerThousand);
            Assert.Equal(Agreement.Insufficient, b.Result.Agreement);
            Assert.True(b.Funded);
        });
        // 30,000; +87,376; +90,000; +47,742; +60,000.
        Assert.Equal([30_000m, 117_376m, 207_376m, 255_118m, 315_118m], results.Bids.Select(b => b.Cumulative!.Value));
        Assert.Equal(315_118m, results.FundedTotal);
    }

    [Fact]
    public void In_a_scored_round_unscored_bids_still_wait_outside_the_line()
    {
        var results = Bcf(ScoringMode.Scored);
        Assert.All(results.Bids, b => Assert.False(b.Funded));
        Assert.Equal(0m, results.FundedTotal);
    }

    [Fact]
    public void The_chair_moves_awards_and_declines_unscored_bids_and_the_line_follows()
    {
        var session = new ModerationSession(Bcf());
        var list = session.List;
        Assert.Equal(315_118m, list.FundedTotal);
        // 498,529 - 315,118.
        Assert.Equal(183_411m, list.Headroom);
        Assert.Equal(0m, list.OverCommitment);

        session.MoveBefore("take-home-and-settle", "d2a-evaluation");
        session.Award("exercise-after-stroke", 80_000m);
        session.Decline("neighbourhood-social-work");
        Assert.Equal(["take-home-and-settle", "d2a-evaluation", "exercise-after-stroke", "neighbourhood-social-work", "neighbourhood-clinical-leads"], session.Order);
        Assert.Equal(["take-home-and-settle", "d2a-evaluation", "exercise-after-stroke", "neighbourhood-clinical-leads"], session.Funded);
        // 60,000; +30,000; +80,000; declined; +47,742.
        Assert.Equal([("take-home-and-settle", 60_000m, 60_000m), ("d2a-evaluation", 30_000m, 90_000m), ("exercise-after-stroke", 80_000m, 170_000m),
                ("neighbourhood-social-work", 90_000m, null), ("neighbourhood-clinical-leads", 47_742m, 217_742m)],
            session.Money);
        Assert.Equal(217_742m, session.List.FundedTotal);
        Assert.Equal(280_787m, session.List.Headroom);
    }

    // ---- The BCF seed as files ----

    private static string SeedsRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Prioritise.sln"))) return Path.Combine(dir.FullName, "seeds");
        throw new DirectoryNotFoundException("No Prioritise.sln above the test's folder.");
    }

    [Fact]
    public void The_BCF_seed_has_no_scoring_starts_moderation_and_has_a_chair_and_finance_to_decide()
    {
        var seed = SeedRound.Load(Path.Combine(SeedsRoot(), "2018-hackney-bcf-underspend"));
        Assert.Equal(ScoringMode.None, Validate.Check(new CreateRoundValidator(), seed.Round).ToDefinition("bcf-2018").Scoring);
        Assert.False(seed.OpenScoring);
        Assert.True(seed.CloseScoring);
        var moderation = seed.Moderation!;
        Assert.Empty(moderation.Actions);
        Assert.Contains(CommitteeRole.Chair, seed.Members.Single(m => m.Id == moderation.Chair).Roles);
        Assert.Contains(CommitteeRole.Finance, seed.Members.Single(m => m.Id == moderation.Decision!.By).Roles);
        Assert.False(moderation.Decision!.AcceptOverCommitment);
        Validate.Check(new ConfirmCommandValidator(), new ConfirmCommand(false, moderation.Decision.Reason, null));
        // The board shows the headroom in thousands, as the paper's "183k": 498,529 - 315,118 = 183,411.
        Assert.Equal("183", Display.ThousandsText(498_529m - 315_118m));
    }

    [Fact]
    public void A_member_id_in_two_seeds_is_the_same_person_in_both()
    {
        // Members are the service's, not a round's: a second seed naming an id the first registered
        // would seat the first seed's person, with their organisation and conflicts.
        var people = SeedRound.Folders(SeedsRoot()).SelectMany(f => SeedRound.Load(f).Members)
            .GroupBy(m => m.Id, StringComparer.Ordinal);
        Assert.All(people, g => Assert.Single(g.Select(m => (m.Name, m.Organisation)).Distinct()));
    }

    [Fact]
    public void A_smaller_pot_stops_the_line_at_the_first_unscored_bid_that_does_not_fit()
    {
        // The chair's list as it stands, against GBP 200,000: 30,000 + 87,376 = 117,376; 90,000 more does not fit.
        var list = ModerationRules.Replay(Bcf(), [], fundingCap: 200_000m);
        Assert.Equal(["d2a-evaluation", "exercise-after-stroke"], list.Rows.Where(r => r.Funded).Select(r => r.Result.BidId));
        Assert.Equal(117_376m, list.FundedTotal);
    }
}
