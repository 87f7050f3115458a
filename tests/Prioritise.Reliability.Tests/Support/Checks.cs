using System.Net;
using System.Text.Json.Nodes;

namespace Prioritise.Reliability.Tests.Support;

/// <summary>One submitted sheet as read back: whose, which bid, the scores.</summary>
public sealed record SheetScores(string MemberId, string BidId, IReadOnlyDictionary<string, int> Scores);

/// <summary>
/// The scoring method (shared/docs/scoring-method.md) recomputed in the test, independently of the
/// service: scorer total T = sum(w*x)/sum(w), mean of T, sample SD (n-1), per-criterion means.
/// </summary>
public static class Recompute
{
    public const double Tolerance = 1e-9;

    /// <summary>The criteria of <see cref="ApiClient.TwoCriteria"/>: impact weight 3, cost weight 1.</summary>
    public static readonly IReadOnlyDictionary<string, double> TwoCriteriaWeights = new Dictionary<string, double> { ["impact"] = 3, ["cost"] = 1 };

    public static double ScorerTotal(IReadOnlyDictionary<string, double> weights, IReadOnlyDictionary<string, int> scores) =>
        weights.Sum(w => w.Value * scores[w.Key]) / weights.Values.Sum();

    /// <summary>
    /// Asserts that every bid in a results answer carries exactly the figures recomputed from
    /// <paramref name="sheets"/> (the sheets read back from the service, one per member and bid).
    /// </summary>
    public static void AssertResults(JsonNode results, IReadOnlyDictionary<string, double> weights, IEnumerable<SheetScores> sheets, string context)
    {
        var byBid = sheets.GroupBy(s => s.BidId).ToDictionary(g => g.Key, g => g.ToList());
        var rows = results["bids"]!.AsArray();
        foreach (var row in rows)
        {
            var bidId = (string)row!["bidId"]!;
            var mine = byBid.GetValueOrDefault(bidId) ?? [];
            var where = $"{context}, bid {bidId}";
            Assert.True(mine.Count == (int)row["sheets"]!, $"{where}: the service counts {row["sheets"]} sheets, {mine.Count} were read back");
            var totals = mine.Select(s => ScorerTotal(weights, s.Scores)).ToList();
            if (totals.Count == 0)
            {
                Assert.True(row["weightedMean"] is null, $"{where}: a bid with no sheets has a mean {row["weightedMean"]}");
                continue;
            }
            var mean = totals.Average();
            Near(mean, (double?)row["weightedMean"], $"{where}: weightedMean");
            if (totals.Count >= 2)
            {
                var sd = Math.Sqrt(totals.Sum(t => (t - mean) * (t - mean)) / (totals.Count - 1));
                Near(sd, (double?)row["standardDeviation"], $"{where}: standardDeviation");
            }
            else
            {
                Assert.True(row["standardDeviation"] is null, $"{where}: SD of one sheet must be null, got {row["standardDeviation"]}");
            }
            var amount = (decimal)row["amountRequested"]!;
            Near(mean / (double)(amount / 1000m), (double?)row["valuePerThousand"], $"{where}: valuePerThousand");
            foreach (var criterion in weights.Keys)
                Near(mine.Average(s => s.Scores[criterion]), (double?)row["criterionMeans"]![criterion], $"{where}: criterionMeans.{criterion}");
        }
        var unknown = byBid.Keys.Except(rows.Select(r => (string)r!["bidId"]!)).ToList();
        Assert.True(unknown.Count == 0, $"{context}: sheets for bids the results do not list: {string.Join(", ", unknown)}");
    }

    private static void Near(double expected, double? actual, string what) =>
        Assert.True(actual is { } a && Math.Abs(a - expected) < Tolerance, $"{what}: expected {expected:R}, the service says {actual?.ToString("R") ?? "null"}");
}

public static class Trail
{
    /// <summary>Every source's events are numbered 1..n without gaps or repeats.</summary>
    public static void AssertGapless(JsonArray audit, string context)
    {
        foreach (var source in audit.GroupBy(e => (string)e!["source"]!))
        {
            var sequences = source.Select(e => (long)e!["sequence"]!).Order().ToList();
            var expected = Enumerable.Range(1, sequences.Count).Select(i => (long)i).ToList();
            Assert.True(expected.SequenceEqual(sequences),
                $"{context}: source '{source.Key}' has sequences [{string.Join(",", sequences)}], expected 1..{sequences.Count}");
        }
    }

    public static IEnumerable<JsonNode> SheetEvents(JsonArray audit) =>
        audit.Where(e => (string?)e!["action"] is "sheetSubmitted" or "sheetReplaced").Select(e => e!);
}

public static class Reads
{
    public static async Task<JsonNode> Json(this ApiClient api, string path, string? key = null)
    {
        var reply = await api.Get(path, key ?? api.AdminKey);
        reply.Is(HttpStatusCode.OK);
        return reply.Json;
    }

    /// <summary>A member's submitted sheet, or null when they have none (404).</summary>
    public static async Task<JsonNode?> Sheet(this ApiClient api, string roundId, string bidId, string memberId, string key)
    {
        var reply = await api.Get($"/api/rounds/{roundId}/bids/{bidId}/sheets/{memberId}", key);
        if (reply.Status == HttpStatusCode.NotFound) return null;
        reply.Is(HttpStatusCode.OK);
        return reply.Json;
    }

    public static Dictionary<string, int> Scores(JsonNode sheet) =>
        sheet["scores"]!.AsObject().ToDictionary(kv => kv.Key, kv => (int)kv.Value!);
}
