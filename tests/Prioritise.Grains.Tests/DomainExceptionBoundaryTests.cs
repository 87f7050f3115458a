using Prioritise.Domain;
using Prioritise.Domain.Rounds;

namespace Prioritise.Grains.Tests;

/// <summary>
/// Everything else relies on refusals reaching the caller as DomainException with their kind and
/// field errors (the surrogate in Serialization.cs), not as a generic or wrapped exception.
/// </summary>
[Collection(ClusterCollection.Name)]
public class DomainExceptionBoundaryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Forbidden_crosses_the_grain_boundary_with_its_kind_and_message()
    {
        var s = new Scenario(fixture.Client);
        var e = await Refused.With(Refusal.Forbidden, () =>
            s.Round.Create(Caller.Member("someone"), Scenario.Definition(s.RoundId, 1000m, ("a", 1m)).ToCommand()));
        Assert.Equal("Only the committee secretary or an administrator may do this.", e.Message);
        Assert.Empty(e.Errors);
    }

    [Fact]
    public async Task Conflict_crosses_the_grain_boundary_with_its_field_errors()
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(1000m, ("a", 1m));
        var e = await Refused.With(Refusal.Conflict, () => s.CreateRound(1000m, ("a", 1m)));
        var errors = Assert.Single(e.Errors);
        Assert.Equal("id", errors.Key);
        Assert.Equal([$"A round with id '{s.RoundId}' already exists."], errors.Value);
    }

    [Fact]
    public async Task NotFound_crosses_the_grain_boundary()
    {
        var s = new Scenario(fixture.Client);
        var e = await Refused.With(Refusal.NotFound, () => s.Round.Get(Caller.Admin));
        Assert.True(e.Errors.ContainsKey("roundId"));
    }

    [Fact]
    public async Task Invalid_crosses_the_grain_boundary_with_every_field_error()
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(1000m, ("a", 1m), ("b", 1m), ("c", 1m));
        var scorer = await s.Scorer("s1");
        await s.AddBid("bid1", "Bid one", 100m);
        await s.Round.OpenScoring(Caller.Admin);

        // 'a' outside the scale, 'b' missing from a submitted sheet, 'zz' not a criterion.
        var e = await Refused.With(Refusal.Invalid, () => s.Submit(scorer, "bid1", ("a", 11), ("c", 5), ("zz", 3)));
        Assert.Equal(["scores.a", "scores.b", "scores.zz"], e.Errors.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.All(e.Errors.Values, v => Assert.NotEmpty(v));
    }
}
