using Prioritise.Domain;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Grains.Security;

namespace Prioritise.Grains.Tests;

/// <summary>
/// Builds one test's round through the grains, with ids made unique by a per-scenario suffix so
/// tests sharing the cluster never see each other's members or rounds.
/// </summary>
public sealed class Scenario(IGrainFactory grains)
{
    public IGrainFactory Grains { get; } = grains;
    public string Suffix { get; } = Guid.NewGuid().ToString("N")[..12];
    public string RoundId => $"r-{Suffix}";
    public IRoundGrain Round => Grains.Round(RoundId);

    /// <summary>A member id unique to this scenario.</summary>
    public string M(string name) => $"{name}-{Suffix}";

    public IBidGrain Bid(string bidId) => Grains.Bid(RoundId, bidId);

    public static RoundDefinition Definition(string roundId, decimal cap, params (string Id, decimal Weight)[] criteria) =>
        new(roundId, $"Test round {roundId}", cap, ScoreScale.Default,
            criteria.Select(c => new Criterion(c.Id, $"Criterion {c.Id}", c.Weight)).ToList(),
            AgreementBands.Default, FundingLinePolicy.StopAtFirstMiss);

    public Task<RoundView> CreateRound(decimal cap, params (string Id, decimal Weight)[] criteria) =>
        Round.Create(Caller.Admin, Definition(RoundId, cap, criteria).ToCommand());

    /// <summary>Registers a member (id from <see cref="M"/>) and returns the id.</summary>
    public async Task<string> Member(string name, string organisation, params Interest[] interests)
    {
        var id = M(name);
        await Grains.Member(id).Register(new MemberProfile(id, $"Person {name}", organisation, interests).ToCommand(), MemberKeys.Issue(id).Hash);
        return id;
    }

    public async Task<string> Appoint(string name, string organisation, CommitteeRole[] roles, params Interest[] interests)
    {
        var id = await Member(name, organisation, interests);
        await Round.Appoint(Caller.Admin, id, new AppointMember(roles));
        return id;
    }

    public Task<string> Scorer(string name, string organisation = "Neutral Org", params Interest[] interests) =>
        Appoint(name, organisation, [CommitteeRole.Scorer], interests);

    public Task<string> Chair(string name = "chair") => Appoint(name, "Chair Org", [CommitteeRole.Chair]);

    public Task<Bid> AddBid(string id, string title, decimal amount, string sponsor = "Sponsor Org", params string[] recipients) =>
        Round.AddBid(Caller.Admin, new Bid(id, title, "Workstream", sponsor, recipients.Length > 0 ? recipients : [sponsor], amount, "Summary").ToCommand());

    public Task<SheetView> Submit(string memberId, string bidId, params (string Criterion, int Score)[] scores) =>
        Save(memberId, bidId, true, scores);

    public Task<SheetView> Draft(string memberId, string bidId, params (string Criterion, int Score)[] scores) =>
        Save(memberId, bidId, false, scores);

    public Task<SheetView> Save(string memberId, string bidId, bool submit, params (string Criterion, int Score)[] scores) =>
        Bid(bidId).SaveSheet(Caller.Member(memberId), memberId,
            new SaveSheet(scores.ToDictionary(s => s.Criterion, s => (int?)s.Score), null, submit));

    public static BidResult Row(RoundResults results, string bidId) => results.Bids.Single(b => b.Result.BidId == bidId).Result;
    public static RankedBid Ranked(RoundResults results, string bidId) => results.Bids.Single(b => b.Result.BidId == bidId);
}

public static class Refused
{
    /// <summary>Asserts the call is refused with a <see cref="DomainException"/> of the given kind, as seen by the client.</summary>
    public static async Task<DomainException> With(Refusal refusal, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<DomainException>(call);
        Assert.Equal(refusal, e.Refusal);
        return e;
    }
}
