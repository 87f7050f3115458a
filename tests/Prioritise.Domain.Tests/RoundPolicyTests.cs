using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Tests;

/// <summary>
/// <see cref="RoundPolicy"/>: every action against every kind of actor, in one table written by
/// hand from api.md's "who may" notes, and the refusal's kind (403 against 404).
/// </summary>
public class RoundPolicyTests
{
    private static CommitteeSeat Seat(params CommitteeRole[] roles) => new("m1", "Member One", "Org", [], roles);

    // Columns: admin, scorer, chair, finance, chair+scorer, no seat, secretary, secretary+scorer,
    // the organisation-wide secretary with no seat, the organisation-wide secretary seated as a scorer
    // ('-' is 404, 'y' allowed, 'n' 403).
    public static TheoryData<RoundAction, string> Table => new()
    {
        { RoundAction.Read,             "yyyyy-yyyy" },
        { RoundAction.ReadCommittee,    "ynyny-yyyy" },
        { RoundAction.Appoint,          "ynnnn-yyyy" },
        { RoundAction.AddBid,           "ynnnn-yyyy" },
        { RoundAction.RecordConflict,   "ynyny-yyyy" },
        { RoundAction.OpenScoring,      "ynyny-nnnn" },
        { RoundAction.CloseScoring,     "ynyny-nnnn" },
        { RoundAction.ReadResults,      "yyyyy-yyyy" },
        { RoundAction.ReadScorerTotals, "ynyyy-nnnn" },
        { RoundAction.ReadAudit,        "ynyyy-yyyy" },
        { RoundAction.ReadModeration,   "ynyyy-nnnn" },
        { RoundAction.Moderate,         "nnyny-nnnn" },
        { RoundAction.Confirm,          "nnnyn-nnnn" },
        { RoundAction.ReviseCap,        "nnnyn-nnnn" },
        { RoundAction.ScoreSheet,       "nynny-nyny" },
        { RoundAction.Correct,          "ynnnn-yyyy" },
        { RoundAction.CorrectBid,       "ynnnn-yyyy" },
        { RoundAction.WithdrawBid,      "ynnnn-yyyy" },
        { RoundAction.RemoveSeat,       "ynnnn-yyyy" },
        // The call for bids and applications (issue 15); the applicant column is ApplicationPolicyTests'.
        { RoundAction.SetApplicationForm, "ynnnn-yyyy" },
        { RoundAction.ReadApplicationForm, "yyyyy-yyyy" },
        { RoundAction.RunCall,          "ynnnn-yyyy" },
        { RoundAction.Apply,            "nnnnn-nnnn" },
        { RoundAction.ReadApplications, "ynyny-yyyy" },
        { RoundAction.Screen,           "ynnnn-yyyy" },
        // After the decision (issue 16); the applicant's returns and outcome are ApplicationPolicyTests'.
        { RoundAction.SetGovernance,    "ynnnn-yyyy" },
        { RoundAction.RecordResolution, "ynnnn-yyyy" },
        { RoundAction.ReadFunding,      "ynyyy-yyyy" },
        { RoundAction.DischargeCondition, "nnyyy-nnnn" },
        { RoundAction.ReleaseFunds,     "nnnyn-nnnn" },
        { RoundAction.WriteFeedback,    "nnyny-nnnn" },
        { RoundAction.FileReturn,       "nnnnn-nnnn" },
        { RoundAction.ReadOutcome,      "nnnnn-nnnn" },
        { RoundAction.ReadPaper,        "ynyyy-yyyy" },
    };

    [Theory, MemberData(nameof(Table))]
    public void Each_action_is_allowed_forbidden_or_not_found_as_the_table_says(RoundAction action, string expected)
    {
        (bool Admin, bool Secretary, CommitteeSeat? Seat)[] actors =
        [
            (true, false, null), (false, false, Seat(CommitteeRole.Scorer)), (false, false, Seat(CommitteeRole.Chair)),
            (false, false, Seat(CommitteeRole.Finance)), (false, false, Seat(CommitteeRole.Chair, CommitteeRole.Scorer)), (false, false, null),
            (false, false, Seat(CommitteeRole.Secretary)), (false, false, Seat(CommitteeRole.Secretary, CommitteeRole.Scorer)),
            (false, true, null), (false, true, Seat(CommitteeRole.Scorer)),
        ];
        Assert.Equal(actors.Length, expected.Length);
        for (var i = 0; i < actors.Length; i++)
        {
            var (admin, secretary, seat) = actors[i];
            var outcome = Outcome(() => RoundPolicy.Require(admin, secretary, seat, action, "r1"));
            Assert.True(outcome == expected[i], $"{action} as actor {i}: expected '{expected[i]}', got '{outcome}'");
            Assert.Equal(expected[i] == 'y', RoundPolicy.Allows(admin, secretary, seat, action));
            if (!secretary) Assert.Equal(expected[i] == 'y', RoundPolicy.Allows(admin, seat, action));
        }
    }

    [Fact]
    public void Every_action_is_in_the_table()
    {
        var listed = Table.Select(row => (RoundAction)row[0]).ToHashSet();
        Assert.Equal(Enum.GetValues<RoundAction>().ToHashSet(), listed);
    }

    [Fact]
    public void An_outsider_is_told_there_is_no_such_round_naming_it()
    {
        var e = Assert.Throws<DomainException>(() => RoundPolicy.Require(false, null, RoundAction.Appoint, "pic-2018"));
        Assert.Equal(Refusal.NotFound, e.Refusal);
        Assert.Equal("No round 'pic-2018'.", e.Message);
    }

    [Fact]
    public void The_administrator_may_watch_but_not_take_the_committees_decisions()
    {
        var e = Assert.Throws<DomainException>(() => RoundPolicy.Require(true, null, RoundAction.Confirm, "r"));
        Assert.Equal("Only the committee's finance may do this, not an administrator.", e.Message);
        Assert.Throws<DomainException>(() => RoundPolicy.RequireOwnSheet(true, "admin", "m1", reading: true));
        RoundPolicy.RequireOwnSheet(false, "m1", "m1", reading: false);
    }

    [Theory]
    [InlineData(RoundStatus.Setup, "yyyynn")]
    [InlineData(RoundStatus.Scoring, "yyynyy")]
    [InlineData(RoundStatus.Moderation, "yynnnn")]
    [InlineData(RoundStatus.Confirmed, "nnnnnn")]
    public void The_lifecycle_allows_each_change_in_its_statuses(RoundStatus status, string expected)
    {
        RoundAction[] changes = [RoundAction.Appoint, RoundAction.RecordConflict, RoundAction.AddBid, RoundAction.OpenScoring, RoundAction.CloseScoring, RoundAction.ScoreSheet];
        for (var i = 0; i < changes.Length; i++)
        {
            Assert.Equal(expected[i] == 'y', RoundLifecycle.Allows(status, changes[i]));
            if (expected[i] == 'n')
                Assert.Equal(Refusal.Conflict, Assert.Throws<DomainException>(() => RoundLifecycle.Require(status, changes[i])).Refusal);
        }
    }

    [Fact]
    public void The_secretary_is_never_a_scorer_unless_given_the_role()
    {
        var e = Assert.Throws<DomainException>(() => RoundPolicy.Require(false, Seat(CommitteeRole.Secretary), RoundAction.ScoreSheet, "r"));
        Assert.Equal(Refusal.Forbidden, e.Refusal);
        Assert.Equal("'m1' is not a scorer on this round's committee.", e.Message);
        Assert.Equal(Refusal.Forbidden, Assert.Throws<DomainException>(() => RoundPolicy.Require(false, true, null, RoundAction.ScoreSheet, "r")).Refusal);
    }

    [Fact]
    public void Members_and_rounds_are_set_up_by_the_administrator_and_the_organisations_secretary()
    {
        RoundPolicy.RequireSecretaryOrAdministrator(true, false);
        RoundPolicy.RequireSecretaryOrAdministrator(false, true);
        var e = Assert.Throws<DomainException>(() => RoundPolicy.RequireSecretaryOrAdministrator(false, false));
        Assert.Equal("Only the committee secretary or an administrator may do this.", e.Message);
        // Backups and the secretary role itself stay the administrator's.
        Assert.Throws<DomainException>(() => RoundPolicy.RequireAdministrator(false));
        RoundPolicy.RequireMemberCorrection(false, true, changesSecretaryRole: false);
        Assert.Equal("Only an administrator may appoint or remove the committee secretary.",
            Assert.Throws<DomainException>(() => RoundPolicy.RequireMemberCorrection(false, true, changesSecretaryRole: true)).Message);
        RoundPolicy.RequireMemberCorrection(true, false, changesSecretaryRole: true);
        // A key is a member's whole identity: one secretary does not take over another's.
        RoundPolicy.RequireKeyIssuer(false, "sec", "scorer", memberIsSecretary: false);
        RoundPolicy.RequireKeyIssuer(false, "sec", "sec", memberIsSecretary: true);
        Assert.Throws<DomainException>(() => RoundPolicy.RequireKeyIssuer(false, "sec", "other-sec", memberIsSecretary: true));
        RoundPolicy.RequireKeyIssuer(true, "admin", "other-sec", memberIsSecretary: true);
    }

    [Fact]
    public void Profiles_and_emails_are_for_the_officers_and_the_member_themselves()
    {
        RoundPolicy.RequireProfileReader(false, true, "sec", "m1");
        RoundPolicy.RequireProfileReader(false, false, "m1", "m1");
        Assert.Throws<DomainException>(() => RoundPolicy.RequireProfileReader(false, false, "m2", "m1"));
        Assert.True(RoundPolicy.MaySeeEmail(false, false, "m1", "m1"));
        Assert.True(RoundPolicy.MaySeeEmail(false, true, "sec", "m1"));
        Assert.False(RoundPolicy.MaySeeEmail(false, false, "m2", "m1"));
    }

    [Fact]
    public void A_secretary_reads_the_figures_as_the_committee_does_once_scoring_closes_but_not_the_comments()
    {
        var seated = new Reader("m1", false, Seat(CommitteeRole.Secretary), []);
        var organisation = new Reader("sec", false, null, [], IsOrganisationSecretary: true);
        foreach (var reader in new[] { seated, organisation })
        {
            Assert.False(Disclosure.MaySeeFigures(reader, RoundStatus.Scoring));
            Assert.True(Disclosure.MaySeeFigures(reader, RoundStatus.Moderation));
            Assert.False(Disclosure.MaySeeComments(reader, RoundStatus.Moderation));
            Assert.False(Disclosure.MaySeeNamedCalibration(reader));
        }
    }

    [Theory]
    [InlineData(RoundStatus.Setup, "yyyy")]
    [InlineData(RoundStatus.Scoring, "yyyy")]
    [InlineData(RoundStatus.Moderation, "ynnn")]
    [InlineData(RoundStatus.Confirmed, "nnnn")]
    public void The_lifecycle_allows_each_correction_in_its_statuses(RoundStatus status, string expected)
    {
        RoundAction[] corrections = [RoundAction.Correct, RoundAction.CorrectBid, RoundAction.WithdrawBid, RoundAction.RemoveSeat];
        for (var i = 0; i < corrections.Length; i++)
        {
            Assert.Equal(expected[i] == 'y', RoundLifecycle.Allows(status, corrections[i]));
            if (expected[i] == 'n')
                Assert.Equal(Refusal.Conflict, Assert.Throws<DomainException>(() => RoundLifecycle.Require(status, corrections[i])).Refusal);
        }
        if (status == RoundStatus.Moderation)
            Assert.Equal("A bid can be withdrawn only until scoring closes; after that the chair may decline it in moderation. The round is in moderation.",
                Assert.Throws<DomainException>(() => RoundLifecycle.Require(status, RoundAction.WithdrawBid)).Message);
    }

    private static char Outcome(Action check)
    {
        try { check(); return 'y'; }
        catch (DomainException e) when (e.Refusal == Refusal.Forbidden) { return 'n'; }
        catch (DomainException e) when (e.Refusal == Refusal.NotFound) { return '-'; }
    }
}
