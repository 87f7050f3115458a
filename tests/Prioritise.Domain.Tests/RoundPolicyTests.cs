using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Tests;

/// <summary>
/// <see cref="RoundPolicy"/>: every action against every kind of actor, in one table written by
/// hand from api.md's "who may" notes, and the refusal's kind (403 against 404).
/// </summary>
public class RoundPolicyTests
{
    private static CommitteeSeat Seat(params CommitteeRole[] roles) => new("m1", "Member One", "Org", [], roles);

    // Columns: admin, scorer, chair, finance, chair+scorer, no seat ('-' is 404, 'y' allowed, 'n' 403).
    public static TheoryData<RoundAction, string> Table => new()
    {
        { RoundAction.Read,             "yyyyy-" },
        { RoundAction.ReadCommittee,    "ynyny-" },
        { RoundAction.Appoint,          "ynnnn-" },
        { RoundAction.AddBid,           "ynnnn-" },
        { RoundAction.RecordConflict,   "ynyny-" },
        { RoundAction.OpenScoring,      "ynyny-" },
        { RoundAction.CloseScoring,     "ynyny-" },
        { RoundAction.ReadResults,      "yyyyy-" },
        { RoundAction.ReadScorerTotals, "ynyyy-" },
        { RoundAction.ReadAudit,        "ynyyy-" },
        { RoundAction.ReadModeration,   "ynyyy-" },
        { RoundAction.Moderate,         "nnyny-" },
        { RoundAction.Confirm,          "nnnyn-" },
        { RoundAction.ReviseCap,        "nnnyn-" },
        { RoundAction.ScoreSheet,       "nynny-" },
        // The call for bids and applications (issue 15); the secretary and applicant columns are ApplicationPolicyTests'.
        { RoundAction.SetApplicationForm, "ynnnn-" },
        { RoundAction.ReadApplicationForm, "yyyyy-" },
        { RoundAction.RunCall,          "ynnnn-" },
        { RoundAction.Apply,            "nnnnn-" },
        { RoundAction.ReadApplications, "ynyny-" },
        { RoundAction.Screen,           "ynnnn-" },
    };

    [Theory, MemberData(nameof(Table))]
    public void Each_action_is_allowed_forbidden_or_not_found_as_the_table_says(RoundAction action, string expected)
    {
        (bool Admin, CommitteeSeat? Seat)[] actors =
        [
            (true, null), (false, Seat(CommitteeRole.Scorer)), (false, Seat(CommitteeRole.Chair)),
            (false, Seat(CommitteeRole.Finance)), (false, Seat(CommitteeRole.Chair, CommitteeRole.Scorer)), (false, null),
        ];
        for (var i = 0; i < actors.Length; i++)
        {
            var (admin, seat) = actors[i];
            var outcome = Outcome(() => RoundPolicy.Require(admin, seat, action, "r1"));
            Assert.True(outcome == expected[i], $"{action} as actor {i}: expected '{expected[i]}', got '{outcome}'");
            Assert.Equal(expected[i] == 'y', RoundPolicy.Allows(admin, seat, action));
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

    private static char Outcome(Action check)
    {
        try { check(); return 'y'; }
        catch (DomainException e) when (e.Refusal == Refusal.Forbidden) { return 'n'; }
        catch (DomainException e) when (e.Refusal == Refusal.NotFound) { return '-'; }
    }
}
