using System.Net;

namespace Prioritise.Api.Tests;

/// <summary>
/// Every kind of bad input: the status, an RFC 7807 body whose <c>errors</c> names the field, and
/// proof that nothing changed (the round, its bids, committee and audit, the member's sheets, and
/// no new round or member under the id that was sent).
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class BadInputTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    private static readonly string TooLong = new('a', 65);

    private const string Round = """{"id":"{new}","name":"R","fundingCap":1000,"criteria":[{"id":"a","name":"A","weight":1}]}""";
    private const string Member = """{"id":"{new}","name":"N","organisation":"O","interests":[]}""";
    private const string Bid = """{"id":"{new}","title":"T","sponsoringOrganisation":"S","amountRequested":1000}""";
    private const string Sheet = """{"scores":{"impact":8,"cost":7},"comment":"c","submit":true}""";

    private const string Rounds = "/api/rounds";
    private const string Members = "/api/members";
    private const string Bids = "/api/rounds/{round}/bids";
    private const string MySheet = "/api/rounds/{round}/bids/{bid}/sheets/{scorer}";

    // name, method, path, who ("admin" or "scorer"), body (null: none), status, fields named in errors (comma-separated)
    public static IEnumerable<object?[]> Cases()
    {
        object?[] C(string name, string method, string path, string who, string? body, int status, string fields = "") =>
            [name, method, path, who, body, status, fields];

        // Malformed JSON.
        yield return C("round: malformed", "POST", Rounds, "admin", """{"id":"{new}","name":"R",""", 400);
        yield return C("member: malformed", "POST", Members, "admin", """{"id":"{new}","name":"N" "organisation":"O"}""", 400);
        yield return C("bid: malformed", "POST", Bids, "admin", """{"id":"{new}","title":"T",,}""", 400);
        yield return C("sheet: malformed", "PUT", MySheet, "scorer", """{"scores":{"impact":8,"cost":7},"submit":tru}""", 400);
        yield return C("sheet: not an object", "PUT", MySheet, "scorer", "[1,2,3]", 400);

        // Wrong JSON types.
        yield return C("round: fundingCap as a string", "POST", Rounds, "admin", Round.Replace("1000", "\"1000\""), 400, "fundingCap");
        yield return C("round: name as a number", "POST", Rounds, "admin", Round.Replace("\"R\"", "5"), 400, "name");
        yield return C("round: weight as a string", "POST", Rounds, "admin", Round.Replace("\"weight\":1", "\"weight\":\"1\""), 400, "criteria[0].weight");
        yield return C("bid: amountRequested as a string", "POST", Bids, "admin", Bid.Replace("1000", "\"1000\""), 400, "amountRequested");
        yield return C("sheet: score as a string", "PUT", MySheet, "scorer", Sheet.Replace("\"impact\":8", "\"impact\":\"8\""), 400, "scores.impact");
        yield return C("sheet: submit as a string", "PUT", MySheet, "scorer", Sheet.Replace("true", "\"true\""), 400, "submit");
        // Issue 16: a round is scored or has no scoring; nothing else.
        yield return C("round: scoring unknown", "POST", Rounds, "admin", Round.Replace("\"fundingCap\"", "\"scoring\":\"sometimes\",\"fundingCap\""), 400, "scoring");
        yield return C("round: scored without criteria", "POST", Rounds, "admin", Round.Replace("""[{"id":"a","name":"A","weight":1}]""", "[]").Replace("\"fundingCap\"", "\"scoring\":\"scored\",\"fundingCap\""), 400, "criteria");
        yield return C("member: interest type unknown", "POST", Members, "admin",
            Member.Replace("[]", """[{"organisation":"X","type":"cash","description":"d"}]"""), 400, "interests[0].type");

        // Scores: outside the scale, fractional, missing on submit, unknown criterion.
        yield return C("sheet: score 11", "PUT", MySheet, "scorer", Sheet.Replace("\"impact\":8", "\"impact\":11"), 400, "scores.impact");
        yield return C("sheet: score 0", "PUT", MySheet, "scorer", Sheet.Replace("\"impact\":8", "\"impact\":0"), 400, "scores.impact");
        yield return C("sheet: score 0 in a draft", "PUT", MySheet, "scorer", """{"scores":{"cost":0},"submit":false}""", 400, "scores.cost");
        yield return C("sheet: score 7.5", "PUT", MySheet, "scorer", Sheet.Replace("\"impact\":8", "\"impact\":7.5"), 400, "scores.impact");
        yield return C("sheet: criterion missing on submit", "PUT", MySheet, "scorer", """{"scores":{"impact":8},"submit":true}""", 400, "scores.cost");
        yield return C("sheet: unknown criterion", "PUT", MySheet, "scorer", """{"scores":{"impact":8,"cost":7,"bogus":5},"submit":true}""", 400, "scores.bogus");

        // NaN and Infinity, as raw tokens and as strings.
        foreach (var token in new[] { "NaN", "Infinity", "-Infinity" })
        {
            foreach (var (text, how) in new[] { (token, "raw"), ($"\"{token}\"", "string") })
            {
                yield return C($"round: fundingCap {token} ({how})", "POST", Rounds, "admin", Round.Replace("1000", text), 400, "fundingCap");
                yield return C($"round: weight {token} ({how})", "POST", Rounds, "admin", Round.Replace("\"weight\":1", $"\"weight\":{text}"), 400, "criteria[0].weight");
                yield return C($"round: agreement.highBelow {token} ({how})", "POST", Rounds, "admin",
                    Round.Replace("}]}", $"}}],\"agreement\":{{\"highBelow\":{text},\"mediumBelow\":2.95}}}}"), 400, "agreement.highBelow");
                yield return C($"bid: amountRequested {token} ({how})", "POST", Bids, "admin", Bid.Replace("1000", text), 400, "amountRequested");
                yield return C($"sheet: score {token} ({how})", "PUT", MySheet, "scorer", Sheet.Replace("\"impact\":8", $"\"impact\":{text}"), 400, "scores.impact");
            }
        }

        // Money: zero, negative, three decimals.
        foreach (var money in new[] { "0", "-1000", "100.001" })
        {
            yield return C($"round: fundingCap {money}", "POST", Rounds, "admin", Round.Replace("1000", money), 400, "fundingCap");
            yield return C($"bid: amountRequested {money}", "POST", Bids, "admin", Bid.Replace("1000", money), 400, "amountRequested");
        }

        // Weights: zero and negative.
        foreach (var weight in new[] { "0", "-5" })
            yield return C($"round: weight {weight}", "POST", Rounds, "admin", Round.Replace("\"weight\":1", $"\"weight\":{weight}"), 400, "criteria[0].weight");

        // Duplicate ids.
        yield return C("round: duplicate id", "POST", Rounds, "admin", Round.Replace("{new}", "{round}"), 409, "id");
        yield return C("member: duplicate id", "POST", Members, "admin", Member.Replace("{new}", "{scorer}"), 409, "id");
        yield return C("bid: duplicate id", "POST", Bids, "admin", Bid.Replace("{new}", "{bid}"), 409, "id");

        // Ids outside [A-Za-z0-9_-]{1,64}, in bodies.
        foreach (var bad in new[] { "bad id", "bad.id", "a/b", "caf\u00e9", "<x>", "{long}" })
        {
            yield return C($"round: id '{bad}'", "POST", Rounds, "admin", Round.Replace("{new}", bad), 400, "id");
            yield return C($"member: id '{bad}'", "POST", Members, "admin", Member.Replace("{new}", bad), 400, "id");
            yield return C($"bid: id '{bad}'", "POST", Bids, "admin", Bid.Replace("{new}", bad), 400, "id");
            yield return C($"round: criterion id '{bad}'", "POST", Rounds, "admin", Round.Replace("\"id\":\"a\"", $"\"id\":\"{bad}\""), 400, "criteria[0].id");
        }
        yield return C("round: empty id", "POST", Rounds, "admin", Round.Replace("{new}", ""), 400, "id");

        // ... and in paths.
        foreach (var bad in new[] { "bad.id", "bad%20id", "caf%C3%A9", "%3Cx%3E", "{long}" })
        {
            yield return C($"GET round '{bad}'", "GET", $"/api/rounds/{bad}", "admin", null, 400, "roundId");
            yield return C($"GET member '{bad}'", "GET", $"/api/members/{bad}", "admin", null, 400, "id");
            yield return C($"POST bid to round '{bad}'", "POST", $"/api/rounds/{bad}/bids", "admin", Bid, 400, "roundId");
            yield return C($"appoint member '{bad}'", "PUT", $"/api/rounds/{{round}}/committee/{bad}", "admin", """{"roles":["scorer"]}""", 400, "memberId");
            yield return C($"sheet for bid '{bad}'", "PUT", $"/api/rounds/{{round}}/bids/{bad}/sheets/{{scorer}}", "scorer", Sheet, 400, "bidId");
            yield return C($"sheet of member '{bad}'", "PUT", $"/api/rounds/{{round}}/bids/{{bid}}/sheets/{bad}", "scorer", Sheet, 400, "memberId");
        }

        // Unknown round, bid, member.
        yield return C("GET unknown round", "GET", "/api/rounds/{new}", "admin", null, 404, "roundId");
        yield return C("results of unknown round", "GET", "/api/rounds/{new}/results", "admin", null, 404, "roundId");
        yield return C("bid on unknown round", "POST", "/api/rounds/{new}/bids", "admin", Bid, 404, "roundId");
        yield return C("GET unknown member", "GET", "/api/members/{new}", "admin", null, 404, "id");
        yield return C("appoint unknown member", "PUT", "/api/rounds/{round}/committee/{new}", "admin", """{"roles":["scorer"]}""", 404, "memberId");
        yield return C("sheet for unknown bid", "PUT", "/api/rounds/{round}/bids/{new}/sheets/{scorer}", "scorer", Sheet, 404, "bidId");
        yield return C("sheet in unknown round", "PUT", "/api/rounds/{new}/bids/{bid}/sheets/{scorer}", "scorer", Sheet, 404, "roundId");

        // Other bad bodies.
        yield return C("appoint: unknown role", "PUT", "/api/rounds/{round}/committee/{scorer2}", "admin", """{"roles":["boss"]}""", 400, "roles[0]");
        yield return C("appoint: no roles", "PUT", "/api/rounds/{round}/committee/{scorer2}", "admin", """{"roles":[]}""", 400, "roles");
        yield return C("round: no body", "POST", Rounds, "admin", null, 400);
        yield return C("bid: title missing", "POST", Bids, "admin", Bid.Replace("\"title\":\"T\",", ""), 400, "title");
        yield return C("member: name blank", "POST", Members, "admin", Member.Replace("\"N\"", "\"  \""), 400, "name");

        // Acting for someone else.
        yield return C("scoring as another member", "PUT", "/api/rounds/{round}/bids/{bid}/sheets/{scorer2}", "scorer", Sheet, 403);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Refused_and_nothing_changed(string name, string method, string path, string who, string? body, int status, string fields)
    {
        var c = await Committee.Build(_api);
        await _api.Submit(c.RoundId, c.BidId, c.ScorerId, c.ScorerKey, impact: 7, cost: 7);
        var newId = TestIds.New("new");
        string Fill(string s) => s.Replace("{new}", newId).Replace("{round}", c.RoundId).Replace("{bid}", c.BidId)
            .Replace("{scorer2}", c.Scorer2Id).Replace("{scorer}", c.ScorerId).Replace("{long}", TooLong);

        var before = await State(c);
        var reply = await _api.Send(new HttpMethod(method), Fill(path), who == "admin" ? _api.AdminKey : c.ScorerKey,
            body is null ? null : new RawJson(Fill(body)));

        var problem = reply.Problem((HttpStatusCode)status, fields.Split(',', StringSplitOptions.RemoveEmptyEntries));
        if (status == 400 && fields.Length == 0)
            Assert.True(problem["errors"] is System.Text.Json.Nodes.JsonObject { Count: > 0 } || problem["detail"] is not null,
                $"{name}: the problem says nothing about what was wrong: {reply}");

        Assert.Equal(before, await State(c));
        (await _api.Get($"/api/rounds/{newId}", _api.AdminKey)).Is(HttpStatusCode.NotFound);
        (await _api.Get($"/api/members/{newId}", _api.AdminKey)).Is(HttpStatusCode.NotFound);
    }

    /// <summary>The round as the admin sees it, plus both scorers' sheets and profiles as they see them.</summary>
    private async Task<string> State(Committee c)
    {
        var parts = new List<string> { await _api.Snapshot(c.RoundId) };
        foreach (var (id, key) in new[] { (c.ScorerId, c.ScorerKey), (c.Scorer2Id, c.Scorer2Key) })
        {
            var sheet = await _api.Get(c.SheetPath(id), key);
            // A 404 problem carries a per-request trace id, so only its status is compared.
            parts.Add(sheet.Status == HttpStatusCode.OK ? sheet.Text : ((int)sheet.Status).ToString());
            var profile = await _api.Get($"/api/members/{id}", key);
            profile.Is(HttpStatusCode.OK);
            parts.Add(profile.Text);
        }
        return string.Join("\n", parts);
    }

    [Fact]
    public async Task A_body_over_one_MiB_is_413_and_changes_nothing()
    {
        var c = await Committee.Build(_api);
        await _api.Submit(c.RoundId, c.BidId, c.ScorerId, c.ScorerKey, impact: 7, cost: 7);
        var before = await State(c);
        var newId = TestIds.New("big");
        var padding = new string('x', 1024 * 1024 + 16);

        (await _api.Post("/api/rounds", _api.AdminKey, new RawJson(
                Round.Replace("{new}", newId).Replace("\"R\"", $"\"{padding}\""))))
            .Problem(HttpStatusCode.RequestEntityTooLarge);
        (await _api.Post($"/api/rounds/{c.RoundId}/bids", _api.AdminKey, new RawJson(
                Bid.Replace("{new}", newId).Replace("\"T\"", $"\"{padding}\""))))
            .Problem(HttpStatusCode.RequestEntityTooLarge);
        (await _api.PutSheet(c.RoundId, c.BidId, c.ScorerId, c.ScorerKey, new RawJson(
                Sheet.Replace("\"c\"", $"\"{padding}\""))))
            .Problem(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(before, await State(c));
        (await _api.Get($"/api/rounds/{newId}", _api.AdminKey)).Is(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task No_key_or_a_wrong_key_is_401_and_changes_nothing()
    {
        var c = await Committee.Build(_api);
        var before = await State(c);
        var newId = TestIds.New("anon");
        var forged = c.ScorerId + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        foreach (var key in new string?[] { null, "", "wrong-key", forged, _api.AdminKey + "x", c.ScorerKey + "x" })
        {
            var what = key is null ? "no key" : $"key '{key}'";
            foreach (var (method, path, body) in new (string, string, string?)[]
                     {
                         ("GET", $"/api/rounds/{c.RoundId}", null),
                         ("GET", $"/api/rounds/{c.RoundId}/results", null),
                         ("GET", $"/api/members/{c.ScorerId}", null),
                         ("POST", "/api/rounds", Round.Replace("{new}", newId)),
                         ("POST", "/api/members", Member.Replace("{new}", newId)),
                         ("POST", $"/api/rounds/{c.RoundId}/bids", Bid.Replace("{new}", newId)),
                         ("POST", $"/api/rounds/{c.RoundId}/close-scoring", null),
                         ("PUT", c.SheetPath(c.ScorerId), Sheet),
                     })
            {
                var reply = await _api.Send(new HttpMethod(method), path, key, body is null ? null : new RawJson(body));
                Assert.True(reply.Status == HttpStatusCode.Unauthorized, $"{what}: {reply}");
                reply.Problem(HttpStatusCode.Unauthorized);
            }
        }
        // A scheme other than Bearer is no key either.
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/rounds/{c.RoundId}"))
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String("admin:x"u8.ToArray()));
            using var response = await _api.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        Assert.Equal(before, await State(c));
        (await _api.Get($"/api/rounds/{newId}", _api.AdminKey)).Is(HttpStatusCode.NotFound);
        (await _api.Get($"/api/members/{newId}", _api.AdminKey)).Is(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Scoring_a_round_that_is_not_open_is_409_and_changes_nothing()
    {
        var c = await Committee.Build(_api, openScoring: false);
        var before = await State(c);
        var reply = await _api.PutSheet(c.RoundId, c.BidId, c.ScorerId, c.ScorerKey, new RawJson(Sheet));
        reply.Problem(HttpStatusCode.Conflict);
        var draft = await _api.PutSheet(c.RoundId, c.BidId, c.ScorerId, c.ScorerKey, new { scores = new { impact = 3 }, submit = false });
        draft.Problem(HttpStatusCode.Conflict);
        Assert.Equal(before, await State(c));

        // After close: the submitted sheet stays as it was.
        await _api.OpenScoring(c.RoundId);
        await _api.Submit(c.RoundId, c.BidId, c.ScorerId, c.ScorerKey, impact: 7, cost: 7);
        await _api.CloseScoring(c.RoundId);
        before = await State(c);
        (await _api.PutSheet(c.RoundId, c.BidId, c.ScorerId, c.ScorerKey, new RawJson(Sheet))).Problem(HttpStatusCode.Conflict);
        (await _api.PutSheet(c.RoundId, c.BidId, c.Scorer2Id, c.Scorer2Key, new RawJson(Sheet))).Problem(HttpStatusCode.Conflict);
        Assert.Equal(before, await State(c));

        // Opening twice, closing a closed round, adding a bid after scoring closed: wrong state too.
        (await _api.Post($"/api/rounds/{c.RoundId}/open-scoring", _api.AdminKey)).Problem(HttpStatusCode.Conflict);
        (await _api.Post($"/api/rounds/{c.RoundId}/close-scoring", _api.AdminKey)).Problem(HttpStatusCode.Conflict);
        (await _api.Post($"/api/rounds/{c.RoundId}/bids", _api.AdminKey, new RawJson(Bid.Replace("{new}", TestIds.New("late")))))
            .Problem(HttpStatusCode.Conflict);
        Assert.Equal(before, await State(c));
    }

    [Fact]
    public async Task A_conflicted_member_is_403_with_the_reason_and_nothing_changes()
    {
        var round = TestIds.New("coi");
        var employee = TestIds.New("employee");
        var investor = TestIds.New("investor");
        var byHand = TestIds.New("byhand");
        var employeeKey = await _api.CreateMember(employee, "Riverside Trust");
        var investorKey = await _api.CreateMember(investor, "Elsewhere Council",
            new { organisation = "Riverside Trust", type = "pecuniary", description = "Holds shares" });
        var byHandKey = await _api.CreateMember(byHand, "Neutral Body");
        await _api.CreateRound(round);
        foreach (var m in new[] { employee, investor, byHand }) await _api.Appoint(round, m, "scorer");
        await _api.AddBid(round, "river", 10_000m, sponsor: "Riverside Trust");
        await _api.AddBid(round, "other", 10_000m, sponsor: "Hilltop Practice");
        (await _api.Post($"/api/rounds/{round}/conflicts", _api.AdminKey,
            new { memberId = byHand, bidId = "other", reason = "Designed the pathway" })).Is(HttpStatusCode.Created);
        await _api.OpenScoring(round);

        var bids = await _api.Get($"/api/rounds/{round}/bids", employeeKey);
        bids.Is(HttpStatusCode.OK);
        Assert.True((bool)bids.Json.AsArray().Single(b => (string?)b!["id"] == "river")!["conflicted"]!);
        Assert.False((bool)bids.Json.AsArray().Single(b => (string?)b!["id"] == "other")!["conflicted"]!);

        var before = await _api.Snapshot(round);
        foreach (var (member, key, bid, reason) in new[]
                 {
                     (employee, employeeKey, "river", "Riverside Trust"),
                     (investor, investorKey, "river", "Holds shares"),
                     (byHand, byHandKey, "other", "Designed the pathway"),
                 })
        {
            var reply = await _api.PutSheet(round, bid, member, key, new RawJson(Sheet));
            var problem = reply.Problem(HttpStatusCode.Forbidden);
            var detail = (string?)problem["detail"] ?? "";
            Assert.Contains(reason, detail);
            Assert.Contains("conflict", detail, StringComparison.OrdinalIgnoreCase);
            (await _api.PutSheet(round, bid, member, key, new { scores = new { impact = 3 }, submit = false }))
                .Problem(HttpStatusCode.Forbidden);
            (await _api.Get($"/api/rounds/{round}/bids/{bid}/sheets/{member}", key)).Is(HttpStatusCode.NotFound);
        }
        Assert.Equal(before, await _api.Snapshot(round));

        // Not conflicted on the other bid: the same member may score it.
        await _api.Submit(round, "other", employee, employeeKey, impact: 5, cost: 5);
    }
}
