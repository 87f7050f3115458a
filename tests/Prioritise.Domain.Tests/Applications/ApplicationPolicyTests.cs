using System.Collections.Immutable;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Tests.Applications;

/// <summary>
/// Who may run the call and read applications (issue 15): the secretary and applicant columns of
/// RoundPolicyTests' table, whose own application an applicant may read, and which readers of a
/// bid may open the application it was made from (Disclosure).
/// </summary>
public class ApplicationPolicyTests
{
    private static CommitteeSeat Seat(string id, params CommitteeRole[] roles) => new(id, $"Member {id}", "Org", [], roles);

    // Columns: secretary, applicant, secretary+applicant ('y' allowed, 'n' 403).
    [Theory]
    [InlineData(RoundAction.SetApplicationForm, "yny")]
    [InlineData(RoundAction.ReadApplicationForm, "yyy")]
    [InlineData(RoundAction.RunCall, "yny")]
    [InlineData(RoundAction.Apply, "nyy")]
    [InlineData(RoundAction.ReadApplications, "yyy")]
    [InlineData(RoundAction.Screen, "yny")]
    [InlineData(RoundAction.ScoreSheet, "nnn")]
    [InlineData(RoundAction.Moderate, "nnn")]
    // Issue 16: an applicant files their scheme's returns and reads their outcome; the secretary records governance.
    [InlineData(RoundAction.FileReturn, "nyy")]
    [InlineData(RoundAction.ReadOutcome, "nyy")]
    [InlineData(RoundAction.RecordResolution, "yny")]
    [InlineData(RoundAction.ReleaseFunds, "nnn")]
    public void The_secretary_runs_the_call_and_applicants_apply(RoundAction action, string expected)
    {
        CommitteeSeat[] actors =
        [
            Seat("s", CommitteeRole.Secretary), Seat("a", CommitteeRole.Applicant), Seat("sa", CommitteeRole.Secretary, CommitteeRole.Applicant),
        ];
        for (var i = 0; i < actors.Length; i++)
            Assert.True(RoundPolicy.Allows(false, actors[i], action) == (expected[i] == 'y'), $"{action} as actor {i}: expected '{expected[i]}'");
    }

    [Fact]
    public void An_applicant_reads_and_changes_only_their_own_application()
    {
        var applicant = Reader.Member("a1", Seat("a1", CommitteeRole.Applicant), [], []);
        var chair = Reader.Member("c1", Seat("c1", CommitteeRole.Chair), [], []);
        var secretary = Reader.Member("s1", Seat("s1", CommitteeRole.Secretary), [], []);
        Assert.True(RoundPolicy.MayReadApplication(applicant, "a1"));
        Assert.False(RoundPolicy.MayReadApplication(applicant, "a2"));
        Assert.True(RoundPolicy.MayReadApplication(chair, "a2"));
        Assert.True(RoundPolicy.MayReadApplication(secretary, "a2"));
        Assert.True(RoundPolicy.MayReadApplication(Reader.Administrator("admin"), "a2"));

        RoundPolicy.RequireOwnApplication(applicant, "a1");
        Assert.Equal(Refusal.Forbidden, Assert.Throws<DomainException>(() => RoundPolicy.RequireOwnApplication(applicant, "a2")).Refusal);
        // Not even the administrator changes a member's application.
        Assert.Throws<DomainException>(() => RoundPolicy.RequireOwnApplication(Reader.Administrator("admin"), "a1"));
    }

    [Fact]
    public void A_member_conflicted_on_a_bid_cannot_open_its_application_and_finance_do_not_read_applications()
    {
        var bid = new Bid("b1", "Scheme", "Planned Care", "Sponsor", ["Recipient Trust"], 1000m, "");
        var conflicted = Reader.Member("m1", new CommitteeSeat("m1", "M1", "Recipient Trust", [], [CommitteeRole.Scorer]), [bid], []);
        var clear = Reader.Member("m2", new CommitteeSeat("m2", "M2", "Neutral", [], [CommitteeRole.Scorer]), [bid], []);
        var conflictedChair = Reader.Member("m3", new CommitteeSeat("m3", "M3", "Recipient Trust", [], [CommitteeRole.Chair]), [bid], []);
        var finance = Reader.Member("m4", new CommitteeSeat("m4", "M4", "Neutral", [], [CommitteeRole.Finance]), [bid], []);
        var secretary = Reader.Member("m5", new CommitteeSeat("m5", "M5", "Recipient Trust", [], [CommitteeRole.Secretary]), [bid], []);
        Assert.False(Disclosure.MayReadApplication(conflicted, "b1", "a1"));
        Assert.True(Disclosure.MayReadApplication(clear, "b1", "a1"));
        Assert.False(Disclosure.MayReadApplication(conflictedChair, "b1", "a1"));
        Assert.False(Disclosure.MayReadApplication(finance, "b1", "a1"));
        // The secretary screened it; the applicant wrote it.
        Assert.True(Disclosure.MayReadApplication(secretary, "b1", "a1"));
        Assert.True(Disclosure.MayReadApplication(new Reader("a1", false, new CommitteeSeat("a1", "A", "Recipient Trust", [], [CommitteeRole.Applicant]), ImmutableHashSet.Create("b1")), "b1", "a1"));
        Assert.True(Disclosure.MayReadApplication(Reader.Administrator("admin"), "b1", "a1"));
    }

    [Theory]
    // Columns: set the form, run the call, apply, screen.
    [InlineData(RoundStatus.Setup, "yyyy")]
    [InlineData(RoundStatus.Scoring, "nyyy")]
    [InlineData(RoundStatus.Moderation, "nnnn")]
    [InlineData(RoundStatus.Confirmed, "nnnn")]
    public void The_form_is_settled_in_setup_and_applications_become_bids_until_scoring_closes(RoundStatus status, string expected)
    {
        RoundAction[] changes = [RoundAction.SetApplicationForm, RoundAction.RunCall, RoundAction.Apply, RoundAction.Screen];
        for (var i = 0; i < changes.Length; i++)
        {
            Assert.Equal(expected[i] == 'y', RoundLifecycle.Allows(status, changes[i]));
            if (expected[i] == 'n')
                Assert.Equal(Refusal.Conflict, Assert.Throws<DomainException>(() => RoundLifecycle.Require(status, changes[i])).Refusal);
        }
    }
}
