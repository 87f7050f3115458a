using Prioritise.Domain;
using Prioritise.Domain.Applications;

namespace Prioritise.Domain.Tests.Applications;

public sealed class ScreeningTests
{
    /// <summary>Every status against every action: where it leads, or null for a refusal.</summary>
    public static TheoryData<ApplicationStatus, ApplicationAction, ApplicationStatus?> Table()
    {
        var d = ApplicationStatus.Draft;
        var s = ApplicationStatus.Submitted;
        var r = ApplicationStatus.Returned;
        var a = ApplicationStatus.Accepted;
        var x = ApplicationStatus.Rejected;
        var w = ApplicationStatus.Withdrawn;
        var data = new TheoryData<ApplicationStatus, ApplicationAction, ApplicationStatus?>
        {
            { d, ApplicationAction.Edit, d }, { d, ApplicationAction.Attach, d }, { d, ApplicationAction.Submit, s },
            { d, ApplicationAction.Withdraw, w }, { d, ApplicationAction.Accept, null }, { d, ApplicationAction.Return, null },
            { d, ApplicationAction.Reject, null },

            { s, ApplicationAction.Edit, null }, { s, ApplicationAction.Attach, null }, { s, ApplicationAction.Submit, null },
            { s, ApplicationAction.Withdraw, w }, { s, ApplicationAction.Accept, a }, { s, ApplicationAction.Return, r },
            { s, ApplicationAction.Reject, x },

            { r, ApplicationAction.Edit, r }, { r, ApplicationAction.Attach, r }, { r, ApplicationAction.Submit, s },
            { r, ApplicationAction.Withdraw, w }, { r, ApplicationAction.Accept, null }, { r, ApplicationAction.Return, null },
            { r, ApplicationAction.Reject, null },
        };
        // Accepted, rejected and withdrawn are final: nothing more may happen to them.
        foreach (var final in new[] { a, x, w })
            foreach (var action in Enum.GetValues<ApplicationAction>())
                data.Add(final, action, null);
        return data;
    }

    [Theory, MemberData(nameof(Table))]
    public void Each_status_allows_only_its_actions(ApplicationStatus status, ApplicationAction action, ApplicationStatus? next)
    {
        Assert.Equal(next, ApplicationLifecycle.Next(status, action));
        Assert.Equal(next is not null, ApplicationLifecycle.Allows(status, action));
        if (next is { } expected)
            Assert.Equal(expected, ApplicationLifecycle.Require(status, action));
        else
        {
            var refusal = Assert.Throws<DomainException>(() => ApplicationLifecycle.Require(status, action));
            Assert.Equal(Refusal.Conflict, refusal.Refusal);
            Assert.StartsWith("The application cannot ", refusal.Message);
        }
    }

    [Fact]
    public void The_table_covers_every_status_and_action()
    {
        var covered = Table().Select(row => ((ApplicationStatus)row[0], (ApplicationAction)row[1])).ToHashSet();
        Assert.Equal(Enum.GetValues<ApplicationStatus>().Length * Enum.GetValues<ApplicationAction>().Length, covered.Count);
    }

    [Fact]
    public void A_refusal_says_where_the_application_stands()
    {
        var e = Assert.Throws<DomainException>(() => ApplicationLifecycle.Require(ApplicationStatus.Accepted, ApplicationAction.Edit));
        Assert.Equal("The application cannot be changed: it has been accepted.", e.Message);
        Assert.Equal(["status"], e.Errors.Keys);
    }

    [Theory]
    [InlineData(ScreeningOutcome.Accept, ApplicationAction.Accept, false)]
    [InlineData(ScreeningOutcome.Return, ApplicationAction.Return, true)]
    [InlineData(ScreeningOutcome.Reject, ApplicationAction.Reject, true)]
    public void Returning_and_rejecting_need_a_reason(ScreeningOutcome outcome, ApplicationAction action, bool needsReason)
    {
        Assert.Equal(action, ApplicationLifecycle.ActionOf(outcome));
        Assert.Equal(needsReason, ApplicationLifecycle.NeedsReason(action));
    }

    private static readonly DateTimeOffset Noon = new(2018, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_call_takes_applications_while_open_and_before_its_closing_date()
    {
        var call = new CallForBids(true, Noon);
        Assert.True(call.Takes(Noon.AddSeconds(-1)));
        Assert.False(call.Takes(Noon));
        Assert.False(call.Takes(Noon.AddDays(1)));
        Assert.True(new CallForBids(true, null).Takes(Noon.AddYears(5)));
        Assert.False(CallForBids.NotOpened.Takes(Noon));
    }

    [Fact]
    public void A_returned_application_may_be_resubmitted_after_the_call_closes()
    {
        var closed = new CallForBids(false, Noon);
        Assert.True(closed.Takes(Noon.AddDays(3), resubmission: true));
        closed.RequireTaking(Noon.AddDays(3), resubmission: true);
    }

    [Fact]
    public void A_late_application_is_refused_with_the_closing_date()
    {
        var e = Assert.Throws<DomainException>(() => new CallForBids(true, Noon).RequireTaking(Noon.AddMinutes(1)));
        Assert.Equal(Refusal.Conflict, e.Refusal);
        Assert.Equal("The call for applications closed on 1 July 2018 at 12:00 UTC.", e.Message);
        var notOpen = Assert.Throws<DomainException>(() => CallForBids.NotOpened.RequireTaking(Noon));
        Assert.Equal("The call for applications is not open.", notOpen.Message);
    }
}
