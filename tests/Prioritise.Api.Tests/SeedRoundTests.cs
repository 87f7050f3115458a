using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Prioritise.Api.Tests;

/// <summary>The seeded 2018 round against the published board table (docs/domain.md).</summary>
[Collection(SharedSiloCollection.Name)]
public sealed class SeedRoundTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    // The published table, typed in from docs/domain.md: title, weighted mean, value per £ (per
    // GBP 1,000 requested), std. dev., agreement. Spirometry's value per £ is on its GBP 75k request.
    public static readonly (string Title, string Mean, string ValuePerThousand, string Sd, string Agreement)[] Published =
    [
        ("Falls prevention", "8.7", "0.25", "1.0", "High"),
        ("Housing First", "8.6", "0.04", "1.4", "High"),
        ("Hospice at home", "8.3", "0.02", "1.8", "High"),
        ("Mental health and substance misuse", "8.1", "0.12", "2.4", "Medium"),
        ("Greenhouse mental health outreach", "7.0", "0.08", "2.4", "Medium"),
        ("Group consultations", "8.1", "0.12", "2.4", "Medium"),
        ("SEND", "7.8", "0.08", "1.6", "High"),
        ("HIV CNS", "7.4", "0.05", "3.4", "Low"),
        ("Spirometry", "6.4", "0.09", "3.0", "Low"),
        ("Smoking cessation in ACERS", "6.4", "0.13", "3.3", "Low"),
        ("Healthier City and Hackney Fund", "6.0", "0.02", "4.2", "Low"),
        ("Greenhouse", "6.8", "0.06", "2.2", "High"),
        ("Pulmonary rehab", "6.6", "0.07", "2.8", "Medium"),
        ("Pressure ulcer prevention", "6.0", "0.14", "3.3", "Low"),
        ("Stroke psychology input", "6.0", "0.02", "2.8", "Medium"),
        ("62-day cancer patient engagement hotline", "5.6", "0.10", "2.6", "Medium"),
        ("Vocational rehab for stroke", "5.3", "0.02", "2.5", "Medium"),
    ];

    private async Task<JsonObject> Results()
    {
        var reply = await _api.Get("/api/rounds/pic-2018/results", _api.AdminKey);
        reply.Is(HttpStatusCode.OK);
        return reply.Json.AsObject();
    }

    [Fact]
    public async Task Every_bid_shows_the_published_figures_and_agreement()
    {
        var results = await Results();
        var bids = results["bids"]!.AsArray().Select(b => b!.AsObject()).ToList();
        Assert.Equal(17, bids.Count);
        Assert.Equal(Published.Select(p => p.Title).Order(StringComparer.Ordinal),
            bids.Select(b => (string)b["title"]!).Order(StringComparer.Ordinal));

        var mismatches = new List<string>();
        foreach (var row in Published)
        {
            var bid = bids.Single(b => (string)b["title"]! == row.Title);
            var display = bid["display"]!.AsObject();
            var shown = ((string?)display["weightedMean"], (string?)display["valuePerThousand"],
                (string?)display["standardDeviation"], (string?)bid["agreement"]);
            if (shown != (row.Mean, row.ValuePerThousand, row.Sd, row.Agreement))
                mismatches.Add($"{row.Title}: published {row.Mean} / {row.ValuePerThousand} / {row.Sd} / {row.Agreement}, " +
                               $"served {shown.Item1} / {shown.Item2} / {shown.Item3} / {shown.Item4}");
        }
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public async Task Display_figures_are_the_full_precision_numbers_rounded_half_away_from_zero()
    {
        foreach (var bid in (await Results())["bids"]!.AsArray().Select(b => b!.AsObject()))
        {
            var display = bid["display"]!.AsObject();
            var mean = (double)bid["weightedMean"]!;
            var sd = (double)bid["standardDeviation"]!;
            var vpt = (double)bid["valuePerThousand"]!;
            var amount = (decimal)bid["amountRequested"]!;
            Assert.Equal(mean / (double)(amount / 1000m), vpt, 1e-12);
            Assert.Equal(Fixed(mean, 1), (string?)display["weightedMean"]);
            Assert.Equal(Fixed(sd, 1), (string?)display["standardDeviation"]);
            Assert.Equal(Fixed(vpt, 2), (string?)display["valuePerThousand"]);
            // Agreement bands from the full-precision SD: High < 2.25 <= Medium < 2.95 <= Low.
            Assert.Equal(sd < 2.25 ? "High" : sd < 2.95 ? "Medium" : "Low", (string?)bid["agreement"]);
            Assert.True((int)bid["sheets"]! >= 2, $"{bid["title"]} has fewer than two sheets");
        }
    }

    private static string Fixed(double value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Before_moderation_the_cap_funds_the_top_ten_by_score_and_stops_at_Spirometry()
    {
        var results = await Results();
        Assert.Equal(1_500_000m, (decimal)results["fundingCap"]!);
        Assert.Equal("stopAtFirstMiss", (string?)results["fundingLinePolicy"]);
        var bids = results["bids"]!.AsArray().Select(b => b!.AsObject()).ToList();

        // In rank order, ranks 1..17, means never increasing.
        Assert.Equal(Enumerable.Range(1, 17), bids.Select(b => (int)b["rank"]!));
        var means = bids.Select(b => (double)b["weightedMean"]!).ToList();
        for (var i = 1; i < means.Count; i++) Assert.True(means[i] <= means[i - 1] + 1e-9, $"rank {i + 1} scores above rank {i}");

        // Hand-walked against GBP 1.5M: 35+225+511+67+66+100+148+87+112+96 = 1,447k; Spirometry's 75k would make 1,522k.
        string[] fundedTitles =
        [
            "Falls prevention", "Housing First", "Hospice at home", "Mental health and substance misuse", "Group consultations",
            "SEND", "HIV CNS", "Greenhouse mental health outreach", "Greenhouse", "Pulmonary rehab",
        ];
        var funded = bids.Where(b => (bool)b["funded"]!).ToList();
        Assert.Equal(fundedTitles.Order(StringComparer.Ordinal), funded.Select(b => (string)b["title"]!).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, 10), funded.Select(b => (int)b["rank"]!));
        Assert.Equal("Pulmonary rehab", (string?)bids[9]["title"]);
        Assert.Equal("Spirometry", (string?)bids[10]["title"]);
        Assert.Equal(75_000m, (decimal)bids[10]["amountRequested"]!);
        Assert.False((bool)bids[10]["funded"]!);
        Assert.All(bids.Skip(10), b => Assert.False((bool)b["funded"]!));
        Assert.All(bids.Skip(10), b => Assert.Null(b["cumulative"]));

        Assert.Equal(1_447_000m, (decimal)results["fundedTotal"]!);
        Assert.Equal(53_000m, (decimal)results["headroom"]!);
        Assert.Equal(0m, (decimal)results["overCommitment"]!);

        // Cumulative funding runs down the funded rows and ends at the funded total.
        var running = 0m;
        foreach (var b in funded)
        {
            running += (decimal)b["amountRequested"]!;
            Assert.Equal(running, (decimal)b["cumulative"]!);
        }
        Assert.Equal(1_447_000m, running);
        Assert.Equal("1,447", (string?)bids[9]["display"]!["cumulativeThousands"]);
    }

    [Fact]
    public async Task Seed_round_is_closed_for_scoring_and_has_seventeen_bids()
    {
        var round = await _api.Get("/api/rounds/pic-2018", _api.AdminKey);
        round.Is(HttpStatusCode.OK);
        // The seed replays the committee's moderation and finance's confirmation (decision 1).
        Assert.Equal("confirmed", (string?)round.Json["status"]);
        Assert.Equal(17, (int)round.Json["bids"]!);
        Assert.Equal(8, round.Json["criteria"]!.AsArray().Count);
        Assert.Equal(90m, round.Json["criteria"]!.AsArray().Sum(c => (decimal)c!["weight"]!));
    }
}
