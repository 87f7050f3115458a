using System.Net;
using System.Text.Json.Nodes;

namespace Prioritise.Reliability.Tests.Support;

/// <summary>
/// A round scored by two scorers and closed, so it sits in moderation: bids with their requests and
/// the score both scorers give on both criteria (so each scorer total is that score). Ranked by
/// score; the cap line is drawn by stopAtFirstMiss.
/// </summary>
public sealed record ModerationRig(string RoundId, decimal Cap, IReadOnlyList<(string Id, decimal Amount, int Score)> Bids)
{
    public static async Task<ModerationRig> Build(ApiClient api, string roundId, decimal cap,
        IReadOnlyList<(string Id, decimal Amount, int Score)> bids,
        (string Id, string Key) scorer1, (string Id, string Key) scorer2, params string[] chairs)
    {
        await api.CreateRound(roundId, cap);
        await api.Appoint(roundId, scorer1.Id, "scorer");
        await api.Appoint(roundId, scorer2.Id, "scorer");
        foreach (var chair in chairs) await api.Appoint(roundId, chair, "chair");
        foreach (var (id, amount, _) in bids) await api.AddBid(roundId, id, amount, title: $"Bid {id}");
        await api.OpenScoring(roundId);
        foreach (var (id, _, score) in bids)
        {
            await api.Submit(roundId, id, scorer1.Id, scorer1.Key, impact: score, cost: score);
            await api.Submit(roundId, id, scorer2.Id, scorer2.Key, impact: score, cost: score);
        }
        await api.CloseScoring(roundId);
        return new ModerationRig(roundId, cap, bids);
    }

    public string ActionsPath => $"/api/rounds/{RoundId}/moderation/actions";
}

/// <summary>Checks a moderation answer against its own actions, recomputed in the test.</summary>
public static class ModerationCheck
{
    /// <summary>
    /// For a session of only condition and award actions (no moves, declines, joint awards, lines):
    /// action ids a1..an, version 1 + n, every row's conditions are the texts of that bid's condition
    /// actions in order, its award the last award (else the request), and the cap line drawn by
    /// stopAtFirstMiss over the ranking with those awards.
    /// </summary>
    public static void AssertConsistent(JsonNode moderation, ModerationRig rig, string context)
    {
        var actions = moderation["actions"]!.AsArray().Select(a => a!).ToList();
        Assert.True(actions.Select(a => (string)a["id"]!).SequenceEqual(Enumerable.Range(1, actions.Count).Select(i => $"a{i}")),
            $"{context}: action ids are not a1..a{actions.Count}: {string.Join(",", actions.Select(a => (string?)a["id"]))}");
        Assert.True((long)moderation["version"]! == 1 + actions.Count,
            $"{context}: version {moderation["version"]} after {actions.Count} actions (expected {1 + actions.Count})");

        var rows = moderation["rows"]!.AsArray().Select(r => r!).ToList();
        var ranking = rig.Bids.OrderByDescending(b => b.Score).Select(b => b.Id).ToList();
        Assert.True(ranking.SequenceEqual(rows.Select(r => (string)r["bidId"]!)), $"{context}: rows are not in ranking order");

        decimal total = 0;
        var stopped = false;
        foreach (var row in rows)
        {
            var bidId = (string)row["bidId"]!;
            var mine = actions.Where(a => (string?)a["bidId"] == bidId).ToList();
            var conditions = mine.Where(a => (string?)a["type"] == "condition").Select(a => (string)a["text"]!).ToList();
            Assert.True(conditions.SequenceEqual(row["conditions"]!.AsArray().Select(c => (string)c!)),
                $"{context}, {bidId}: conditions [{string.Join("|", row["conditions"]!.AsArray())}], actions say [{string.Join("|", conditions)}]");
            var request = rig.Bids.Single(b => b.Id == bidId).Amount;
            var award = mine.LastOrDefault(a => (string?)a["type"] == "award") is { } last ? (decimal)last["amount"]! : request;
            Assert.True(award == (decimal)row["award"]!, $"{context}, {bidId}: award {row["award"]}, actions say {award}");

            var funded = !stopped && total + award <= rig.Cap;
            if (funded) total += award;
            else stopped = true;
            Assert.True(funded == (bool)row["funded"]!, $"{context}, {bidId}: funded {row["funded"]}, recomputed {funded}");
            Assert.True((funded ? total : (decimal?)null) == (decimal?)row["cumulative"],
                $"{context}, {bidId}: cumulative {row["cumulative"]}, recomputed {(funded ? total : null)}");
        }
        Assert.True(total == (decimal)moderation["fundedTotal"]!, $"{context}: fundedTotal {moderation["fundedTotal"]}, recomputed {total}");
        Assert.True(rig.Cap - total == (decimal)moderation["headroom"]!, $"{context}: headroom {moderation["headroom"]}, recomputed {rig.Cap - total}");
    }

    /// <summary>The moderation trail: started once, then one moderationAction per action, why = its reason.</summary>
    public static void AssertAudit(JsonArray audit, JsonNode moderation, string context)
    {
        Trail.AssertGapless(audit, context);
        var events = audit.Where(e => (string?)e!["source"] == "moderation").Select(e => e!).OrderBy(e => (long)e["sequence"]!).ToList();
        Assert.True(events.Count(e => (string?)e["action"] == "moderationStarted") == 1, $"{context}: moderationStarted is not there exactly once");
        var actionEvents = events.Where(e => (string?)e["action"] == "moderationAction").ToList();
        var actions = moderation["actions"]!.AsArray().Select(a => a!).ToList();
        Assert.True(actionEvents.Count == actions.Count, $"{context}: {actionEvents.Count} moderationAction events for {actions.Count} actions");
        for (var i = 0; i < actions.Count; i++)
        {
            var id = (string)actions[i]["id"]!;
            Assert.True(((string)actionEvents[i]["what"]!).StartsWith(id + ":", StringComparison.Ordinal),
                $"{context}: event {i + 1} is '{actionEvents[i]["what"]}', expected action {id}");
            Assert.True((string?)actionEvents[i]["why"] == (string?)actions[i]["reason"], $"{context}: the event of {id} has another reason");
        }
    }

    public static async Task<JsonNode> Read(ApiClient api, string roundId, string key)
    {
        var reply = await api.Get($"/api/rounds/{roundId}/moderation", key);
        reply.Is(HttpStatusCode.OK);
        return reply.Json;
    }
}
