using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Prioritise.Domain;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Scoring;
using Prioritise.Grains;

namespace Prioritise.Silo;

/// <summary>
/// The two answers of two thousand rows that are read again and again: the results a chair
/// watches while sheets pour in, and the moderated list every moderation action returns. They
/// are written straight from the domain's rows rather than through a response record per row
/// (and its display record, and the serialiser's bookkeeping for each). In the moderated list a
/// bid's own figures (id, title, means, agreement, their display strings) never change, since
/// the ranking is frozen, so their JSON is written once per <see cref="BidResult"/> and copied
/// into every answer; only what an action changes (place, award, line, running total) is
/// written each time. Results rows are written whole: while scoring is open most bids' results
/// are new at every read, and JSON kept for them only outlived young collections.
/// <see cref="ResultsResponse"/> and <see cref="ModerationResponse"/> stay the documented
/// shapes, and tests hold this writer to exactly the bytes the API's options write for them
/// (<c>BoardJsonTests</c>).
/// </summary>
public static class BoardJson
{
    // The round grain hands out the same results instance while nothing has changed, so the JSON
    // written for it once serves every reader of a settled round; it goes when the instance does.
    private static readonly ConditionalWeakTable<RoundResults, SerializedJson> WrittenResults = new();

    /// <param name="comments">Members' comments, given only to a reader who may see them (the grain decides); written beside each bid.</param>
    public static SerializedJson Results(string roundId, RoundResults results, IReadOnlyList<Domain.Rounds.BidComment>? comments = null) =>
        comments is { Count: > 0 }
            ? SerializedJson.Write(w => WriteResults(w, roundId, results, comments.ToLookup(c => c.BidId, StringComparer.Ordinal)))
            : WrittenResults.GetValue(results, r => SerializedJson.Write(w => WriteResults(w, roundId, r)));

    public static void WriteResults(Utf8JsonWriter w, string roundId, RoundResults results, ILookup<string, Domain.Rounds.BidComment>? comments = null)
    {
        var summary = ResultsResponse.Summary(roundId, results);
        w.WriteStartObject();
        w.WriteString("roundId", summary.RoundId);
        w.WriteNumber("fundingCap", summary.FundingCap);
        w.WriteString("fundingLinePolicy", summary.FundingLinePolicy);
        WriteAgainstCap(w, summary.FundedTotal, summary.Headroom, summary.OverCommitment);
        w.WriteStartArray("bids");
        foreach (var row in results.Bids)
        {
            var r = row.Result;
            w.WriteStartObject();
            WriteIdentity(w, r);
            w.WriteNumber("sheets", r.Sheets);
            WriteNumber(w, "weightedMean", r.WeightedMean);
            WriteNumber(w, "standardDeviation", r.StandardDeviation);
            w.WriteString("agreement", AgreementNames[(int)r.Agreement]);
            WriteNumber(w, "valuePerThousand", r.ValuePerThousand);
            w.WriteStartObject("criterionMeans");
            foreach (var (criterion, value) in r.CriterionMeans) w.WriteNumber(criterion, value);
            w.WriteEndObject();
            WriteNumber(w, "minTotal", r.MinTotal);
            WriteNumber(w, "maxTotal", r.MaxTotal);
            w.WriteNumber("rank", row.Rank);
            w.WriteBoolean("funded", row.Funded);
            WriteMoney(w, "cumulative", row.Cumulative);
            w.WriteStartObject("display");
            WriteDisplay(w, r);
            w.WriteString("amountRequestedThousands", Display.ThousandsText(r.AmountRequested));
            w.WriteString("cumulativeThousands", row.Cumulative is { } c ? Display.ThousandsText(c) : null);
            w.WriteEndObject();
            if (comments is not null)
            {
                w.WriteStartArray("comments");
                foreach (var comment in comments[r.BidId])
                {
                    w.WriteStartObject();
                    w.WriteString("memberId", comment.MemberId);
                    w.WriteString("name", comment.Name);
                    w.WriteString("comment", comment.Comment);
                    w.WriteString("at", comment.At);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteModeration(Utf8JsonWriter w, string roundId, ModerationView view, JsonSerializerOptions options)
    {
        var summary = ModerationResponse.Summary(roundId, view);
        w.WriteStartObject();
        w.WriteString("roundId", summary.RoundId);
        w.WriteNumber("version", summary.Version);
        w.WriteString("status", summary.Status);
        w.WriteNumber("fundingCap", summary.FundingCap);
        WriteAgainstCap(w, summary.FundedTotal, summary.Headroom, summary.OverCommitment);
        w.WriteString("fundingLineAfter", summary.FundingLineAfter);
        w.WriteStartArray("rows");
        foreach (var row in view.List.Rows)
        {
            var bid = BidJson.Of(row.Result);
            w.WriteStartObject();
            w.WriteNumber("position", row.Position);
            w.WritePropertyName("bidId");
            w.WriteRawValue(bid.Identity, skipInputValidation: true);
            w.WriteNumber("award", row.Award);
            w.WritePropertyName("weightedMean");
            w.WriteRawValue(bid.Figures, skipInputValidation: true);
            w.WriteBoolean("funded", row.Funded);
            w.WriteBoolean("declined", row.Declined);
            WriteMoney(w, "cumulative", row.Cumulative);
            w.WriteString("jointGroup", row.JointGroup);
            WriteMoney(w, "jointGroupTotal", row.JointGroupTotal);
            w.WriteStartArray("conditions");
            foreach (var condition in row.Conditions) w.WriteStringValue(condition);
            w.WriteEndArray();
            w.WriteNumber("preModerationRank", row.PreModerationRank);
            w.WriteStartObject("display");
            w.WritePropertyName("weightedMean");
            w.WriteRawValue(bid.Display, skipInputValidation: true);
            w.WriteString("fundingThousands", row.Award == row.Result.AmountRequested ? bid.RequestedThousands : Display.ThousandsText(row.Award));
            w.WriteString("cumulativeThousands", row.Cumulative is { } c ? Display.ThousandsText(c) : null);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WritePropertyName("actions");
        JsonSerializer.Serialize(w, summary.Actions, options);
        w.WritePropertyName("decisions");
        JsonSerializer.Serialize(w, summary.Decisions, options);
        w.WritePropertyName("capRevisions");
        JsonSerializer.Serialize(w, summary.CapRevisions, options);
        w.WritePropertyName("readyForFinance");
        JsonSerializer.Serialize(w, summary.ReadyForFinance, options);
        w.WriteBoolean("readyWithdrawn", summary.ReadyWithdrawn);
        w.WriteEndObject();
    }

    private static readonly string[] AgreementNames = Enum.GetNames<Domain.Rounds.Agreement>();

    private static void WriteIdentity(Utf8JsonWriter w, BidResult r)
    {
        w.WriteString("bidId", r.BidId);
        w.WriteString("title", r.Title);
        w.WriteNumber("amountRequested", r.AmountRequested);
    }

    private static void WriteDisplay(Utf8JsonWriter w, BidResult r)
    {
        w.WriteString("weightedMean", Display.Fixed(r.WeightedMean, 1));
        w.WriteString("valuePerThousand", Display.Fixed(r.ValuePerThousand, 2));
        w.WriteString("standardDeviation", Display.Fixed(r.StandardDeviation, 1));
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <summary>The money against the cap, as both answers give it after the cap itself.</summary>
    private static void WriteAgainstCap(Utf8JsonWriter w, decimal fundedTotal, decimal headroom, decimal overCommitment)
    {
        w.WriteNumber("fundedTotal", fundedTotal);
        w.WriteNumber("headroom", headroom);
        w.WriteNumber("overCommitment", overCommitment);
    }

    private static void WriteMoney(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <summary>
    /// A frozen bid's own figures as JSON, in the runs of properties that sit together in a
    /// moderated row. Each run starts with its first property's value (the answer's writer has
    /// written that name) and ends before the closing brace, so it drops into the row as written.
    /// </summary>
    private sealed class BidJson
    {
        // Kept as long as the result is: the moderation grain holds the frozen ranking's results.
        private static readonly ConditionalWeakTable<BidResult, BidJson> Written = new();

        public static BidJson Of(BidResult result) => Written.GetValue(result, r => new BidJson(r));

        /// <summary>bidId to amountRequested.</summary>
        public byte[] Identity { get; }
        /// <summary>weightedMean to agreement.</summary>
        public byte[] Figures { get; }
        /// <summary>The display's weightedMean to standardDeviation.</summary>
        public byte[] Display { get; }
        public string RequestedThousands { get; }

        private BidJson(BidResult r)
        {
            Identity = Run(w => WriteIdentity(w, r));
            Figures = Run(w =>
            {
                WriteNumber(w, "weightedMean", r.WeightedMean);
                WriteNumber(w, "valuePerThousand", r.ValuePerThousand);
                WriteNumber(w, "standardDeviation", r.StandardDeviation);
                w.WriteString("agreement", AgreementNames[(int)r.Agreement]);
            });
            Display = Run(w => WriteDisplay(w, r));
            RequestedThousands = Domain.Display.ThousandsText(r.AmountRequested);
        }

        private static byte[] Run(Action<Utf8JsonWriter> write)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                write(w);
                w.WriteEndObject();
            }
            // Drop "{", the first property's name and its colon (names here hold no colon), and "}".
            var json = buffer.WrittenSpan;
            return json[(json.IndexOf((byte)':') + 1)..^1].ToArray();
        }
    }
}

/// <summary>
/// The moderated list as an answer, written straight into the response: it is new with every
/// action, so there is nothing to keep and no reason to build the megabyte in memory first. With
/// an action id it is that action's 201, at the moderation, wrapped as api.md gives it.
/// </summary>
public sealed class ModerationAnswer(string roundId, ModerationView view, string? actionId = null) : IResult
{
    public static ModerationAnswer Taken(string roundId, ActionTaken taken) => new(roundId, taken.Moderation, taken.ActionId);

    public async Task ExecuteAsync(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        http.Response.StatusCode = actionId is null ? StatusCodes.Status200OK : StatusCodes.Status201Created;
        if (actionId is not null) http.Response.Headers.Location = $"/api/rounds/{roundId}/moderation";
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = http.Response.BodyWriter;
        // The default encoder, as the API's options have and as BidJson's runs were written with.
        await using (var w = new Utf8JsonWriter(body))
        {
            if (actionId is not null)
            {
                w.WriteStartObject();
                w.WriteString("actionId", actionId);
                w.WritePropertyName("moderation");
            }
            BoardJson.WriteModeration(w, roundId, view, options);
            if (actionId is not null) w.WriteEndObject();
        }
        await body.FlushAsync(http.RequestAborted);
    }
}
