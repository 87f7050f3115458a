using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Prioritise.Domain;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Grains;
using Prioritise.Silo;

namespace Prioritise.Api.Tests;

/// <summary>
/// The results and moderation answers are written row by row from the domain (a moderated bid's
/// own figures written once and reused): they must be exactly what the API's options write for
/// the documented response records, built here row by row from the same domain rows.
/// </summary>
public sealed class BoardJsonTests
{
    private static readonly JsonSerializerOptions Api = ApiOptions();

    private static JsonSerializerOptions ApiOptions()
    {
        var options = new JsonSerializerOptions();
        ApiJson.Configure(options);
        return options;
    }

    private static BidResult Bid(string id, string title, decimal amount, int sheets, double? mean, double? sd) =>
        new(id, title, amount, sheets, mean, sd, sd is null ? Agreement.Insufficient : Agreement.Medium,
            mean is null ? null : mean / (double)(amount / 1000m),
            mean is null ? new Dictionary<string, double>() : new Dictionary<string, double> { ["impact"] = 8.65, ["reach \"r\""] = 1.0 / 3.0 },
            mean is null ? null : mean - 1, mean is null ? null : mean + 1);

    // Names with escapes and non-ASCII, pennies and trailing zeros, nulls, thirds, a bid unscored.
    private static readonly RoundResults Small = new(1_500_000.00m, FundingLinePolicy.SkipAndContinue,
    [
        new RankedBid(1, Bid("falls", "Falls prevention \"Stay Well\" </script> café £ 🏥", 154_000.50m, 12, 8.65, 0.4512), true, 154_000.50m),
        new RankedBid(2, Bid("spiro", "Spirometry", 75_000m, 3, 22.0 / 3.0, Math.Sqrt(57.0) / 3.0), false, null),
        new RankedBid(3, Bid("none", "Unscored", 10m, 0, null, null), false, null),
    ]);

    private static RoundResults Large(int rows) => new(45_150_000m, FundingLinePolicy.StopAtFirstMiss,
        Enumerable.Range(1, rows).Select(i =>
            new RankedBid(i, Bid($"bid-{i:D4}", $"Bid {i} \"quoted\" £", 1_000m * i + 0.5m, i % 20, i % 7 == 0 ? null : 5 + i / 1000.0, i % 3 == 0 ? null : 0.1 * (i % 9)),
                i <= 300, i <= 300 ? 1_000m * i : null)).ToList());

    private static byte[] Written(string roundId, RoundResults results) =>
        SerializedJson.Write(w => BoardJson.WriteResults(w, roundId, results)).ToArray();

    /// <summary>The documented results record, each row and its display figures mapped by hand.</summary>
    private static ResultsResponse Documented(string roundId, RoundResults results) =>
        ResultsResponse.Summary(roundId, results) with
        {
            Bids = results.Bids.Select(b => new ResultRow(
                b.Result.BidId, b.Result.Title, b.Result.AmountRequested, b.Result.Sheets, b.Result.WeightedMean,
                b.Result.StandardDeviation, b.Result.Agreement.ToString(), b.Result.ValuePerThousand, b.Result.CriterionMeans,
                b.Result.MinTotal, b.Result.MaxTotal, b.Rank, b.Funded, b.Cumulative,
                new ResultDisplay(Display.Fixed(b.Result.WeightedMean, 1), Display.Fixed(b.Result.ValuePerThousand, 2),
                    Display.Fixed(b.Result.StandardDeviation, 1), Display.ThousandsText(b.Result.AmountRequested),
                    b.Cumulative is { } c ? Display.ThousandsText(c) : null))).ToList(),
        };

    private static ModerationResponse Documented(string roundId, ModerationView view) =>
        ModerationResponse.Summary(roundId, view) with { Rows = ModeratedRowResponse.From(view.List.Rows) };

    [Fact]
    public void The_results_answer_is_byte_for_byte_what_the_api_options_write()
    {
        var byReflection = JsonSerializer.Serialize(Documented("pic-2018", Small), Api);

        Assert.Equal(byReflection, Encoding.UTF8.GetString(Written("pic-2018", Small)));
        Assert.Equal(byReflection, Encoding.UTF8.GetString(Written("pic-2018", Small)));
        Assert.Contains("\"fundingLinePolicy\":\"skipAndContinue\"", byReflection);
        Assert.Contains("\"weightedMean\":null", byReflection);
        Assert.Contains("\"cumulativeThousands\":\"154\"", byReflection);
    }

    [Fact]
    public void A_results_answer_of_many_pieces_joins_up_to_exactly_the_api_options_output()
    {
        // 2,000 rows is about 1 MB: written in 64 KiB pieces, every boundary must join cleanly.
        var results = Large(2_000);
        var byReflection = JsonSerializer.SerializeToUtf8Bytes(Documented("big", results), Api);

        Assert.True(byReflection.Length > 10 * 64 * 1024, $"only {byReflection.Length} bytes: not enough pieces to test");
        Assert.Equal(byReflection, Written("big", results));
    }

    private static readonly RoundResults Frozen = Large(40);

    private static ModerationView Moderated(params ModerationAction[] more)
    {
        var at = new DateTimeOffset(2018, 11, 7, 14, 30, 0, TimeSpan.Zero);
        var ranking = Frozen;
        ModerationAction Act(int n, ModerationActionType type, string? reason = "Committee view") =>
            new($"a{n}", type, "chair-oak", at.AddMinutes(n), reason);
        var actions = new List<ModerationAction>
        {
            Act(1, ModerationActionType.Move) with { BidId = "bid-0030", Before = "bid-0002" },
            Act(2, ModerationActionType.Award) with { BidId = "bid-0001", Amount = 500.25m },
            Act(3, ModerationActionType.JointAward) with { BidIds = ["bid-0004", "bid-0006"], Amount = 7_000.01m },
            Act(4, ModerationActionType.Condition, null) with { BidId = "bid-0030", Text = "Report quarterly \"to the board\" </b> £ 🏥" },
            Act(5, ModerationActionType.Condition, null) with { BidId = "bid-0030", Text = "Second condition" },
            Act(6, ModerationActionType.Decline) with { BidId = "bid-0005" },
            Act(7, ModerationActionType.SetFundingLine) with { AfterBidId = "bid-0010" },
            Act(8, ModerationActionType.Revert) with { ActionId = "a7" },
        };
        actions.AddRange(more);
        var list = ModerationRules.Replay(ranking, actions);
        var revision = new CapRevision(45_150_000m, 40_000_000.5m, "Pot cut", "finance-ash", at.AddDays(1), 44_000m, ["bid-0009", "bid-0008"]);
        // (issue 14) A standing ready mark, so its JSON is held to the documented shape too.
        return new ModerationView(list, actions, 9, false, [1], [revision], new ReadyMark("chair-oak", at.AddHours(1), 9, "Ready \"for\" finance £"));
    }

    private static async Task<(int Status, string? Location, string Body)> Execute(IResult answer)
    {
        var services = new ServiceCollection().AddLogging();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        var http = new DefaultHttpContext { RequestServices = services.BuildServiceProvider() };
        var body = new MemoryStream();
        http.Response.Body = body;
        await answer.ExecuteAsync(http);
        return (http.Response.StatusCode, http.Response.Headers.Location, Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task The_moderation_answer_is_byte_for_byte_what_the_api_options_write()
    {
        var view = Moderated();
        var byReflection = JsonSerializer.Serialize(Documented("pic-2018", view), Api);

        var (status, location, body) = await Execute(new ModerationAnswer("pic-2018", view));

        Assert.Equal(200, status);
        Assert.Null(location);
        Assert.Equal(byReflection, body);
        // What the case covers: a partial award, a joint split, conditions, a decline, nulls, an enum.
        Assert.Contains("\"award\":500.25", body);
        Assert.Contains("\"jointGroup\":\"a3\"", body);
        Assert.Contains("\"declined\":true", body);
        Assert.Contains("\"type\":\"jointAward\"", body);
        Assert.Contains("\"fundingThousands\":\"1\"", body);
        Assert.Contains("\"readyForFinance\":{\"by\":\"chair-oak\"", body);
    }

    [Fact]
    public async Task An_action_taken_is_a_201_at_the_moderation_with_exactly_the_api_options_body()
    {
        var view = Moderated();
        var byReflection = JsonSerializer.Serialize(new ActionTakenResponse("a8", Documented("pic-2018", view)), Api);

        var (status, location, body) = await Execute(ModerationAnswer.Taken("pic-2018", new ActionTaken("a8", view)));
        var again = await Execute(ModerationAnswer.Taken("pic-2018", new ActionTaken("a8", view)));

        Assert.Equal(201, status);
        Assert.Equal("/api/rounds/pic-2018/moderation", location);
        Assert.Equal(byReflection, body);
        Assert.Equal(byReflection, again.Body);
    }

    [Fact]
    public async Task Bids_whose_figures_were_written_before_are_written_again_in_their_new_places()
    {
        // The same frozen ranking (so every bid's figures are reused), then moves, an award and a
        // decline that change places, awards, the line and the running totals around them.
        await Execute(new ModerationAnswer("pic-2018", Moderated()));
        var at = new DateTimeOffset(2018, 11, 8, 9, 0, 0, TimeSpan.Zero);
        var view = Moderated(
            new ModerationAction("a9", ModerationActionType.Move, "chair-oak", at, "Reordered", BidId: "bid-0040", Before: "bid-0001"),
            new ModerationAction("a10", ModerationActionType.Award, "chair-oak", at, "Trimmed", BidId: "bid-0020", Amount: 1_234.56m),
            new ModerationAction("a11", ModerationActionType.Decline, "chair-oak", at, "Out of scope", BidId: "bid-0003"));

        var (_, _, body) = await Execute(new ModerationAnswer("pic-2018", view));

        Assert.Equal(JsonSerializer.Serialize(Documented("pic-2018", view), Api), body);
        Assert.Contains("\"position\":1,\"bidId\":\"bid-0040\"", body);
        Assert.Contains("\"award\":1234.56", body);
    }
}
