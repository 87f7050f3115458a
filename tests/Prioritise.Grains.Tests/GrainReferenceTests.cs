namespace Prioritise.Grains.Tests;

/// <summary>
/// Our grain lookups remember which grain class and interface id each interface means after the
/// first one; every later reference must be exactly the one Orleans would have made.
/// </summary>
[Collection(ClusterCollection.Name)]
public class GrainReferenceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task References_made_from_remembered_types_are_the_ones_Orleans_makes_and_reach_the_grain()
    {
        var grains = fixture.Client;
        for (var i = 0; i < 3; i++)
        {
            var roundId = $"refs-{Guid.NewGuid():N}";
            var ours = grains.Round(roundId);
            var orleans = grains.GetGrain<IRoundGrain>(GrainKeys.Round(roundId));
            Assert.Equal(orleans.GetGrainId(), ours.GetGrainId());
            Assert.Equal(orleans, ours);

            var bid = grains.Bid(roundId, "b1");
            Assert.Equal(grains.GetGrain<IBidGrain>(GrainKeys.Bid(roundId, "b1")).GetGrainId(), bid.GetGrainId());
            Assert.Equal(grains.GetGrain<IMemberGrain>(GrainKeys.Member("m1")).GetGrainId(), grains.Member("m1").GetGrainId());
            Assert.Equal(grains.GetGrain<IModerationGrain>(GrainKeys.Moderation(roundId)).GetGrainId(), grains.Moderation(roundId).GetGrainId());

            // A call through the remembered reference reaches the round grain itself.
            Assert.Null(await ours.Find());
        }
    }
}
