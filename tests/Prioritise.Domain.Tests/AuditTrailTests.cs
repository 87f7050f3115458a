using System.Collections.Immutable;
using Prioritise.Domain.Audit;

namespace Prioritise.Domain.Tests;

public class AuditTrailTests
{
    [Fact]
    public void Events_are_numbered_without_gaps_and_keep_the_time_they_are_given()
    {
        var first = new DateTimeOffset(2018, 6, 12, 14, 5, 0, TimeSpan.Zero);
        var trail = ImmutableList<AuditEvent>.Empty
            .Append("bid:falls", "ash", AuditActions.SheetSubmitted, "Sheet submitted: x=4.", at: first)
            .Append("bid:falls", "ash", AuditActions.SheetReplaced, "Sheet replaced: x=5 (was x=4).", "second look", "falls", "ash", first.AddMinutes(3));

        Assert.Equal([1L, 2L], trail.Select(e => e.Sequence));
        Assert.Equal([first, first.AddMinutes(3)], trail.Select(e => e.At));
        Assert.Equal("second look", trail[1].Why);

        // Without a time given, the event is stamped as it is appended.
        var before = DateTimeOffset.UtcNow;
        var now = trail.Append("round", "admin", AuditActions.ScoringOpened, "Scoring opened.")[2];
        Assert.Equal(3, now.Sequence);
        Assert.InRange(now.At, before, DateTimeOffset.UtcNow);
    }
}
