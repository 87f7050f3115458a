using Microsoft.Extensions.Logging.Abstractions;
using Prioritise.Domain;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Seeds;
using Prioritise.Grains.Seeding;

namespace Prioritise.Grains.Tests;

/// <summary>
/// The 2018 City and Hackney seed, loaded through the grains as people would have entered it,
/// reproduces the board paper's published table (shared/docs/domain.md), and loads only once.
/// </summary>
[Collection(ClusterCollection.Name)]
public class SeedLoaderTests(ClusterFixture fixture)
{
    /// <summary>The published table (domain.md): title, weighted mean (1dp), value per GBP 1k (2dp), SD (1dp), agreement.</summary>
    private static readonly (string Title, decimal Mean, decimal Value, decimal Sd, Agreement Agreement)[] Published =
    [
        ("Falls prevention", 8.7m, 0.25m, 1.0m, Agreement.High),
        ("Housing First", 8.6m, 0.04m, 1.4m, Agreement.High),
        ("Hospice at home", 8.3m, 0.02m, 1.8m, Agreement.High),
        ("Mental health and substance misuse", 8.1m, 0.12m, 2.4m, Agreement.Medium),
        ("Greenhouse mental health outreach", 7.0m, 0.08m, 2.4m, Agreement.Medium),
        ("Group consultations", 8.1m, 0.12m, 2.4m, Agreement.Medium),
        ("SEND", 7.8m, 0.08m, 1.6m, Agreement.High),
        ("HIV CNS", 7.4m, 0.05m, 3.4m, Agreement.Low),
        ("Spirometry", 6.4m, 0.09m, 3.0m, Agreement.Low),
        ("Smoking cessation in ACERS", 6.4m, 0.13m, 3.3m, Agreement.Low),
        ("Healthier City and Hackney Fund", 6.0m, 0.02m, 4.2m, Agreement.Low),
        ("Greenhouse", 6.8m, 0.06m, 2.2m, Agreement.High),
        ("Pulmonary rehab", 6.6m, 0.07m, 2.8m, Agreement.Medium),
        ("Pressure ulcer prevention", 6.0m, 0.14m, 3.3m, Agreement.Low),
        ("Stroke psychology input", 6.0m, 0.02m, 2.8m, Agreement.Medium),
        ("62-day cancer patient engagement hotline", 5.6m, 0.10m, 2.6m, Agreement.Medium),
        ("Vocational rehab for stroke", 5.3m, 0.02m, 2.5m, Agreement.Medium),
    ];

    private static string SeedFolder(string name = "2018-city-and-hackney")
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Prioritise.sln")))
                return Path.Combine(dir.FullName, "seeds", name);
        throw new InvalidOperationException($"No Prioritise.sln above {AppContext.BaseDirectory}.");
    }

    [Fact]
    public async Task The_2018_seed_reproduces_the_published_table_and_loads_only_once()
    {
        var seed = SeedRound.Load(SeedFolder());
        var loader = new SeedLoader(fixture.Client, NullLogger<SeedLoader>.Instance);
        await loader.Load(seed);

        var round = fixture.Client.Round("pic-2018");
        var view = await round.Get(Caller.Admin);
        // The seed replays the committee's moderation and finance's confirmation (decision 1).
        Assert.Equal(RoundStatus.Confirmed, view.Status);
        Assert.Equal(17, view.Bids);
        var moderation = await fixture.Client.Moderation("pic-2018").Get(Caller.Admin);
        Assert.Equal(10, moderation.Actions.Count);
        Assert.Equal([1], moderation.Decisions);
        Assert.Equal(1_559_000m, moderation.List.FundedTotal);
        Assert.Equal(59_000m, moderation.List.OverCommitment);

        var results = await round.GetResults(Caller.Admin);
        Assert.Equal(17, results.Bids.Count);
        Assert.Equal(1_500_000m, results.FundingCap);

        var mismatches = new List<string>();
        foreach (var row in Published)
        {
            var r = Assert.Single(results.Bids, b => b.Result.Title == row.Title).Result;
            var actual = (Display.Round(r.WeightedMean, 1), Display.Round(r.ValuePerThousand, 2), Display.Round(r.StandardDeviation, 1), r.Agreement);
            if (actual != (row.Mean, row.Value, row.Sd, row.Agreement))
                mismatches.Add($"{row.Title}: expected {(row.Mean, row.Value, row.Sd, row.Agreement)}, got {actual}");
        }
        Assert.Empty(mismatches);

        // The three rows the brief names, spelled out.
        var falls = Assert.Single(results.Bids, b => b.Result.Title == "Falls prevention").Result;
        Assert.Equal((8.7m, 0.25m, 1.0m, Agreement.High),
            (Display.Round(falls.WeightedMean, 1)!.Value, Display.Round(falls.ValuePerThousand, 2)!.Value, Display.Round(falls.StandardDeviation, 1)!.Value, falls.Agreement));
        var fund = Assert.Single(results.Bids, b => b.Result.Title == "Healthier City and Hackney Fund").Result;
        Assert.Equal((6.0m, 0.02m, 4.2m, Agreement.Low),
            (Display.Round(fund.WeightedMean, 1)!.Value, Display.Round(fund.ValuePerThousand, 2)!.Value, Display.Round(fund.StandardDeviation, 1)!.Value, fund.Agreement));
        var spiro = Assert.Single(results.Bids, b => b.Result.Title == "Spirometry").Result;
        Assert.Equal(75_000m, spiro.AmountRequested);
        Assert.Equal((6.4m, 0.09m, 3.0m, Agreement.Low),
            (Display.Round(spiro.WeightedMean, 1)!.Value, Display.Round(spiro.ValuePerThousand, 2)!.Value, Display.Round(spiro.StandardDeviation, 1)!.Value, spiro.Agreement));

        // Before moderation the line by score funds Greenhouse and Pulmonary rehab (domain.md) and
        // never the Healthier City and Hackney Fund, whose 6.0 sits below 1.5M of higher-scored bids.
        var funded = results.Bids.Where(b => b.Funded).Select(b => b.Result.Title).ToHashSet();
        Assert.Contains("Greenhouse", funded);
        Assert.Contains("Pulmonary rehab", funded);
        Assert.DoesNotContain("Healthier City and Hackney Fund", funded);
        Assert.True(results.FundedTotal <= 1_500_000m);
        Assert.Equal(results.FundedTotal, results.Bids.Where(b => b.Funded).Max(b => b.Cumulative));

        // The chair's recorded conflict on stroke psychology keeps larch's sheet, if any, out.
        var committee = await round.GetCommittee(Caller.Admin);
        Assert.Contains(committee.Single(c => c.Seat.MemberId == "larch").Conflicts, c => c.BidId == "stroke-psychology");

        var audit = await round.GetAudit(Caller.Admin);
        var sheetEvents = audit.Count(e => e.Action is "sheetSubmitted" or "sheetReplaced");
        Assert.Equal(seed.Sheets.Count, sheetEvents);
        Assert.Equal(seed.Sheets.Count, results.Bids.Sum(b => b.Result.Sheets));

        // Loading again finds everything done and changes nothing.
        await loader.Load(seed);
        var again = await round.GetAudit(Caller.Admin);
        Assert.Equal(audit.Count, again.Count);
        Assert.Equal(audit, again);
        Assert.Empty(await fixture.Client.Registry().SeedsInProgress());
        Assert.Contains("pic-2018", await fixture.Client.Registry().List());
    }

    [Fact]
    public async Task The_2018_BCF_seed_loads_its_five_applications_accepted_as_bids_and_loads_only_once()
    {
        var seed = SeedRound.Load(SeedFolder("2018-hackney-bcf-underspend"));
        var loader = new SeedLoader(fixture.Client, NullLogger<SeedLoader>.Instance);
        await loader.Load(seed);
        await loader.Load(seed);

        var round = fixture.Client.Round("bcf-2018");
        var view = await round.Get(Caller.Admin);
        Assert.Equal("Hackney BCF transformation scheme underspend 2018/19", view.Definition.Name);
        Assert.Equal(498_529m, view.Definition.FundingCap);
        // The seed runs the call and screening; the paper records no scoring (issue 16), so the chair
        // moderates the five directly and finance confirms the partnership's decision.
        Assert.Equal(ScoringMode.None, view.Definition.Scoring);
        Assert.Equal(RoundStatus.Confirmed, view.Status);
        Assert.False(view.Call!.Open);
        var applications = await round.ListApplications(Caller.Admin);
        Assert.Equal(5, applications.Count);
        Assert.All(applications, a => Assert.Equal(Prioritise.Domain.Applications.ApplicationStatus.Accepted, a.Status));
        // 47,742 + 90,000 + 60,000 + 87,376 + 30,000, as the paper gives them.
        Assert.Equal(315_118m, applications.Sum(a => a.AmountRequested!.Value));
        var bids = await round.GetBids(Caller.Admin);
        Assert.Equal(["d2a-evaluation", "exercise-after-stroke", "neighbourhood-clinical-leads", "neighbourhood-social-work", "take-home-and-settle"],
            bids.Select(b => b.Bid.Id).Order(StringComparer.Ordinal));
        Assert.Equal(47_742m, bids.Single(b => b.Bid.Id == "neighbourhood-clinical-leads").Bid.AmountRequested);
        var audit = await round.GetAudit(Caller.Admin);
        Assert.Equal(5, audit.Count(e => e.Action == Prioritise.Domain.Audit.AuditActions.ApplicationAccepted));
        Assert.Equal(1, audit.Count(e => e.Action == Prioritise.Domain.Audit.AuditActions.CallOpened));
        // Loaded twice: moderation started once, scoring never opened, one decision.
        Assert.Equal(0, audit.Count(e => e.Action == Prioritise.Domain.Audit.AuditActions.ScoringOpened));
        Assert.Equal(1, audit.Count(e => e.Action == Prioritise.Domain.Audit.AuditActions.ScoringClosed));

        var decisions = await fixture.Client.Moderation("bcf-2018").GetDecisions(Caller.Admin);
        var decision = Assert.Single(decisions);
        Assert.Equal(1, decision.Number);
        Assert.Equal("linden", decision.ConfirmedBy);
        Assert.False(decision.OverCommitmentAccepted);
        Assert.Empty(decision.Rows.Where(r => !r.Funded));
        Assert.All(decision.Rows, r => Assert.Null(r.Result.WeightedMean));
        // 47,742 + 90,000 + 60,000 + 87,376 + 30,000 of the 498,529 pot.
        Assert.Equal(315_118m, decision.FundedTotal);
        Assert.Equal(183_411m, decision.Headroom);
        Assert.Equal(0m, decision.OverCommitment);
    }
}
