using System.Net;
using System.Text.Json.Nodes;
using static Prioritise.Api.Tests.Moderated;

namespace Prioritise.Api.Tests;

/// <summary>
/// The chair's moderation actions on a small round of its own (see <see cref="ModerationRound"/>:
/// a 40k/9, b 30k/8, c 20k/7, d 10k/6, e 25k/5 against a GBP 100k cap). Every figure is worked by hand.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class ModerationTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    private static readonly string[] Ranked = ["a", "b", "c", "d", "e"];

    [Fact]
    public async Task Moderation_starts_from_the_ranking_with_the_cap_line()
    {
        var m = await ModerationRound.Build(_api);
        var moderation = await m.Moderation();
        Assert.Equal("open", (string?)moderation["status"]);
        Assert.Equal(100_000m, (decimal)moderation["fundingCap"]!);
        Assert.Empty(moderation["actions"]!.AsArray());
        // a 40k, b 70k, c 90k, d 100k (exactly the cap fits); e would make 125k.
        AssertLine(moderation, Ranked, [("a", 40_000m), ("b", 70_000m), ("c", 90_000m), ("d", 100_000m)],
            fundedTotal: 100_000m, headroom: 0m, overCommitment: 0m);
        foreach (var (id, amount, score) in ModerationRound.Bids)
        {
            var row = Row(moderation, id);
            Assert.Equal($"Bid {id}", (string?)row["title"]);
            Assert.Equal(amount, (decimal)row["amountRequested"]!);
            Assert.Equal(amount, (decimal)row["award"]!);
            Assert.Equal(score, (double)row["weightedMean"]!, 1e-12);
            Assert.Equal(score / (double)(amount / 1000m), (double)row["valuePerThousand"]!, 1e-12);
            Assert.Equal(0.0, (double)row["standardDeviation"]!, 1e-12);
            Assert.Equal("High", (string?)row["agreement"]);
            Assert.False((bool)row["declined"]!);
            Assert.Null(row["jointGroup"]);
            Assert.Empty(row["conditions"]!.AsArray());
        }

        // Finance and the admin read the same list.
        Assert.Equal(List(moderation), List(await m.Moderation(m.FinanceKey)));
        Assert.Equal(List(moderation), List(await m.Moderation(_api.AdminKey)));
    }

    [Fact]
    public async Task Every_action_type_answers_201_with_its_id_and_the_moderation_as_GET_shows_it()
    {
        var m = await ModerationRound.Build(_api);
        var first = await m.Take(new { type = "move", bidId = "d", before = "a", reason = "Urgent" });
        (string Type, object Body)[] bodies =
        [
            ("move", new { type = "move", bidId = "e", after = "a", reason = "Closer to the community" }),
            ("award", new { type = "award", bidId = "b", amount = 15_000m, reason = "Pilot first" }),
            ("jointAward", new { type = "jointAward", bidIds = new[] { "c", "e" }, amount = 30_000m, reason = "One service" }),
            ("condition", new { type = "condition", bidId = "a", text = "Report quarterly" }),
            ("decline", new { type = "decline", bidId = "b", reason = "Duplicates an existing service" }),
            ("setFundingLine", new { type = "setFundingLine", afterBidId = "c", reason = "Committee's judgement" }),
            ("revert", new { type = "revert", actionId = first.ActionId, reason = "Chair reconsidered" }),
        ];
        var ids = new List<string> { first.ActionId };
        foreach (var (type, body) in bodies)
        {
            var reply = await m.Act(body);
            reply.Is(HttpStatusCode.Created);
            var actionId = (string?)reply.Json["actionId"];
            Assert.False(string.IsNullOrWhiteSpace(actionId), $"no actionId: {reply}");
            Assert.DoesNotContain(actionId, ids);
            ids.Add(actionId!);

            var returned = reply.Json["moderation"]!.AsObject();
            var last = returned["actions"]!.AsArray()[^1]!;
            Assert.Equal(actionId, (string?)last["id"]);
            Assert.Equal(type, (string?)last["type"]);
            Assert.Equal(m.ChairId, (string?)last["actor"]);
            var fetched = await m.Moderation();
            Assert.Equal(List(fetched), List(returned));
            Assert.Equal(Version(fetched), Version(returned));
            Assert.Equal(ids, fetched["actions"]!.AsArray().Select(a => (string)a!["id"]!));
        }
        Assert.Equal(8, ActionCount(await m.Moderation()));
    }

    [Fact]
    public async Task Move_before_and_after_changes_positions_and_the_line()
    {
        var m = await ModerationRound.Build(_api);

        var (_, moved) = await m.Take(new { type = "move", bidId = "d", before = "a", reason = "Urgent need" });
        // d 10k, a 50k, b 80k, c 100k; e 125k misses.
        AssertLine(moved, ["d", "a", "b", "c", "e"], [("d", 10_000m), ("a", 50_000m), ("b", 80_000m), ("c", 100_000m)],
            fundedTotal: 100_000m, headroom: 0m, overCommitment: 0m);
        Assert.Equal(4, (int)Row(moved, "d")["preModerationRank"]!);

        (_, moved) = await m.Take(new { type = "move", bidId = "a", after = "e", reason = "Weak case for change" });
        // d 10k, b 40k, c 60k, e 85k; a 125k misses.
        AssertLine(moved, ["d", "b", "c", "e", "a"], [("d", 10_000m), ("b", 40_000m), ("c", 60_000m), ("e", 85_000m)],
            fundedTotal: 85_000m, headroom: 15_000m, overCommitment: 0m);

        // Unknown bids are 404, and a move needs exactly one of before/after.
        (await m.Act(new { type = "move", bidId = "zz", before = "a", reason = "x" })).Problem(HttpStatusCode.NotFound);
        (await m.Act(new { type = "move", bidId = "a", before = "zz", reason = "x" })).Problem(HttpStatusCode.NotFound);
        (await m.Act(new { type = "move", bidId = "a", before = "b", after = "c", reason = "x" })).Problem(HttpStatusCode.BadRequest);
        (await m.Act(new { type = "move", bidId = "a", reason = "x" })).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["d", "b", "c", "e", "a"], Order(await m.Moderation()));
    }

    [Fact]
    public async Task Partial_award_changes_cumulative_funding_but_not_value_per_thousand()
    {
        var m = await ModerationRound.Build(_api);
        var before = Row(await m.Moderation(), "b");

        var (_, awarded) = await m.Take(new { type = "award", bidId = "b", amount = 15_000m, reason = "Pilot year only" });
        // a 40k, b 55k, c 75k, d 85k; e 110k misses.
        AssertLine(awarded, Ranked, [("a", 40_000m), ("b", 55_000m), ("c", 75_000m), ("d", 85_000m)],
            fundedTotal: 85_000m, headroom: 15_000m, overCommitment: 0m);
        var b = Row(awarded, "b");
        Assert.Equal(15_000m, (decimal)b["award"]!);
        Assert.Equal(30_000m, (decimal)b["amountRequested"]!);
        // Value per £ stays on the request: 8 / 30 = 0.2667 (0.27), not 8 / 15 = 0.53.
        Assert.Equal((double)before["valuePerThousand"]!, (double)b["valuePerThousand"]!);
        Assert.Equal(8.0 / 30.0, (double)b["valuePerThousand"]!, 1e-12);
        Assert.Equal("0.27", (string?)b["display"]?["valuePerThousand"]);

        (_, awarded) = await m.Take(new { type = "award", bidId = "e", amount = 5_000.50m, reason = "Equipment only" });
        // a 40k, b 55k, c 75k, d 85k, e 90,000.50: everything fits.
        AssertLine(awarded, Ranked, [("a", 40_000m), ("b", 55_000m), ("c", 75_000m), ("d", 85_000m), ("e", 90_000.50m)],
            fundedTotal: 90_000.50m, headroom: 9_999.50m, overCommitment: 0m);
        Assert.Equal(5.0 / 25.0, (double)Row(awarded, "e")["valuePerThousand"]!, 1e-12);

        // An award must be more than zero and no more than the request.
        var text = await m.ModerationText();
        (await m.Act(new { type = "award", bidId = "a", amount = 40_000.01m, reason = "x" })).Problem(HttpStatusCode.BadRequest, "amount");
        (await m.Act(new { type = "award", bidId = "a", amount = 0m, reason = "x" })).Problem(HttpStatusCode.BadRequest, "amount");
        (await m.Act(new { type = "award", bidId = "a", amount = 10.001m, reason = "x" })).Problem(HttpStatusCode.BadRequest, "amount");
        Assert.Equal(text, await m.ModerationText());
    }

    [Fact]
    public async Task Joint_award_splits_in_proportion_to_the_penny_and_the_group_sits_and_moves_together()
    {
        var m = await ModerationRound.Build(_api);

        // a (40k) and d (10k) share GBP 12,345.67: a 4/5 = 9,876.536 -> 9,876.53, d 1/5 = 2,469.134 -> 2,469.13,
        // which leaves one penny for the group's first row, a: 9,876.54 + 2,469.13 = 12,345.67.
        var (_, joint) = await m.Take(new { type = "jointAward", bidIds = new[] { "a", "d" }, amount = 12_345.67m, reason = "One joined-up service" });
        // The group sits where a stood: a, d, b, c, e. Cumulative 9,876.54, 12,345.67, 42,345.67, 62,345.67, 87,345.67.
        AssertLine(joint, ["a", "d", "b", "c", "e"],
            [("a", 9_876.54m), ("d", 12_345.67m), ("b", 42_345.67m), ("c", 62_345.67m), ("e", 87_345.67m)],
            fundedTotal: 87_345.67m, headroom: 12_654.33m, overCommitment: 0m);
        Assert.Equal(9_876.54m, Award(joint, "a"));
        Assert.Equal(2_469.13m, Award(joint, "d"));
        var group = (string?)Row(joint, "a")["jointGroup"];
        Assert.False(string.IsNullOrEmpty(group));
        Assert.Equal(group, (string?)Row(joint, "d")["jointGroup"]);
        Assert.Null(Row(joint, "b")["jointGroup"]);
        Assert.Equal(12_345.67m, (decimal)Row(joint, "a")["jointGroupTotal"]!);
        Assert.Equal(12_345.67m, (decimal)Row(joint, "d")["jointGroupTotal"]!);
        // Value per £ still on each request.
        Assert.Equal(9.0 / 40.0, (double)Row(joint, "a")["valuePerThousand"]!, 1e-12);
        Assert.Equal(6.0 / 10.0, (double)Row(joint, "d")["valuePerThousand"]!, 1e-12);

        // Moving one moves the group: d after e takes a with it: b, c, e, a, d.
        var (_, moved) = await m.Take(new { type = "move", bidId = "d", after = "e", reason = "Lower priority together" });
        AssertLine(moved, ["b", "c", "e", "a", "d"],
            [("b", 30_000m), ("c", 50_000m), ("e", 75_000m), ("a", 84_876.54m), ("d", 87_345.67m)],
            fundedTotal: 87_345.67m, headroom: 12_654.33m, overCommitment: 0m);

        // Funded or unfunded together: with the line after e the whole group is below it.
        var (_, line) = await m.Take(new { type = "setFundingLine", afterBidId = "e", reason = "Hold the group back" });
        AssertLine(line, ["b", "c", "e", "a", "d"], [("b", 30_000m), ("c", 50_000m), ("e", 75_000m)],
            fundedTotal: 75_000m, headroom: 25_000m, overCommitment: 0m);
    }

    [Fact]
    public async Task A_declined_bid_stays_in_the_list_unfunded_wherever_it_sits()
    {
        var m = await ModerationRound.Build(_api);
        var (_, declined) = await m.Take(new { type = "decline", bidId = "a", reason = "Not deliverable this year" });
        // a stays first but unfunded; the line walks on: b 30k, c 50k, d 60k, e 85k.
        AssertLine(declined, Ranked, [("b", 30_000m), ("c", 50_000m), ("d", 60_000m), ("e", 85_000m)],
            fundedTotal: 85_000m, headroom: 15_000m, overCommitment: 0m);
        var a = Row(declined, "a");
        Assert.True((bool)a["declined"]!);
        Assert.False((bool)a["funded"]!);
        Assert.Null(a["cumulative"]);
        Assert.Equal(1, (int)a["position"]!);

        // Even with the chair's line below it, it stays unfunded.
        var (_, line) = await m.Take(new { type = "setFundingLine", afterBidId = "e", reason = "Fund the rest" });
        AssertLine(line, Ranked, [("b", 30_000m), ("c", 50_000m), ("d", 60_000m), ("e", 85_000m)],
            fundedTotal: 85_000m, headroom: 15_000m, overCommitment: 0m);
        Assert.True((bool)Row(line, "a")["declined"]!);

        (await m.Act(new { type = "decline", bidId = "a", reason = "again" })).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_funding_line_set_above_the_cap_shows_the_over_commitment()
    {
        var m = await ModerationRound.Build(_api);
        var (_, above) = await m.Take(new { type = "setFundingLine", afterBidId = "e", reason = "Fund every scheme, knowingly over" });
        // a 40k, b 70k, c 90k, d 100k, e 125k: GBP 25k over the GBP 100k cap.
        AssertLine(above, Ranked, [("a", 40_000m), ("b", 70_000m), ("c", 90_000m), ("d", 100_000m), ("e", 125_000m)],
            fundedTotal: 125_000m, headroom: 0m, overCommitment: 25_000m);
        Assert.Equal("e", (string?)above["fundingLineAfter"]);

        var (_, below) = await m.Take(new { type = "setFundingLine", afterBidId = "b", reason = "Keep headroom" });
        AssertLine(below, Ranked, [("a", 40_000m), ("b", 70_000m)], fundedTotal: 70_000m, headroom: 30_000m, overCommitment: 0m);
        Assert.Equal("b", (string?)below["fundingLineAfter"]);
    }

    [Fact]
    public async Task Revert_restores_the_earlier_list_and_keeps_the_history()
    {
        var m = await ModerationRound.Build(_api);
        var start = await m.Moderation();

        var (moveId, afterMove) = await m.Take(new { type = "move", bidId = "e", before = "a", reason = "Quick win" });
        // e 25k, a 65k, b 95k; c 115k misses, and the line stops there.
        AssertLine(afterMove, ["e", "a", "b", "c", "d"], [("e", 25_000m), ("a", 65_000m), ("b", 95_000m)],
            fundedTotal: 95_000m, headroom: 5_000m, overCommitment: 0m);

        var (awardId, afterAward) = await m.Take(new { type = "award", bidId = "a", amount = 20_000m, reason = "Phase one" });
        // e 25k, a 45k, b 75k, c 95k; d 105k misses.
        AssertLine(afterAward, ["e", "a", "b", "c", "d"], [("e", 25_000m), ("a", 45_000m), ("b", 75_000m), ("c", 95_000m)],
            fundedTotal: 95_000m, headroom: 5_000m, overCommitment: 0m);

        var (revert1, undone) = await m.Take(new { type = "revert", actionId = awardId, reason = "Award it in full" });
        Assert.Equal(List(afterMove), List(undone));
        var (revert2, original) = await m.Take(new { type = "revert", actionId = moveId, reason = "Back to the ranking" });
        Assert.Equal(List(start), List(original));

        // Nothing is erased: four actions, the reverts naming what they undo.
        var actions = original["actions"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal([moveId, awardId, revert1, revert2], actions.Select(a => (string)a["id"]!));
        Assert.Equal(["move", "award", "revert", "revert"], actions.Select(a => (string)a["type"]!));
        Assert.Equal(awardId, (string?)actions[2]["actionId"]);
        Assert.Equal(moveId, (string?)actions[3]["actionId"]);

        // An action is reverted once; an unknown one is 404.
        var text = await m.ModerationText();
        (await m.Act(new { type = "revert", actionId = moveId, reason = "again" })).Problem(HttpStatusCode.Conflict);
        (await m.Act(new { type = "revert", actionId = "no-such-action", reason = "x" })).Problem(HttpStatusCode.NotFound);
        Assert.Equal(text, await m.ModerationText());
    }

    [Fact]
    public async Task Every_action_that_changes_money_or_order_needs_a_reason()
    {
        var m = await ModerationRound.Build(_api);
        // A condition needs no reason.
        var (conditionId, _) = await m.Take(new { type = "condition", bidId = "a", text = "Quarterly outcome report" });
        var text = await m.ModerationText();

        object[] withoutReason =
        [
            new { type = "move", bidId = "d", before = "a" },
            new { type = "award", bidId = "b", amount = 15_000m },
            new { type = "jointAward", bidIds = new[] { "c", "e" }, amount = 30_000m },
            new { type = "decline", bidId = "b" },
            new { type = "setFundingLine", afterBidId = "e" },
            new { type = "revert", actionId = conditionId },
        ];
        object[] blankReason =
        [
            new { type = "move", bidId = "d", before = "a", reason = "   " },
            new { type = "award", bidId = "b", amount = 15_000m, reason = "" },
            new { type = "jointAward", bidIds = new[] { "c", "e" }, amount = 30_000m, reason = " " },
            new { type = "decline", bidId = "b", reason = "\t" },
            new { type = "setFundingLine", afterBidId = "e", reason = "" },
            new { type = "revert", actionId = conditionId, reason = "  " },
        ];
        foreach (var body in withoutReason.Concat(blankReason))
            (await m.Act(body)).Problem(HttpStatusCode.BadRequest, "reason");
        Assert.Equal(text, await m.ModerationText());

        var (_, after) = await m.Take(new { type = "condition", bidId = "a", text = "And a second one" });
        Assert.Equal(["Quarterly outcome report", "And a second one"], Row(after, "a")["conditions"]!.AsArray().Select(c => (string)c!));
        (await m.Act(new { type = "condition", bidId = "a", text = " " })).Problem(HttpStatusCode.BadRequest, "text");
    }
}
