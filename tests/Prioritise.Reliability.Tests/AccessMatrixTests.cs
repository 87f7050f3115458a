using System.Net;
using System.Text;
using Prioritise.Reliability.Tests.Support;

namespace Prioritise.Reliability.Tests;

/// <summary>
/// Every route against every kind of caller, in one table. The expected statuses were written by
/// reading the one policy, RoundPolicy (src/Prioritise.Domain/Rounds/RoundPolicy.cs: a caller with
/// no part in a round gets 404 on all of it), the blind rule (Disclosure: results are the
/// administrator's while scoring) and the fallback policy (a Bearer key on every route but
/// /health and the OpenAPI document).
///
/// Where a caller may act, the request is built so that it either succeeds harmlessly (fresh ids) or
/// is refused for a reason after the role check (409 wrong state or stale version, 400 bad amount),
/// so the table stays independent of the order of its cells: 409 and 400 mean "allowed, but".
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class AccessMatrixTests(SharedSilo shared, ITestOutputHelper output)
{
    private readonly ApiClient _api = shared.Api;

    // Secretary: seated as secretary on S, M and C (issue 14). OrgSecretary: the organisation-wide
    // secretary the administrator appointed, with no seat anywhere.
    private enum Who { NoKey, WrongKey, Admin, Scorer, Conflicted, Outsider, Chair, Finance, OtherRound, Secretary, OrgSecretary }

    private static readonly Who[] Everyone = Enum.GetValues<Who>();

    private sealed record Cell(string Method, string Path, Func<World, Who, object?>? Body, int[] Expected)
    {
        public string Name => $"{Method} {Path}";
    }

    private static Cell C(string method, string path, int[] expected, Func<World, Who, object?>? body = null) => new(method, path, body, expected);

    // Columns:                                    none wrong admin scorer confl outsider chair finance other secretary org-secretary
    private static readonly Cell[] Table =
    [
        C("GET",  "/health",                                  [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        C("GET",  "/openapi/v1.json",                         [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        C("POST", "/api/members",                             [401, 401, 201, 403, 403, 403, 403, 403, 403, 403, 201],
            (_, _) => new { id = TestIds.New("new"), name = "New", organisation = "New Org" }),
        C("GET",  "/api/members/{scorer}",                    [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 200]),
        C("POST", "/api/members/{victim}/key",                [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 200]),
        C("GET",  "/api/rounds",                              [401, 401, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        C("POST", "/api/rounds",                              [401, 401, 201, 403, 403, 403, 403, 403, 403, 403, 201],
            (_, _) => new { id = TestIds.New("new"), name = "New", fundingCap = 1000, criteria = ApiClient.TwoCriteria }),
        C("GET",  "/api/rounds/{S}",                          [401, 401, 200, 200, 200, 404, 200, 200, 404, 200, 200]),
        C("PUT",  "/api/rounds/{S}/committee/{appointee}",    [401, 401, 200, 403, 403, 404, 403, 403, 404, 200, 200],
            (_, _) => new { roles = new[] { "scorer" } }),
        C("GET",  "/api/rounds/{S}/committee",                [401, 401, 200, 403, 403, 404, 200, 403, 404, 200, 200]),
        C("POST", "/api/rounds/{S}/bids",                     [401, 401, 201, 403, 403, 404, 403, 403, 404, 201, 201],
            (_, _) => new { id = TestIds.New("bid"), title = "New", sponsoringOrganisation = "Somebody", amountRequested = 1000 }),
        C("GET",  "/api/rounds/{S}/bids",                     [401, 401, 200, 200, 200, 404, 200, 200, 404, 200, 200]),
        // The call for bids (issue 15). A bid with its application, as any bid; the form is read by anyone on the round.
        C("GET",  "/api/rounds/{S}/bids/b1",                  [401, 401, 200, 200, 200, 404, 200, 200, 404, 200, 200]),
        C("GET",  "/api/rounds/{S}/application-form",         [401, 401, 200, 200, 200, 404, 200, 200, 404, 200, 200]),
        // The form changes only in setup: 409 where the role may change it.
        C("PUT",  "/api/rounds/{S}/application-form",         [401, 401, 409, 403, 403, 404, 403, 403, 404, 409, 409],
            (_, _) => new { sections = new[] { new { id = "title", title = "Scheme title", kind = "text", required = true } } }),
        C("GET",  "/api/rounds/{S}/applications",             [401, 401, 200, 403, 403, 404, 200, 403, 404, 200, 200]),
        // Applying is an applicant's own: never the administrator's.
        C("POST", "/api/rounds/{S}/applications",             [401, 401, 403, 403, 403, 404, 403, 403, 404, 403, 403],
            (_, _) => new { title = "Matrix" }),
        C("POST", "/api/rounds/{S}/call",                     [401, 401, 200, 403, 403, 404, 403, 403, 404, 200, 200],
            (_, _) => new { closesAt = DateTimeOffset.UtcNow.AddDays(7) }),
        // Already scoring / already closed: 409 where the role may do it.
        C("POST", "/api/rounds/{S}/open-scoring",             [401, 401, 409, 403, 403, 404, 409, 403, 404, 403, 403]),
        C("POST", "/api/rounds/{M}/close-scoring",            [401, 401, 409, 403, 403, 404, 409, 403, 404, 403, 403]),
        // The same conflict is already recorded: 409 where the role may record one.
        C("POST", "/api/rounds/{S}/conflicts",                [401, 401, 409, 403, 403, 404, 409, 403, 404, 409, 409],
            (w, _) => new { memberId = w.Ids[Who.Conflicted], bidId = "b2", reason = "Recorded before" }),
        // Somebody else's sheet: only that member, never an admin.
        C("PUT",  "/api/rounds/{S}/bids/b2/sheets/{scorer}",  [401, 401, 403, 200, 403, 403, 403, 403, 403, 403, 403],
            (_, _) => new { scores = new { impact = 6, cost = 4 }, comment = "matrix", submit = true }),
        C("GET",  "/api/rounds/{S}/bids/b2/sheets/{scorer}",  [401, 401, 403, 200, 403, 403, 403, 403, 403, 403, 403]),
        // One's own sheet on b1: a scorer only, and not one conflicted on it.
        C("PUT",  "/api/rounds/{S}/bids/b1/sheets/{self}",    [401, 401, 403, 200, 403, 404, 403, 403, 404, 403, 403],
            (_, _) => new { scores = new { impact = 5, cost = 5 }, submit = true }),
        // Results while scoring is open: the administrator only (blind scoring); after it closes, the committee.
        // A caller with no part in a round gets 404 on it, as for a round that does not exist.
        C("GET",  "/api/rounds/{S}/results",                  [401, 401, 200, 403, 403, 404, 403, 403, 404, 403, 403]),
        C("GET",  "/api/rounds/{M}/results",                  [401, 401, 200, 200, 200, 404, 200, 200, 404, 200, 200]),
        C("GET",  "/api/rounds/{S}/audit",                    [401, 401, 200, 403, 403, 404, 200, 200, 404, 200, 200]),
        C("GET",  "/api/rounds/{S}/moderation",               [401, 401, 409, 403, 403, 404, 409, 409, 404, 403, 403]),
        C("GET",  "/api/rounds/{M}/moderation",               [401, 401, 200, 403, 403, 404, 200, 200, 404, 403, 403]),
        C("POST", "/api/rounds/{M}/moderation/actions",       [401, 401, 403, 403, 403, 404, 201, 403, 404, 403, 403],
            (_, _) => new { type = "condition", bidId = "ma", text = "Matrix condition", reason = "matrix" }),
        // A stale expectedVersion: finance may confirm, but not on a version it never read.
        C("POST", "/api/rounds/{M}/decisions",                [401, 401, 403, 403, 403, 404, 403, 409, 404, 403, 403],
            (_, _) => new { acceptOverCommitment = false, reason = "matrix", expectedVersion = 999_999 }),
        // (issue 16) The secretary reads decisions too: they record the bodies' resolutions on them.
        C("GET",  "/api/rounds/{M}/decisions",                [401, 401, 200, 403, 403, 404, 200, 200, 404, 200, 200]),
        C("GET",  "/api/rounds/{C}/decisions/1",              [401, 401, 200, 403, 403, 404, 200, 200, 404, 200, 200]),
        // After the decision (issue 16). C's decision is approved (it names no bodies): where a role may change the
        // governance, 409; a resolution names no body (404); an unknown condition, bid or application 404 past the role check.
        C("GET",  "/api/rounds/{C}/governance",               [401, 401, 200, 403, 403, 404, 200, 200, 404, 200, 200]),
        C("PUT",  "/api/rounds/{C}/governance",               [401, 401, 409, 403, 403, 404, 403, 403, 404, 409, 409],
            (_, _) => new { bodies = new[] { new { id = "icb", name = "Board", power = "approve" } } }),
        C("POST", "/api/rounds/{C}/decisions/1/resolutions",  [401, 401, 404, 403, 403, 404, 403, 403, 404, 404, 404],
            (_, _) => new { bodyId = "icb", outcome = "approved", meetingDate = "2018-09-14" }),
        C("GET",  "/api/rounds/{C}/conditions",               [401, 401, 200, 403, 403, 404, 200, 200, 404, 200, 200]),
        C("POST", "/api/rounds/{C}/conditions/nope/discharge", [401, 401, 403, 403, 403, 404, 404, 404, 404, 403, 403],
            (_, _) => new { outcome = "met", evidence = "matrix" }),
        C("POST", "/api/rounds/{C}/releases",                 [401, 401, 403, 403, 403, 404, 403, 404, 404, 403, 403],
            (_, _) => new { bidId = "nope", amount = 1 }),
        C("GET",  "/api/rounds/{C}/funding",                  [401, 401, 200, 403, 403, 404, 200, 200, 404, 200, 200]),
        C("POST", "/api/rounds/{C}/bids/nope/returns",        [401, 401, 403, 403, 403, 404, 403, 403, 404, 403, 403],
            (_, _) => new { period = "Q1", spent = 0 }),
        C("PUT",  "/api/rounds/{C}/bids/nope/feedback",       [401, 401, 403, 403, 403, 404, 404, 403, 404, 403, 403],
            (_, _) => new { text = "matrix" }),
        C("GET",  "/api/rounds/{C}/feedback",                 [401, 401, 200, 403, 403, 404, 200, 200, 404, 200, 200]),
        C("GET",  "/api/rounds/{C}/applications/nope/outcome", [401, 401, 403, 403, 403, 404, 403, 403, 404, 403, 403]),
        C("GET",  "/api/rounds/{C}/decisions/1/paper.docx",   [401, 401, 200, 403, 403, 404, 200, 200, 404, 200, 200]),
        // A cap of -1: finance may revise the cap, but not to that.
        C("POST", "/api/rounds/{M}/cap-revisions",            [401, 401, 403, 403, 403, 404, 403, 400, 404, 403, 403],
            (_, _) => new { fundingCap = -1, reason = "matrix" }),
        C("GET",  "/api/rounds/{C}/report.csv",               [401, 401, 200, 403, 403, 404, 200, 200, 404, 403, 403]),
        C("GET",  "/api/rounds/{C}/report.md",                [401, 401, 200, 403, 403, 404, 200, 200, 404, 403, 403]),
        C("GET",  "/api/rounds/{C}/report.xlsx",              [401, 401, 200, 403, 403, 404, 200, 200, 404, 403, 403]),
        // (issue 16) A decision's table is the secretary's to read too (they send the board paper); the live moderation is not.
        C("GET",  "/api/rounds/{C}/report.csv?decision=1",    [401, 401, 200, 403, 403, 404, 200, 200, 404, 200, 200]),
        C("GET",  "/api/rounds/{S}/report.csv",               [401, 401, 409, 403, 403, 404, 409, 409, 404, 403, 403]),
        C("GET",  "/api/rounds/{O}",                          [401, 401, 200, 404, 404, 404, 404, 404, 200, 404, 200]),
        C("GET",  "/api/rounds/{O}/bids",                     [401, 401, 200, 404, 404, 404, 404, 404, 200, 404, 200]),
        C("GET",  "/api/rounds/{O}/results",                  [401, 401, 200, 404, 404, 404, 404, 404, 403, 404, 403]),
        // Corrections (issue 14): the secretary's and the administrator's. A stale expectedVersion, or a
        // round in moderation, makes an allowed correction 409 and leaves everything as it was.
        C("PATCH", "/api/rounds/{S}",                         [401, 401, 409, 403, 403, 404, 403, 403, 404, 409, 409],
            (_, _) => new { name = "Matrix", reason = "matrix", expectedVersion = 999_999 }),
        C("GET",  "/api/rounds/{S}/bids/b1",                  [401, 401, 200, 200, 200, 404, 200, 200, 404, 200, 200]),
        C("PATCH", "/api/rounds/{S}/bids/b1",                 [401, 401, 409, 403, 403, 404, 403, 403, 404, 409, 409],
            (_, _) => new { title = "Matrix", reason = "matrix", expectedVersion = 999_999 }),
        C("DELETE", "/api/rounds/{M}/bids/ma?reason=matrix",  [401, 401, 409, 403, 403, 404, 403, 403, 404, 409, 409]),
        C("DELETE", "/api/rounds/{M}/committee/{appointee}?reason=matrix", [401, 401, 409, 403, 403, 404, 403, 403, 404, 409, 409]),
        C("PATCH", "/api/members/{victim}",                   [401, 401, 409, 403, 403, 403, 403, 403, 403, 403, 409],
            (_, _) => new { name = "Victim", reason = "matrix", expectedVersion = 999_999 }),
        C("POST", "/api/backups",                             [401, 401, 201, 403, 403, 403, 403, 403, 403, 403, 403]),
    ];

    [Fact]
    public async Task Every_route_against_every_caller_answers_as_the_table_says()
    {
        var world = await World.Build(_api);
        var mismatches = new List<string>();
        var matrix = new StringBuilder();
        matrix.AppendLine($"{"route",-50} {string.Join(" ", Everyone.Select(w => $"{w,10}"))}");
        foreach (var cell in Table)
        {
            Assert.True(cell.Expected.Length == Everyone.Length, $"{cell.Name}: {cell.Expected.Length} columns");
            var actual = new List<int>();
            foreach (var who in Everyone)
            {
                var path = world.Fill(cell.Path, who);
                var reply = await _api.Send(new HttpMethod(cell.Method), path, world.Keys[who], cell.Body?.Invoke(world, who));
                var status = (int)reply.Status;
                actual.Add(status);
                var expected = cell.Expected[(int)who];
                if (status != expected)
                    mismatches.Add($"{cell.Name} as {who}: expected {expected}, got {reply}");
                else if (status >= 400 && path.StartsWith("/api", StringComparison.Ordinal) && reply.MediaType != "application/problem+json")
                    mismatches.Add($"{cell.Name} as {who}: {status} without problem details: {reply}");
            }
            matrix.AppendLine($"{cell.Name,-50} {string.Join(" ", actual.Select(s => $"{s,10}"))}");
        }
        output.WriteLine(matrix.ToString());
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} cells differ from the table:{Environment.NewLine}{string.Join(Environment.NewLine, mismatches)}");

        // What the allowed answers show: nobody sees rounds they do not sit on, and a scorer sees
        // only their own sheet, no score of anyone else's in the bid list.
        async Task<List<string>> RoundsOf(Who who) =>
            (await _api.Json("/api/rounds", world.Keys[who])).AsArray().Select(r => (string)r!["id"]!).Order().ToList();
        Assert.Empty(await RoundsOf(Who.Outsider));
        Assert.Equal([world.Rounds["O"]], await RoundsOf(Who.OtherRound));
        Assert.Equal(new[] { world.Rounds["S"], world.Rounds["M"], world.Rounds["C"] }.Order(), await RoundsOf(Who.Scorer));
        Assert.Equal(new[] { world.Rounds["S"], world.Rounds["M"], world.Rounds["C"] }.Order(), await RoundsOf(Who.Secretary));
        Assert.Superset(world.Rounds.Values.ToHashSet(), (await RoundsOf(Who.OrgSecretary)).ToHashSet());
        var bids = (await _api.Json($"/api/rounds/{world.Rounds["S"]}/bids", world.Keys[Who.Scorer])).ToJsonString();
        Assert.DoesNotContain("scores", bids, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("weightedMean", bids, StringComparison.OrdinalIgnoreCase);
        var own = await _api.Json($"/api/rounds/{world.Rounds["S"]}/bids/b2/sheets/{world.Ids[Who.Scorer]}", world.Keys[Who.Scorer]);
        Assert.Equal(world.Ids[Who.Scorer], (string?)own["memberId"]);
    }

    private sealed record World(Dictionary<Who, string?> Keys, Dictionary<Who, string> Ids, Dictionary<string, string> Rounds, string Victim, string Appointee)
    {
        public string Fill(string path, Who who)
        {
            foreach (var (name, id) in Rounds) path = path.Replace($"{{{name}}}", id);
            return path.Replace("{scorer}", Ids[Who.Scorer]).Replace("{self}", Ids[who])
                .Replace("{victim}", Victim).Replace("{appointee}", Appointee);
        }

        public static async Task<World> Build(ApiClient api)
        {
            var ids = new Dictionary<Who, string>
            {
                [Who.NoKey] = "nobody", [Who.WrongKey] = "nobody", [Who.Admin] = "admin",
                [Who.Scorer] = TestIds.New("scorer"), [Who.Conflicted] = TestIds.New("conflicted"),
                [Who.Outsider] = TestIds.New("outsider"), [Who.Chair] = TestIds.New("chair"),
                [Who.Finance] = TestIds.New("finance"), [Who.OtherRound] = TestIds.New("other"),
                [Who.Secretary] = TestIds.New("secretary"), [Who.OrgSecretary] = TestIds.New("orgsec"),
            };
            var keys = new Dictionary<Who, string?> { [Who.NoKey] = null, [Who.Admin] = api.AdminKey };
            foreach (var who in new[] { Who.Scorer, Who.Outsider, Who.Chair, Who.Finance, Who.OtherRound, Who.Secretary, Who.OrgSecretary })
                keys[who] = await api.CreateMember(ids[who], $"Org of {ids[who]}");
            (await api.Send(HttpMethod.Patch, $"/api/members/{ids[Who.OrgSecretary]}", api.AdminKey,
                new { secretary = true, reason = "Governance officer" })).Is(HttpStatusCode.OK);
            // Works for a provider the first bid goes to: conflicted on it by organisation.
            keys[Who.Conflicted] = await api.CreateMember(ids[Who.Conflicted], "Riverside Trust");
            // Shaped like the scorer's key, with another secret.
            keys[Who.WrongKey] = ids[Who.Scorer] + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
            var victim = TestIds.New("victim");
            var appointee = TestIds.New("appointee");
            await api.CreateMember(victim, "Victim Org");
            await api.CreateMember(appointee, "Appointee Org");

            // S: scoring open. The conflicted scorer works for b1's provider; a conflict on b2 is
            // recorded by hand; the scorer has a sheet on b2.
            var s = TestIds.New("S");
            await api.CreateRound(s);
            foreach (var who in new[] { Who.Scorer, Who.Conflicted }) await api.Appoint(s, ids[who], "scorer");
            await api.Appoint(s, ids[Who.Chair], "chair");
            await api.Appoint(s, ids[Who.Finance], "finance");
            await api.Appoint(s, ids[Who.Secretary], "secretary");
            await api.AddBid(s, "b1", 20_000m, sponsor: "Riverside Trust");
            await api.AddBid(s, "b2", 30_000m, sponsor: "Hilltop Practice");
            (await api.Post($"/api/rounds/{s}/conflicts", api.AdminKey,
                new { memberId = ids[Who.Conflicted], bidId = "b2", reason = "Recorded before" })).Is(HttpStatusCode.Created);
            await api.OpenScoring(s);
            await api.Submit(s, "b2", ids[Who.Scorer], keys[Who.Scorer]!, impact: 7, cost: 3);

            // M: scored and closed, in moderation. C: the same, and confirmed as decision 1.
            (string, decimal, int)[] bids = [("ma", 40_000m, 8), ("mb", 30_000m, 6)];
            var scorers = ((ids[Who.Scorer], keys[Who.Scorer]!), (ids[Who.Conflicted], keys[Who.Conflicted]!));
            var m = await ModerationRig.Build(api, TestIds.New("M"), 100_000m, bids, scorers.Item1, scorers.Item2, ids[Who.Chair]);
            await api.Appoint(m.RoundId, ids[Who.Finance], "finance");
            await api.Appoint(m.RoundId, ids[Who.Secretary], "secretary");
            await api.Appoint(m.RoundId, appointee, "scorer");
            var c = await ModerationRig.Build(api, TestIds.New("C"), 100_000m, bids, scorers.Item1, scorers.Item2, ids[Who.Chair]);
            await api.Appoint(c.RoundId, ids[Who.Finance], "finance");
            await api.Appoint(c.RoundId, ids[Who.Secretary], "secretary");
            (await api.Post($"/api/rounds/{c.RoundId}/decisions", keys[Who.Finance], new { reason = "Within the pot" })).Is(HttpStatusCode.Created);

            // O: another round, on which only the other member sits.
            var o = TestIds.New("O");
            await api.CreateRound(o);
            await api.Appoint(o, ids[Who.OtherRound], "scorer");
            await api.AddBid(o, "ob", 5_000m);
            await api.OpenScoring(o);

            return new World(keys, ids, new Dictionary<string, string> { ["S"] = s, ["M"] = m.RoundId, ["C"] = c.RoundId, ["O"] = o }, victim, appointee);
        }
    }
}
