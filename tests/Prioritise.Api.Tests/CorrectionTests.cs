using System.Net;
using System.Text.Json.Nodes;

namespace Prioritise.Api.Tests;

/// <summary>
/// Issue 14 over HTTP: the secretary (per round and organisation-wide), corrections with their
/// rules and reasons, withdrawn bids and removed seats leaving the results, member corrections
/// reaching the seats. Every figure below is worked out by hand from docs/scoring-method.md
/// (impact weight 3, cost weight 1: a sheet's total is (3 x impact + cost) / 4).
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class CorrectionTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    private sealed record Cast(string RoundId, string SecretaryId, string SecretaryKey, string ChairKey, string ScorerId, string ScorerKey, string OutsiderKey);

    /// <summary>A round in setup with a secretary, a chair, a scorer and an outsider, and bid "b1" of £30,000.</summary>
    private async Task<Cast> Setup()
    {
        var round = TestIds.New("corr");
        var secretary = TestIds.New("sec");
        var chair = TestIds.New("chair");
        var scorer = TestIds.New("scorer");
        var outsider = TestIds.New("outsider");
        var secretaryKey = await _api.CreateMember(secretary, "Governance Office");
        var chairKey = await _api.CreateMember(chair, $"Org of {chair}");
        var scorerKey = await _api.CreateMember(scorer, $"Org of {scorer}");
        var outsiderKey = await _api.CreateMember(outsider, $"Org of {outsider}");
        await _api.CreateRound(round);
        await _api.Appoint(round, secretary, "secretary");
        await _api.Appoint(round, chair, "chair");
        await _api.Appoint(round, scorer, "scorer");
        await _api.AddBid(round, "b1", 30_000m, title: "Falls prevention");
        return new Cast(round, secretary, secretaryKey, chairKey, scorer, scorerKey, outsiderKey);
    }

    private Task<Reply> Patch(string path, string? key, object body) => _api.Send(HttpMethod.Patch, path, key, body);
    private Task<Reply> Delete(string path, string? key) => _api.Send(HttpMethod.Delete, path, key);

    private async Task<long> VersionOf(string path) => (long)(await _api.Get(path, _api.AdminKey)).Is(HttpStatusCode.OK).Json["version"]!;

    private async Task<JsonArray> Audit(string roundId) => (await _api.Get($"/api/rounds/{roundId}/audit", _api.AdminKey)).Is(HttpStatusCode.OK).Json.AsArray();

    private static object Weights(int impact, int cost) => new object[]
    {
        new { id = "impact", name = "Impact", weight = impact }, new { id = "cost", name = "Cost", weight = cost },
    };

    [Fact]
    public async Task The_secretary_corrects_a_weight_in_setup_and_the_audit_keeps_the_reason()
    {
        var c = await Setup();
        var version = await VersionOf($"/api/rounds/{c.RoundId}");
        var reply = (await Patch($"/api/rounds/{c.RoundId}", c.SecretaryKey,
            new { criteria = Weights(4, 1), reason = "The committee agreed 4 to 1 on 30 November", expectedVersion = version })).Is(HttpStatusCode.OK);
        Assert.Equal(4m, (decimal)reply.Json["criteria"]![0]!["weight"]!);
        Assert.Equal(version + 1, (long)reply.Json["version"]!);

        var corrected = (await Audit(c.RoundId)).Single(e => (string?)e!["action"] == "roundCorrected")!;
        Assert.Equal("Round corrected: Weight of 'Impact' 3 → 4.", (string?)corrected["what"]);
        Assert.Equal("The committee agreed 4 to 1 on 30 November", (string?)corrected["why"]);
        Assert.Equal(c.SecretaryId, (string?)corrected["actor"]);

        // The same correction again changes nothing: 200, no new audit line, no new version.
        var length = await _api.AuditLength(c.RoundId);
        (await Patch($"/api/rounds/{c.RoundId}", c.SecretaryKey, new { criteria = Weights(4, 1), reason = "Again" })).Is(HttpStatusCode.OK);
        Assert.Equal(length, await _api.AuditLength(c.RoundId));
        Assert.Equal(version + 1, await VersionOf($"/api/rounds/{c.RoundId}"));
    }

    [Fact]
    public async Task A_stale_version_or_a_missing_reason_changes_nothing()
    {
        var c = await Setup();
        var version = await VersionOf($"/api/rounds/{c.RoundId}");
        (await Patch($"/api/rounds/{c.RoundId}", c.SecretaryKey, new { name = "First", reason = "Typing error" })).Is(HttpStatusCode.OK);
        var before = await _api.Snapshot(c.RoundId);

        var stale = (await Patch($"/api/rounds/{c.RoundId}", c.SecretaryKey, new { name = "Second", reason = "Typing error", expectedVersion = version }))
            .Problem(HttpStatusCode.Conflict, "expectedVersion");
        Assert.Contains("changed by someone else since you opened it", (string?)stale["detail"] ?? stale.ToJsonString());
        (await Patch($"/api/rounds/{c.RoundId}", c.SecretaryKey, new { name = "Third" })).Problem(HttpStatusCode.BadRequest, "reason");
        (await Patch($"/api/rounds/{c.RoundId}/bids/b1", c.SecretaryKey, new { title = "Third", reason = " " })).Problem(HttpStatusCode.BadRequest, "reason");
        (await Delete($"/api/rounds/{c.RoundId}/bids/b1", c.SecretaryKey)).Problem(HttpStatusCode.BadRequest, "reason");
        (await Delete($"/api/rounds/{c.RoundId}/committee/{c.ScorerId}", c.SecretaryKey)).Problem(HttpStatusCode.BadRequest, "reason");
        (await Patch($"/api/rounds/{c.RoundId}/bids/b1", c.SecretaryKey, new { title = "Stale", reason = "Typing error", expectedVersion = 7 }))
            .Problem(HttpStatusCode.Conflict, "expectedVersion");

        Assert.Equal(before, await _api.Snapshot(c.RoundId));
    }

    [Fact]
    public async Task Once_scoring_opens_the_criteria_are_fixed_and_a_bid_keeps_its_amount_but_not_its_typos()
    {
        var c = await Setup();
        await _api.OpenScoring(c.RoundId);
        var before = await _api.Snapshot(c.RoundId);
        var refused = (await Patch($"/api/rounds/{c.RoundId}", c.SecretaryKey, new { criteria = Weights(4, 1), reason = "Late change" }))
            .Problem(HttpStatusCode.Conflict, "criteria");
        Assert.Equal("Criteria and weights can be changed only while the round is being set up. The round is open for scoring.", (string?)refused["detail"]);
        (await Patch($"/api/rounds/{c.RoundId}/bids/b1", c.SecretaryKey, new { amountRequested = 35_000, reason = "Late change" }))
            .Problem(HttpStatusCode.Conflict, "amountRequested");
        Assert.Equal(before, await _api.Snapshot(c.RoundId));

        var bid = (await Patch($"/api/rounds/{c.RoundId}/bids/b1", c.SecretaryKey,
            new { title = "Falls prevention service", reason = "The title on the application form", expectedVersion = 1 })).Is(HttpStatusCode.OK);
        Assert.Equal("Falls prevention service", (string?)bid.Json["title"]);
        Assert.Equal(30_000m, (decimal)bid.Json["amountRequested"]!);
        Assert.Equal(2, (long)bid.Json["version"]!);
        var one = (await _api.Get($"/api/rounds/{c.RoundId}/bids/b1", c.ScorerKey)).Is(HttpStatusCode.OK);
        Assert.Equal("Falls prevention service", (string?)one.Json["title"]);
        Assert.Equal(2, (long)one.Json["version"]!);
        var line = (await Audit(c.RoundId)).Single(e => (string?)e!["action"] == "bidCorrected")!;
        Assert.Equal("Bid 'Falls prevention' corrected: Title 'Falls prevention' → 'Falls prevention service'.", (string?)line["what"]);
        Assert.Equal("The title on the application form", (string?)line["why"]);
    }

    [Fact]
    public async Task Only_the_secretary_and_the_administrator_correct_and_an_outsider_learns_nothing()
    {
        var c = await Setup();
        var before = await _api.Snapshot(c.RoundId);
        var body = new { name = "Not yours", reason = "Trying" };
        foreach (var key in new[] { c.ChairKey, c.ScorerKey })
        {
            (await Patch($"/api/rounds/{c.RoundId}", key, body)).Problem(HttpStatusCode.Forbidden);
            (await Patch($"/api/rounds/{c.RoundId}/bids/b1", key, new { title = "Not yours", reason = "Trying" })).Problem(HttpStatusCode.Forbidden);
            (await Delete($"/api/rounds/{c.RoundId}/bids/b1?reason=Trying", key)).Problem(HttpStatusCode.Forbidden);
            (await Delete($"/api/rounds/{c.RoundId}/committee/{c.ScorerId}?reason=Trying", key)).Problem(HttpStatusCode.Forbidden);
        }
        (await Patch($"/api/rounds/{c.RoundId}", c.OutsiderKey, body)).Problem(HttpStatusCode.NotFound);
        (await Patch($"/api/rounds/{c.RoundId}/bids/b1", c.OutsiderKey, new { title = "Not yours", reason = "Trying" })).Problem(HttpStatusCode.NotFound);
        (await Delete($"/api/rounds/{c.RoundId}/bids/b1?reason=Trying", c.OutsiderKey)).Problem(HttpStatusCode.NotFound);
        (await Patch($"/api/rounds/{c.RoundId}", null, body)).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal(before, await _api.Snapshot(c.RoundId));

        // The secretary sets the round up but never scores, and does not open scoring.
        await _api.OpenScoring(c.RoundId);
        (await _api.PutSheet(c.RoundId, "b1", c.SecretaryId, c.SecretaryKey, new { scores = new { impact = 5, cost = 5 }, submit = true }))
            .Problem(HttpStatusCode.Forbidden);
        (await _api.Post($"/api/rounds/{c.RoundId}/close-scoring", c.SecretaryKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Post("/api/rounds", c.SecretaryKey, new { name = "Mine", fundingCap = 1000, criteria = ApiClient.TwoCriteria }))
            .Problem(HttpStatusCode.Forbidden);
        (await _api.Get($"/api/rounds/{c.RoundId}/committee", c.SecretaryKey)).Is(HttpStatusCode.OK);
        (await _api.Get($"/api/rounds/{c.RoundId}/audit", c.SecretaryKey)).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_withdrawn_bid_leaves_the_ranking_and_is_no_longer_scored()
    {
        // Cap £60,000. a £30,000: sheets (8,4) → 7 and (6,6) → 6, mean 6.5. b £20,000: (9,5) → 8 and
        // (7,3) → 6, mean 7. c £25,000: (5,5) → 5 and (7,7) → 7, mean 6. Before: b, a funded (£50,000), c not.
        var round = TestIds.New("withdraw");
        var secretary = TestIds.New("sec");
        var s1 = TestIds.New("s1");
        var s2 = TestIds.New("s2");
        var secretaryKey = await _api.CreateMember(secretary, "Governance Office");
        var k1 = await _api.CreateMember(s1, $"Org of {s1}");
        var k2 = await _api.CreateMember(s2, $"Org of {s2}");
        await _api.CreateRound(round, 60_000m);
        await _api.Appoint(round, secretary, "secretary");
        await _api.Appoint(round, s1, "scorer");
        await _api.Appoint(round, s2, "scorer");
        await _api.AddBid(round, "a", 30_000m);
        await _api.AddBid(round, "b", 20_000m);
        await _api.AddBid(round, "c", 25_000m);
        await _api.OpenScoring(round);
        await _api.Submit(round, "a", s1, k1, 8, 4);
        await _api.Submit(round, "a", s2, k2, 6, 6);
        await _api.Submit(round, "b", s1, k1, 9, 5);
        await _api.Submit(round, "c", s1, k1, 5, 5);
        await _api.Submit(round, "c", s2, k2, 7, 7);
        await _api.Submit(round, "b", s2, k2, 7, 3);
        var ranked = (await _api.Get($"/api/rounds/{round}/results", _api.AdminKey)).Is(HttpStatusCode.OK).Json["bids"]!.AsArray();
        Assert.Equal(["b", "a", "c"], ranked.Select(r => (string)r!["bidId"]!));

        var withdrawn = (await Delete($"/api/rounds/{round}/bids/b?reason=The%20sponsor%20withdrew%20it", secretaryKey)).Is(HttpStatusCode.OK);
        Assert.True((bool)withdrawn.Json["withdrawn"]!);
        Assert.Equal(2, (long)withdrawn.Json["version"]!);
        // Sent again (a retried DELETE): the same answer, nothing more in the audit.
        var length = await _api.AuditLength(round);
        (await Delete($"/api/rounds/{round}/bids/b?reason=Again", secretaryKey)).Is(HttpStatusCode.OK);
        Assert.Equal(length, await _api.AuditLength(round));
        (await _api.PutSheet(round, "b", s1, k1, new { scores = new { impact = 1, cost = 1 }, submit = true }))
            .Problem(HttpStatusCode.Conflict, "bidId");

        var bids = (await _api.Get($"/api/rounds/{round}/bids", k1)).Is(HttpStatusCode.OK).Json.AsArray();
        Assert.True((bool)bids.Single(b => (string?)b!["id"] == "b")!["withdrawn"]!);
        Assert.False((bool)bids.Single(b => (string?)b!["id"] == "a")!["withdrawn"]!);
        var committee = (await _api.Get($"/api/rounds/{round}/committee", secretaryKey)).Is(HttpStatusCode.OK).Json.AsArray();
        Assert.Equal(2, (int)committee.Single(m => (string?)m!["memberId"] == s1)!["progress"]!["expected"]!);

        await _api.CloseScoring(round);
        var results = (await _api.Get($"/api/rounds/{round}/results", k1)).Is(HttpStatusCode.OK).Json;
        var rows = results["bids"]!.AsArray();
        // After: a (6.5) funded, cumulative £30,000; c (6) funded, cumulative £55,000.
        Assert.Equal(["a", "c"], rows.Select(r => (string)r!["bidId"]!));
        Assert.Equal(6.5, (double)rows[0]!["weightedMean"]!, 9);
        Assert.Equal(6.0, (double)rows[1]!["weightedMean"]!, 9);
        Assert.Equal([true, true], rows.Select(r => (bool)r!["funded"]!));
        Assert.Equal(55_000m, (decimal)rows[1]!["cumulative"]!);
        Assert.Equal(55_000m, (decimal)results["fundedTotal"]!);
        // The withdrawal and its reason are in the audit; the bid's sheets are too.
        var audit = await Audit(round);
        Assert.Equal("The sponsor withdrew it", (string?)audit.Single(e => (string?)e!["action"] == "bidWithdrawn")!["why"]);
        Assert.Equal(2, audit.Count(e => (string?)e!["action"] == "sheetSubmitted" && (string?)e!["bidId"] == "b"));
        // Withdrawing after scoring has closed is the chair's decline, not a withdrawal.
        (await Delete($"/api/rounds/{round}/bids/a?reason=Late", secretaryKey)).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_removed_scorers_sheets_leave_the_results_and_stay_in_the_audit()
    {
        // One bid of £10,000. Sheets (8,8) → 8, (6,2) → 5, (4,4) → 4: mean 17/3. Without the third,
        // mean (8 + 5) / 2 = 6.5 and sample SD sqrt(((8 - 6.5)² + (5 - 6.5)²) / 1) = sqrt(4.5).
        var round = TestIds.New("seat");
        var secretary = TestIds.New("sec");
        var ids = new[] { TestIds.New("s1"), TestIds.New("s2"), TestIds.New("s3") };
        var secretaryKey = await _api.CreateMember(secretary, "Governance Office");
        var keys = new List<string>();
        foreach (var id in ids) keys.Add(await _api.CreateMember(id, $"Org of {id}"));
        await _api.CreateRound(round);
        await _api.Appoint(round, secretary, "secretary");
        foreach (var id in ids) await _api.Appoint(round, id, "scorer");
        await _api.AddBid(round, "x", 10_000m);
        await _api.OpenScoring(round);
        await _api.Submit(round, "x", ids[0], keys[0], 8, 8);
        await _api.Submit(round, "x", ids[1], keys[1], 6, 2);
        await _api.Submit(round, "x", ids[2], keys[2], 4, 4);
        var before = (await _api.Get($"/api/rounds/{round}/results", _api.AdminKey)).Is(HttpStatusCode.OK).Json["bids"]![0]!;
        Assert.Equal(17.0 / 3, (double)before["weightedMean"]!, 9);

        (await Delete($"/api/rounds/{round}/committee/{ids[2]}?reason=Left%20the%20CCG", secretaryKey)).Is(HttpStatusCode.NoContent);
        // A retried DELETE changes nothing more.
        (await Delete($"/api/rounds/{round}/committee/{ids[2]}?reason=Again", secretaryKey)).Is(HttpStatusCode.NoContent);

        var after = (await _api.Get($"/api/rounds/{round}/results", _api.AdminKey)).Is(HttpStatusCode.OK).Json["bids"]![0]!;
        Assert.Equal(2, (int)after["sheets"]!);
        Assert.Equal(6.5, (double)after["weightedMean"]!, 9);
        Assert.Equal(Math.Sqrt(4.5), (double)after["standardDeviation"]!, 9);
        // They have no part in the round now; their sheet is still in the audit.
        (await _api.Get($"/api/rounds/{round}", keys[2])).Problem(HttpStatusCode.NotFound);
        Assert.DoesNotContain(round, (await _api.Get("/api/rounds", keys[2])).Is(HttpStatusCode.OK).Text);
        var audit = await Audit(round);
        Assert.Single(audit, e => (string?)e!["action"] == "sheetSubmitted" && (string?)e!["memberId"] == ids[2]);
        var removed = audit.Single(e => (string?)e!["action"] == "seatRemoved")!;
        Assert.Equal("Left the CCG", (string?)removed["why"]);
        Assert.Equal(ids[2], (string?)removed["memberId"]);
    }

    [Fact]
    public async Task The_organisations_secretary_sets_up_rounds_and_members_until_the_administrator_removes_the_role()
    {
        var osec = TestIds.New("osec");
        var osecKey = await _api.CreateMember(osec, "Governance Office");
        var elsewhere = TestIds.New("elsewhere");
        await _api.CreateRound(elsewhere);
        (await _api.Post("/api/rounds", osecKey, new { name = "Mine", fundingCap = 1000, criteria = ApiClient.TwoCriteria })).Problem(HttpStatusCode.Forbidden);
        (await _api.Get($"/api/rounds/{elsewhere}", osecKey)).Problem(HttpStatusCode.NotFound);

        var granted = (await Patch($"/api/members/{osec}", _api.AdminKey, new { secretary = true, reason = "Appointed governance officer" })).Is(HttpStatusCode.OK);
        Assert.True((bool)granted.Json["secretary"]!);
        Assert.Equal(2, (long)granted.Json["version"]!);

        var round = TestIds.New("bysec");
        (await _api.Post("/api/rounds", osecKey, new
        {
            id = round, name = "BCF underspend", fundingCap = 250_000, criteria = ApiClient.TwoCriteria,
            scoringClosesAt = "2099-03-31T17:00:00Z",
        })).Is(HttpStatusCode.Created);
        var shown = (await _api.Get($"/api/rounds/{round}", osecKey)).Is(HttpStatusCode.OK).Json;
        Assert.Equal(DateTimeOffset.Parse("2099-03-31T17:00:00Z"), DateTimeOffset.Parse((string)shown["scoringClosesAt"]!));
        var member = TestIds.New("newbie");
        var created = (await _api.Post("/api/members", osecKey, new { id = member, name = "New Member", organisation = "Hilltop Practice", email = "new.member@example.org" }))
            .Is(HttpStatusCode.Created);
        var memberKey = (string)created.Json["apiKey"]!;
        (await _api.Post($"/api/members/{member}/key", osecKey)).Is(HttpStatusCode.OK);
        (await _api.Get($"/api/members/{member}", memberKey)).Problem(HttpStatusCode.Unauthorized);
        // Acts as secretary on every round, seated or not.
        (await _api.Get($"/api/rounds/{elsewhere}", osecKey)).Is(HttpStatusCode.OK);
        (await Patch($"/api/rounds/{elsewhere}", osecKey, new { name = "Renamed by the secretary", reason = "Board's title" })).Is(HttpStatusCode.OK);
        Assert.Contains(elsewhere, (await _api.Get("/api/rounds", osecKey)).Is(HttpStatusCode.OK).Text);
        // The email is for the officers and the member.
        Assert.Equal("new.member@example.org", (string?)(await _api.Get($"/api/members/{member}", osecKey)).Is(HttpStatusCode.OK).Json["email"]);
        // The role itself is the administrator's to give.
        (await Patch($"/api/members/{member}", osecKey, new { secretary = true, reason = "Help" })).Problem(HttpStatusCode.Forbidden);
        (await _api.Post("/api/backups", osecKey)).Problem(HttpStatusCode.Forbidden);

        // Removed: it counts from the next request, though the key was used a moment ago.
        (await Patch($"/api/members/{osec}", _api.AdminKey, new { secretary = false, reason = "Left the post" })).Is(HttpStatusCode.OK);
        (await _api.Post("/api/rounds", osecKey, new { name = "Mine", fundingCap = 1000, criteria = ApiClient.TwoCriteria })).Problem(HttpStatusCode.Forbidden);
        (await _api.Get($"/api/rounds/{elsewhere}", osecKey)).Problem(HttpStatusCode.NotFound);
        var history = (await _api.Get($"/api/members/{osec}", _api.AdminKey)).Is(HttpStatusCode.OK).Json["corrections"]!.AsArray();
        Assert.Equal(["Appointed governance officer", "Left the post"], history.Select(e => (string)e!["why"]!));
    }

    [Fact]
    public async Task A_member_whose_interest_ended_is_no_longer_conflicted_once_the_register_is_corrected()
    {
        var round = TestIds.New("ended");
        var member = TestIds.New("ash");
        var key = await _api.CreateMember(member, "City and Hackney CCG",
            new { organisation = "Riverside Trust", type = "pecuniary", description = "Spouse employed" });
        await _api.CreateRound(round);
        await _api.Appoint(round, member, "scorer");
        await _api.AddBid(round, "rb", 12_000m, sponsor: "Riverside Trust");
        await _api.OpenScoring(round);
        var sheet = new { scores = new { impact = 7, cost = 5 }, submit = true };
        (await _api.PutSheet(round, "rb", member, key, sheet)).Problem(HttpStatusCode.Forbidden);
        Assert.True((bool)(await _api.Get($"/api/rounds/{round}/bids/rb", key)).Is(HttpStatusCode.OK).Json["conflicted"]!);

        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
        var profile = (await Patch($"/api/members/{member}", _api.AdminKey, new
        {
            interests = new[] { new { organisation = "Riverside Trust", type = "pecuniary", description = "Spouse employed", endedOn = today } },
            reason = "Spouse left Riverside Trust",
            expectedVersion = 1,
        })).Is(HttpStatusCode.OK).Json;
        Assert.Equal(2, (long)profile["version"]!);
        // Kept on the register, marked ended.
        Assert.Equal(today, (string?)profile["interests"]![0]!["endedOn"]);

        Assert.False((bool)(await _api.Get($"/api/rounds/{round}/bids/rb", key)).Is(HttpStatusCode.OK).Json["conflicted"]!);
        (await _api.PutSheet(round, "rb", member, key, sheet)).Is(HttpStatusCode.OK);
        var line = (await Audit(round)).Single(e => (string?)e!["action"] == "registerCorrected")!;
        Assert.Equal("Spouse left Riverside Trust", (string?)line["why"]);
        Assert.Equal(member, (string?)line["memberId"]);
        Assert.Contains("Interest in Riverside Trust (pecuniary) ended", (string?)line["what"]);

        // A stale version, a date to come and a missing reason are refused and change nothing.
        (await Patch($"/api/members/{member}", _api.AdminKey, new { name = "Ash", reason = "Typing error", expectedVersion = 1 }))
            .Problem(HttpStatusCode.Conflict, "expectedVersion");
        (await Patch($"/api/members/{member}", _api.AdminKey, new
        {
            interests = new[] { new { organisation = "Hilltop", type = "pecuniary", description = "x", endedOn = "2999-01-01" } }, reason = "Future",
        })).Problem(HttpStatusCode.BadRequest, "interests[0].endedOn");
        (await Patch($"/api/members/{member}", _api.AdminKey, new { email = "not an address", reason = "x" })).Problem(HttpStatusCode.BadRequest, "email");
        (await Patch($"/api/members/{member}", _api.AdminKey, new { name = "Ash" })).Problem(HttpStatusCode.BadRequest, "reason");
        (await Patch($"/api/members/{member}", key, new { name = "Me", reason = "Mine" })).Problem(HttpStatusCode.Forbidden);
        Assert.Equal(2, await VersionOf($"/api/members/{member}"));
    }

    [Fact]
    public async Task The_deadline_is_set_and_moved_but_never_into_the_past()
    {
        var c = await Setup();
        (await Patch($"/api/rounds/{c.RoundId}", c.SecretaryKey, new { scoringClosesAt = "2020-01-01T00:00:00Z", reason = "Deadline" }))
            .Problem(HttpStatusCode.BadRequest, "scoringClosesAt");
        var moved = (await Patch($"/api/rounds/{c.RoundId}", c.SecretaryKey, new { scoringClosesAt = "2099-06-30T12:00:00Z", reason = "Deadline agreed" }))
            .Is(HttpStatusCode.OK).Json;
        Assert.Equal(DateTimeOffset.Parse("2099-06-30T12:00:00Z"), DateTimeOffset.Parse((string)moved["scoringClosesAt"]!));
        await _api.OpenScoring(c.RoundId);
        // The chair still closes scoring: nothing closes by itself.
        Assert.Equal("scoring", (string?)(await _api.Get($"/api/rounds/{c.RoundId}", c.ChairKey)).Json["status"]);
        (await Patch($"/api/rounds/{c.RoundId}", c.SecretaryKey, new { scoringClosesAt = "2099-07-31T12:00:00Z", fundingCap = 120_000, reason = "Extended" }))
            .Is(HttpStatusCode.OK);
        await _api.CloseScoring(c.RoundId, c.ChairKey);
        (await Patch($"/api/rounds/{c.RoundId}", c.SecretaryKey, new { fundingCap = 130_000, reason = "Late" })).Problem(HttpStatusCode.Conflict, "fundingCap");
        (await Patch($"/api/rounds/{c.RoundId}", c.SecretaryKey, new { name = "PIC 2026 (final)", reason = "Board's title" })).Is(HttpStatusCode.OK);
    }
}
