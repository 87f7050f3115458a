using System.Collections.Immutable;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Moderation;
using Prioritise.Grains.Moderation;

namespace Prioritise.Grains.Tests;

/// <summary>A moderation change as its journal keeps it: replaying it gives back the state it came from.</summary>
public sealed class ModerationChangeTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static AuditEvent Event(long n) => new("moderation", n, At, "chair", "moderationAction", $"a{n}");

    private static ModerationAction Action(string id) => new(id, ModerationActionType.Decline, "chair", At, "Not ready", BidId: "b");

    [Fact]
    public void Replaying_each_change_over_the_state_before_it_gives_the_state_after_it()
    {
        var start = new ModerationState { FundingCap = 60_000m, Version = 1, Events = [Event(1)] };
        var acted = start with
        {
            Actions = start.Actions.Add(Action("a1")),
            Version = 2,
            Applied = start.Applied.SetItem("action:k1", "a1"),
            Events = start.Events.Add(Event(2)),
        };
        var revised = acted with { FundingCap = 50_000m, Confirmed = false, Version = 3, Events = acted.Events.Add(Event(3)) };

        foreach (var (from, to) in new[] { (new ModerationState(), start), (start, acted), (acted, revised) })
        {
            var replayed = ModerationChange.Between(from, to).ApplyTo(from);
            Assert.Equal((to.FundingCap, to.Confirmed, to.Version), (replayed.FundingCap, replayed.Confirmed, replayed.Version));
            Assert.Equal(to.Actions, replayed.Actions);
            Assert.Equal(to.Events, replayed.Events);
            Assert.Equal(to.Applied.OrderBy(kv => kv.Key), replayed.Applied.OrderBy(kv => kv.Key));
        }
    }

    [Fact]
    public void When_the_bounded_memory_of_keys_is_emptied_the_replay_empties_it_too()
    {
        var full = new ModerationState { Applied = ImmutableDictionary<string, string>.Empty.Add("action:old1", "a1").Add("action:old2", "a2") };
        var emptied = full with { Applied = ImmutableDictionary<string, string>.Empty.Add("action:new", "a3"), Version = 4 };
        var change = ModerationChange.Between(full, emptied);
        Assert.True(change.AppliedReset);
        Assert.Equal([new KeyValuePair<string, string>("action:new", "a3")], change.ApplyTo(full).Applied);
    }

    [Fact]
    public void A_change_that_rewrites_a_list_instead_of_adding_to_it_is_refused()
    {
        var one = new ModerationState { Actions = [Action("a1")] };
        Assert.Throws<InvalidOperationException>(() => ModerationChange.Between(one, one with { Actions = [Action("a9")] }));
        Assert.Throws<InvalidOperationException>(() => ModerationChange.Between(one, one with { Actions = one.Actions.Add(Action("a2")).Add(Action("a3")) }));
    }
}
