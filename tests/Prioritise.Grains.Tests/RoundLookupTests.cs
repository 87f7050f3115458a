using Prioritise.Domain.Rounds;
using Prioritise.Grains.Rounds;

namespace Prioritise.Grains.Tests;

public class RoundLookupTests
{
    private static Bid Bid(string id, string title) => new(id, title, "W", "Trust", [], 1_000m, "");

    private static CommitteeSeat Seat(string id) => new(id, id, "Org", [], [CommitteeRole.Scorer]);

    [Fact]
    public void Finds_bids_and_seats_by_id_as_the_state_lists_them()
    {
        var state = new RoundState
        {
            Bids = [Bid("a", "A"), Bid("b", "B")],
            Committee = [Seat("m1"), Seat("m2")],
        };
        var lookup = RoundLookup.For(state, null);
        Assert.Equal("B", lookup.FindBid("b")!.Title);
        Assert.Null(lookup.FindBid("B"));
        Assert.Equal("m2", lookup.FindSeat("m2")!.MemberId);
        Assert.Null(lookup.FindSeat("m3"));
    }

    [Fact]
    public void Is_reused_for_the_same_state_and_rebuilt_for_a_new_one()
    {
        var state = new RoundState { Bids = [Bid("a", "A")] };
        var first = RoundLookup.For(state, null);
        Assert.Same(first, RoundLookup.For(state, first));

        var next = state with { Bids = state.Bids.Add(Bid("b", "B")) };
        var second = RoundLookup.For(next, first);
        Assert.NotSame(first, second);
        Assert.NotNull(second.FindBid("b"));
        Assert.Null(first.FindBid("b"));
    }
}
