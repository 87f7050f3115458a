using System.Net;
using static Prioritise.Api.Tests.Moderated;

namespace Prioritise.Api.Tests;

/// <summary>Optimistic concurrency (expectedVersion) and retries (Idempotency-Key) on moderation actions.</summary>
[Collection(SharedSiloCollection.Name)]
public sealed class ModerationConcurrencyTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    [Fact]
    public async Task A_stale_expected_version_is_409_and_changes_nothing()
    {
        var m = await ModerationRound.Build(_api);
        var v0 = Version(await m.Moderation());

        var (_, moved) = await m.Take(new { type = "move", bidId = "d", before = "a", reason = "Urgent", expectedVersion = v0 });
        var v1 = Version(moved);
        Assert.NotEqual(v0, v1);

        var text = await m.ModerationText();
        var stale = await m.Act(new { type = "award", bidId = "b", amount = 15_000m, reason = "Pilot", expectedVersion = v0 });
        var problem = stale.Problem(HttpStatusCode.Conflict);
        Assert.Contains("version", problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        (await m.Act(new { type = "award", bidId = "b", amount = 15_000m, reason = "Pilot", expectedVersion = v1 + 1000 }))
            .Problem(HttpStatusCode.Conflict);
        Assert.Equal(text, await m.ModerationText());
        Assert.Equal(30_000m, Award(await m.Moderation(), "b"));

        // With the current version it goes through.
        var (_, awarded) = await m.Take(new { type = "award", bidId = "b", amount = 15_000m, reason = "Pilot", expectedVersion = v1 });
        Assert.Equal(15_000m, Award(awarded, "b"));
        Assert.Equal(2, ActionCount(awarded));
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_twice_applies_once()
    {
        var m = await ModerationRound.Build(_api);
        var key = "retry-" + Guid.NewGuid().ToString("N");
        var body = new { type = "award", bidId = "b", amount = 15_000m, reason = "Pilot year" };

        var first = await m.Act(body, idempotencyKey: key);
        first.Is(HttpStatusCode.Created);
        var actionId = (string)first.Json["actionId"]!;
        var afterFirst = await m.ModerationText();
        Assert.Equal(1, ActionCount(await m.Moderation()));

        var second = await m.Act(body, idempotencyKey: key);
        second.Is(HttpStatusCode.Created);
        Assert.Equal(actionId, (string?)second.Json["actionId"]);
        Assert.Equal(afterFirst, await m.ModerationText());
        var moderation = await m.Moderation();
        Assert.Equal(1, ActionCount(moderation));
        Assert.Equal(15_000m, Award(moderation, "b"));

        // A different key is a different request.
        var third = await m.Act(new { type = "condition", bidId = "b", text = "Evaluate the pilot" }, idempotencyKey: key + "-2");
        third.Is(HttpStatusCode.Created);
        Assert.NotEqual(actionId, (string?)third.Json["actionId"]);
        Assert.Equal(2, ActionCount(await m.Moderation()));
    }

    [Fact]
    public async Task A_reused_idempotency_key_with_another_body_is_422_and_changes_nothing()
    {
        var m = await ModerationRound.Build(_api);
        var key = "reuse-" + Guid.NewGuid().ToString("N");
        (await m.Act(new { type = "award", bidId = "b", amount = 15_000m, reason = "Pilot year" }, idempotencyKey: key)).Is(HttpStatusCode.Created);
        var before = await m.ModerationText();

        var other = await m.Act(new { type = "decline", bidId = "c", reason = "Duplicates another scheme" }, idempotencyKey: key);
        other.Problem((HttpStatusCode)422, "Idempotency-Key");
        Assert.Equal(before, await m.ModerationText());
        Assert.Equal(1, ActionCount(await m.Moderation()));
    }

    [Fact]
    public async Task An_idempotency_key_is_the_callers_own_so_a_second_chair_using_it_is_a_new_request()
    {
        var m = await ModerationRound.Build(_api);
        var key = "shared-" + Guid.NewGuid().ToString("N");
        var first = await m.Act(new { type = "award", bidId = "b", amount = 15_000m, reason = "Pilot year" }, m.ChairKey, idempotencyKey: key);
        first.Is(HttpStatusCode.Created);

        // The other chair's decline, under the same key, is their own request: applied, not dropped.
        var second = await m.Act(new { type = "decline", bidId = "c", reason = "Duplicates another scheme" }, m.Chair2Key, idempotencyKey: key);
        second.Is(HttpStatusCode.Created);
        Assert.NotEqual((string?)first.Json["actionId"], (string?)second.Json["actionId"]);
        var moderation = await m.Moderation();
        Assert.Equal(2, ActionCount(moderation));
        Assert.True((bool)moderation["rows"]!.AsArray().Single(r => (string?)r!["bidId"] == "c")!["declined"]!);

        // A finance confirmation under the same key is a request of its own too.
        (await _api.SendWith(HttpMethod.Post, m.Path("/decisions"), m.FinanceKey, new { reason = "Agreed" },
            new Dictionary<string, string> { ["Idempotency-Key"] = key })).Is(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Two_chairs_posting_with_the_same_version_one_wins_the_other_gets_409()
    {
        var m = await ModerationRound.Build(_api);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var before = await m.Moderation();
            var version = Version(before);
            var count = ActionCount(before);
            // Each chair moves a different bid to the top: whoever wins, their bid is first afterwards.
            var order = Order(before);
            var (top, oneMoves, twoMoves) = (order[0], order[^1], order[^2]);
            var replies = await Task.WhenAll(
                m.Act(new { type = "move", bidId = oneMoves, before = top, reason = $"Chair one, try {attempt}", expectedVersion = version }, m.ChairKey),
                m.Act(new { type = "move", bidId = twoMoves, before = top, reason = $"Chair two, try {attempt}", expectedVersion = version }, m.Chair2Key));

            var won = replies.Where(r => r.Status == HttpStatusCode.Created).ToList();
            var lost = replies.Where(r => r.Status != HttpStatusCode.Created).ToList();
            Assert.True(won.Count == 1 && lost.Count == 1, $"expected one 201 and one 409:{Environment.NewLine}{string.Join(Environment.NewLine, replies)}");
            lost[0].Problem(HttpStatusCode.Conflict);

            var after = await m.Moderation();
            Assert.Equal(count + 1, ActionCount(after));
            var taken = after["actions"]!.AsArray()[^1]!;
            Assert.Equal((string?)won[0].Json["actionId"], (string?)taken["id"]);
            var chairOneWon = ReferenceEquals(won[0], replies[0]);
            Assert.Equal(chairOneWon ? m.ChairId : m.Chair2Id, (string?)taken["actor"]);
            Assert.Equal(chairOneWon ? oneMoves : twoMoves, Order(after)[0]);
        }
    }
}
