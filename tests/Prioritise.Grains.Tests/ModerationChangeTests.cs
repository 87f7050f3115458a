using System.Collections.Immutable;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Moderation;
using Prioritise.Grains.Moderation;

namespace Prioritise.Grains.Tests;
#pragma warning disable CS0618 // ModerationChange.Between writes the old format: here, to test its replay.

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
            Events = start.Events.Add(Event(2)),
        };
        var revised = acted with { FundingCap = 50_000m, Confirmed = false, Version = 3, Events = acted.Events.Add(Event(3)) };

        // The action was sent with an idempotency key; the change remembers it.
        var actedRemembering = acted with { Applied = acted.Applied.SetItem("action:k1", "a1") };
        var revisedRemembering = revised with { Applied = actedRemembering.Applied };
        foreach (var (from, to, key, value, expected) in new[]
        {
            (new ModerationState(), start, (string?)null, (string?)null, start),
            (start, acted, "action:k1", "a1", actedRemembering),
            (actedRemembering, revised with { Applied = actedRemembering.Applied }, null, null, revisedRemembering),
        })
        {
            var replayed = ModerationChange.Between(from, to, key, value).ApplyTo(from);
            Assert.Equal((expected.FundingCap, expected.Confirmed, expected.Version), (replayed.FundingCap, replayed.Confirmed, replayed.Version));
            Assert.Equal(expected.Actions, replayed.Actions);
            Assert.Equal(expected.Events, replayed.Events);
            Assert.Equal(expected.Applied.OrderBy(kv => kv.Key), replayed.Applied.OrderBy(kv => kv.Key));
        }
    }

    [Fact]
    public void When_the_bounded_memory_of_keys_is_emptied_the_replay_empties_it_too()
    {
        var keys = Enumerable.Range(1, ModerationChange.RememberedKeys).ToImmutableDictionary(i => $"action:old{i}", i => $"a{i}");
        var full = new ModerationState { Applied = keys };
        var change = ModerationChange.Between(full, full with { Version = 4 }, "action:new", "a3");
        Assert.True(change.AppliedReset);
        Assert.Equal([new KeyValuePair<string, string>("action:new", "a3")], change.ApplyTo(full).Applied);

        // One short of the bound, the key is added to the rest.
        var almost = new ModerationState { Applied = keys.Remove("action:old1") };
        var added = ModerationChange.Between(almost, almost, "action:new", "a3").ApplyTo(almost);
        Assert.Equal(ModerationChange.RememberedKeys, added.Applied.Count);
        Assert.Equal("a3", added.Applied["action:new"]);
    }

    [Fact]
    public void A_change_that_rewrites_a_list_or_sets_keys_on_the_state_is_refused()
    {
        var one = new ModerationState { Actions = [Action("a1")] };
        Assert.Throws<InvalidOperationException>(() => ModerationChange.Between(one, one with { Actions = [Action("a9")] }));
        Assert.Throws<InvalidOperationException>(() => ModerationChange.Between(one, one with { Actions = one.Actions.Add(Action("a2")).Add(Action("a3")) }));
        // Keys are remembered by the change, never set on the state beside it.
        Assert.Throws<InvalidOperationException>(() => ModerationChange.Between(one, one with { Applied = one.Applied.Add("action:k", "a1") }));
    }
}
