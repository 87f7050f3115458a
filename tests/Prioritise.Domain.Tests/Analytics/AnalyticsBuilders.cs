using Prioritise.Domain.Analytics;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Domain.Seeds;

namespace Prioritise.Domain.Tests.Analytics;

/// <summary>Small rounds for the analytics tests, and the 2018 seed round with its counting sheets.</summary>
public static class AnalyticsBuilders
{
    public static BidSheets Bid(string id, decimal amount, params SubmittedScores[] sheets) =>
        new(Builders.Bid(id, amount: amount), sheets);

    /// <summary>One sheet per score, from members m0, m1, ... on a single-criterion round.</summary>
    public static BidSheets Single(string id, decimal amount, params int[] scores) =>
        Bid(id, amount, scores.Select((x, k) => Builders.Sheet($"m{k}", x)).ToArray());

    public static ScoredRound Scored(RoundDefinition round, params BidSheets[] bids) => new(round, bids);

    public static IReadOnlyDictionary<string, string> NoNames { get; } = new Dictionary<string, string>();

    /// <summary>The funded set by the committee's own method (ScoringMethod + FundingLine) at these weights.</summary>
    public static HashSet<string> FundedAt(RoundDefinition round, IReadOnlyList<BidSheets> bids, IReadOnlyList<Criterion> criteria)
    {
        var at = round with { Criteria = criteria };
        var results = bids.Select(b => ScoringMethod.Compute(at, b.Bid, b.Sheets));
        return FundingLine.Results(at, results).Bids.Where(b => b.Funded).Select(b => b.Result.BidId).ToHashSet();
    }

    private static readonly Lazy<Seed2018> Seed = new(Seed2018.Load);
    public static Seed2018 Pic2018 => Seed.Value;
}

/// <summary>
/// The 2018 seed round, with each bid's counting sheets as the round grain assembles them
/// (<see cref="ConflictRules.SheetCounts"/>): the one loader every domain test of the seed uses.
/// </summary>
public sealed record Seed2018(
    SeedRound Seed, RoundDefinition Round, IReadOnlyList<CommitteeSeat> Seats, IReadOnlyList<DeclaredConflict> Declared,
    IReadOnlyList<BidSheets> Bids, IReadOnlyDictionary<string, string> Names)
{
    public static Seed2018 Load()
    {
        var seed = SeedRound.Load(Path.Combine(RepositoryRoot(), "seeds", "2018-city-and-hackney"));
        var round = seed.Round.ToDefinition(seed.Round.Id!);
        var seats = seed.Members.Select(m =>
        {
            var profile = new CreateMember(m.Id, m.Name, m.Organisation, m.Interests).ToProfile(m.Id);
            return new CommitteeSeat(profile.Id, profile.Name, profile.Organisation, profile.Interests, m.Roles.ToList());
        }).ToList();
        var declared = seed.Conflicts
            .Select(c => new DeclaredConflict(c.MemberId!, c.BidId!, c.Reason!, "chair", DateTimeOffset.UnixEpoch)).ToList();
        var bids = seed.Bids.Select(b => b.ToBid(b.Id!)).Select(bid => new BidSheets(bid, seed.Sheets
            .Where(s => s.BidId == bid.Id)
            .Where(s => ConflictRules.SheetCounts(seats.SingleOrDefault(m => m.MemberId == s.MemberId), bid, declared))
            .Select(s => new SubmittedScores(s.MemberId, s.Scores)).ToList())).ToList();
        return new Seed2018(seed, round, seats, declared, bids, seats.ToDictionary(s => s.MemberId, s => s.Name));
    }

    /// <summary>Each bid's result by the scoring method, under <paramref name="round"/> (the seed's own by default).</summary>
    public IReadOnlyList<BidResult> Results(RoundDefinition? round = null) =>
        Bids.Select(b => ScoringMethod.Compute(round ?? Round, b.Bid, b.Sheets)).ToList();

    public string Id(string title) => Bids.Single(b => b.Bid.Title == title).Bid.Id;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Prioritise.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} contains Prioritise.sln.");
    }
}
