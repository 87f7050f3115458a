using System.Text;
using System.Text.Json;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Silo;

namespace Prioritise.Api.Tests;

/// <summary>The results answer is written by generated code: it must be exactly what the API's options write.</summary>
public sealed class SourceGeneratedJsonTests
{
    private static BidResult Bid(string id, string title, decimal amount, int sheets, double? mean, double? sd) =>
        new(id, title, amount, sheets, mean, sd, sd is null ? Agreement.Insufficient : Agreement.Medium,
            mean is null ? null : mean / (double)(amount / 1000m),
            mean is null ? new Dictionary<string, double>() : new Dictionary<string, double> { ["impact"] = 8.65, ["reach"] = 1.0 / 3.0 },
            mean is null ? null : mean - 1, mean is null ? null : mean + 1);

    [Fact]
    public void The_generated_results_answer_is_byte_for_byte_what_the_api_options_write()
    {
        // Names with escapes and non-ASCII, pennies and trailing zeros, nulls, thirds, a bid unscored.
        var results = new RoundResults(1_500_000.00m, FundingLinePolicy.SkipAndContinue,
        [
            new RankedBid(1, Bid("falls", "Falls prevention \"Stay Well\" </script> café £ 🏥", 154_000.50m, 12, 8.65, 0.4512), true, 154_000.50m),
            new RankedBid(2, Bid("spiro", "Spirometry", 75_000m, 3, 22.0 / 3.0, Math.Sqrt(57.0) / 3.0), false, null),
            new RankedBid(3, Bid("none", "Unscored", 10m, 0, null, null), false, null),
        ]);
        var answer = ResultsResponse.From("pic-2018", results);

        var options = new JsonSerializerOptions();
        ApiJson.Configure(options);
        var byReflection = JsonSerializer.Serialize(answer, options);
        var generated = Encoding.UTF8.GetString(SerializedJson.Write(answer, LargeAnswerResults.ResultsType).ToArray());

        Assert.Equal(byReflection, generated);
        Assert.Contains("\"fundingLinePolicy\":\"skipAndContinue\"", generated);
        Assert.Contains("\"weightedMean\":null", generated);
    }

    [Fact]
    public void An_answer_of_many_pieces_joins_up_to_exactly_the_api_options_output()
    {
        // 2,000 rows is about 1 MB: written in 64 KiB pieces, every boundary must join cleanly.
        var rows = Enumerable.Range(1, 2_000).Select(i =>
            new RankedBid(i, Bid($"bid-{i:D4}", $"Bid {i} \"quoted\" £", 1_000m * i + 0.5m, i % 20, i % 7 == 0 ? null : 5 + i / 1000.0, i % 3 == 0 ? null : 0.1 * (i % 9)),
                i <= 300, i <= 300 ? 1_000m * i : null)).ToList();
        var answer = ResultsResponse.From("big", new RoundResults(45_150_000m, FundingLinePolicy.StopAtFirstMiss, rows));

        var options = new JsonSerializerOptions();
        ApiJson.Configure(options);
        var byReflection = JsonSerializer.SerializeToUtf8Bytes(answer, options);
        var written = SerializedJson.Write(answer, LargeAnswerResults.ResultsType);

        Assert.True(byReflection.Length > 10 * 64 * 1024, $"only {byReflection.Length} bytes: not enough pieces to test");
        Assert.Equal(byReflection.Length, written.Length);
        Assert.Equal(byReflection, written.ToArray());
    }
}
