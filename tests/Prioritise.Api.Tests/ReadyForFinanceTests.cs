using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CsvHelper;

namespace Prioritise.Api.Tests;

/// <summary>
/// (issue 14) The chair's ready-for-finance mark over HTTP: who may give and withdraw it, any later
/// action withdraws it, finance's confirmation refused while the chair is mid-change or on a stale
/// version, and a session never marked confirmed as in v1. The round is <see cref="ModerationRound"/>:
/// cap GBP 100,000, a 40k, b 30k, c 20k, d 10k funded (exactly the cap), e 25k not.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class ReadyForFinanceTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    private static Task<Reply> Mark(ModerationRound m, string key, object? body = null) => m.ApiClient.Post(m.Path("/moderation/ready"), key, body ?? new { note = "Agreed at the meeting" });
    private static Task<Reply> Withdraw(ModerationRound m, string key) => m.ApiClient.Send(HttpMethod.Delete, m.Path("/moderation/ready"), key);

    [Fact]
    public async Task Only_the_chair_marks_or_withdraws_finance_scorers_secretary_and_admin_403_an_outsider_404()
    {
        var m = await ModerationRound.Build(_api);
        var secretary = TestIds.New("sec");
        var secretaryKey = await _api.CreateMember(secretary, "Governance office");
        await _api.Appoint(m.RoundId, secretary, "secretary");
        var outsider = TestIds.New("outsider");
        var outsiderKey = await _api.CreateMember(outsider, "Elsewhere");
        var before = await m.Everything();

        foreach (var key in new[] { m.FinanceKey, m.ScorerKey, secretaryKey, _api.AdminKey })
        {
            (await Mark(m, key)).Problem(HttpStatusCode.Forbidden);
            (await Withdraw(m, key)).Problem(HttpStatusCode.Forbidden);
        }
        (await Mark(m, outsiderKey)).Problem(HttpStatusCode.NotFound);
        (await Withdraw(m, outsiderKey)).Problem(HttpStatusCode.NotFound);
        (await m.ApiClient.Post(m.Path("/moderation/ready"), null, new { note = "x" })).Is(HttpStatusCode.Unauthorized);
        Assert.Equal(before, await m.Everything());

        var marked = await Mark(m, m.ChairKey);
        marked.Is(HttpStatusCode.OK);
        var ready = marked.Json["readyForFinance"]!.AsObject();
        Assert.Equal(m.ChairId, (string?)ready["by"]);
        Assert.Equal("Agreed at the meeting", (string?)ready["note"]);
        // Moderation starts at version 1; marking is a change of its own: 2, and the mark carries it.
        Assert.Equal(2, (long)ready["version"]!);
        Assert.Equal(2, (long)marked.Json["version"]!);
        Assert.False((bool)marked.Json["readyWithdrawn"]!);
        // Finance reads the mark where it reads the list.
        Assert.Equal(m.ChairId, (string?)(await m.Moderation(m.FinanceKey))["readyForFinance"]!["by"]);
    }

    [Fact]
    public async Task A_later_action_withdraws_the_mark_in_the_audit_and_finance_is_refused_409_until_the_chair_marks_again()
    {
        var m = await ModerationRound.Build(_api);
        (await Mark(m, m.ChairKey)).Is(HttpStatusCode.OK);
        var (_, moved) = await m.Take(new { type = "move", bidId = "e", after = "a", reason = "Committee priority" });
        Assert.Null(moved["readyForFinance"]);
        Assert.True((bool)moved["readyWithdrawn"]!);

        var audit = await _api.Get(m.Path("/audit"), m.FinanceKey);
        audit.Is(HttpStatusCode.OK);
        var kinds = audit.Json.AsArray().Select(e => (string?)e!["action"]).ToList();
        Assert.Equal(["readyForFinance", "moderationAction", "readyWithdrawn"], kinds.SkipWhile(k => k != "readyForFinance"));
        Assert.Equal("Ready for finance withdrawn: the chair changed the list (a1).", (string?)audit.Json.AsArray()[^1]!["what"]);

        var before = await m.Everything();
        var refused = (await m.Confirm(new { acceptOverCommitment = true, reason = "ok" })).Problem(HttpStatusCode.Conflict, "readyForFinance");
        Assert.Contains("The chair is still changing the list: it was marked ready for finance, then changed. Ask the chair to mark it ready again.",
            refused["errors"]!["readyForFinance"]!.AsArray().Select(x => (string?)x));
        Assert.Equal(before, await m.Everything());

        var again = await Mark(m, m.ChairKey, new { });
        again.Is(HttpStatusCode.OK);
        Assert.Null((string?)again.Json["readyForFinance"]!["note"]);
        // Order a, e, b, c, d: a 40k, e 65k, b 95k, then c would make 115k: funded 95k, headroom 5k.
        var decision = await m.Confirm(new { acceptOverCommitment = false, moderationVersion = (long)again.Json["version"]! });
        decision.Is(HttpStatusCode.Created);
        Assert.Equal(95_000m, (decimal)decision.Json["fundedTotal"]!);
        // The mark was for that decision: the confirmed session shows none.
        Assert.Null((await m.Moderation())["readyForFinance"]);
    }

    [Fact]
    public async Task A_stale_moderation_version_is_refused_409_and_changes_nothing()
    {
        var m = await ModerationRound.Build(_api);
        var marked = await Mark(m, m.ChairKey);
        var version = (long)marked.Json["version"]!;
        var before = await m.Everything();
        (await m.Confirm(new { acceptOverCommitment = false, moderationVersion = version - 1 })).Problem(HttpStatusCode.Conflict, "moderationVersion");
        Assert.Equal(before, await m.Everything());
        (await m.Confirm(new { acceptOverCommitment = false, moderationVersion = version })).Is(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_chair_withdraws_the_mark_with_delete_and_finance_cannot_confirm_then()
    {
        var m = await ModerationRound.Build(_api);
        // Withdrawing with no mark standing changes nothing.
        var idle = await m.ModerationText();
        (await Withdraw(m, m.ChairKey)).Is(HttpStatusCode.OK);
        Assert.Equal(idle, await m.ModerationText());

        (await Mark(m, m.ChairKey)).Is(HttpStatusCode.OK);
        // Marking again while the mark stands changes nothing either.
        var standing = await m.ModerationText();
        (await Mark(m, m.ChairKey, new { note = "again" })).Is(HttpStatusCode.OK);
        Assert.Equal(standing, await m.ModerationText());

        var withdrawn = await Withdraw(m, m.ChairKey);
        withdrawn.Is(HttpStatusCode.OK);
        Assert.Null(withdrawn.Json["readyForFinance"]);
        Assert.True((bool)withdrawn.Json["readyWithdrawn"]!);
        (await m.Confirm(new { acceptOverCommitment = false })).Problem(HttpStatusCode.Conflict, "readyForFinance");
        var last = (await _api.Get(m.Path("/audit"), m.ChairKey)).Json.AsArray()[^1]!;
        Assert.Equal(("readyWithdrawn", "Ready for finance withdrawn by the chair."), ((string?)last["action"], (string?)last["what"]));
    }

    [Fact]
    public async Task A_session_never_marked_is_confirmed_as_in_v1_and_a_confirmed_one_cannot_be_marked()
    {
        var m = await ModerationRound.Build(_api);
        (await m.Confirm(new { acceptOverCommitment = false, reason = "As v1" })).Is(HttpStatusCode.Created);
        (await Mark(m, m.ChairKey)).Problem(HttpStatusCode.Conflict);
        (await Withdraw(m, m.ChairKey)).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_note_is_checked_like_any_text()
    {
        var m = await ModerationRound.Build(_api);
        var before = await m.Everything();
        (await Mark(m, m.ChairKey, new { note = new string('x', 4001) })).Problem(HttpStatusCode.BadRequest, "note");
        Assert.Equal(before, await m.Everything());
    }
}

/// <summary>(issue 14) GET /api/rounds/{r}/audit.csv: what GET .../audit gives the reader, as CSV, narrowed by bid, member and kind.</summary>
[Collection(SharedSiloCollection.Name)]
public sealed class AuditCsvTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    public static List<string[]> Rows(string csv)
    {
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i)!).ToArray());
        return rows;
    }

    [Fact]
    public async Task The_ready_mark_and_a_move_read_as_hand_written_rows()
    {
        var m = await ModerationRound.Build(_api);
        await m.Take(new { type = "move", bidId = "e", after = "a", reason = "=Committee priority" });
        (await _api.Post(m.Path("/moderation/ready"), m.ChairKey, new { note = "Agreed" })).Is(HttpStatusCode.OK);

        var csv = await _api.Get(m.Path($"/audit.csv?memberId={m.ChairId}&kind=moderationAction"), m.FinanceKey);
        csv.Is(HttpStatusCode.OK);
        Assert.Equal("text/csv", csv.MediaType);
        var rows = Rows(csv.Text);
        Assert.Equal(["Entry", "When (UTC)", "Who", "Who (kind)", "Kind", "What", "Why", "Bid", "Member"], rows[0]);
        var move = Assert.Single(rows.Skip(1));
        // The reason starts with "=": written with a leading quote so no spreadsheet runs it.
        Assert.Equal([m.ChairId, "member", "Moderation action", "a1: Moved e after a.", "'=Committee priority", "e", ""], move[2..]);

        var all = Rows((await _api.Get(m.Path("/audit.csv"), m.ChairKey)).Text).Skip(1).ToList();
        var ready = all.Single(r => r[4] == "Marked ready for finance");
        // a 40k, e 25k (65k), b 30k (95k); c would make 115k: three funded, GBP 95,000 of 100,000.
        Assert.Equal([m.ChairId, "member", "Marked ready for finance",
            "The chair marked the list ready for finance: 3 bids funded, GBP 95,000.00 against a cap of GBP 100,000.00.", "Agreed", "", ""], ready[2..]);
        // Entries keep their place in the whole trail: the move's entry is the one before the mark.
        Assert.Equal(int.Parse(ready[0]) - 1, int.Parse(move[0]));
        Assert.Equal(all.Count, (await _api.Get(m.Path("/audit"), m.ChairKey)).Json.AsArray().Count);
    }

    [Fact]
    public async Task While_scoring_a_chairs_csv_carries_no_scores_or_comments_and_the_administrators_does()
    {
        var committee = await Committee.Build(_api);
        await _api.Submit(committee.RoundId, committee.BidId, committee.ScorerId, committee.ScorerKey, 9, 7);
        var chair = (await _api.Get($"/api/rounds/{committee.RoundId}/audit.csv", committee.ChairKey)).Is(HttpStatusCode.OK).Text;
        var sheet = Rows(chair).Single(r => r[4] == "Score sheet submitted");
        Assert.Equal(("Sheet submitted.", ""), (sheet[5], sheet[6]));
        Assert.DoesNotContain("impact=9", chair);
        var admin = (await _api.Get($"/api/rounds/{committee.RoundId}/audit.csv", _api.AdminKey)).Is(HttpStatusCode.OK).Text;
        Assert.Contains("impact=9", admin);
    }

    [Fact]
    public async Task A_scorer_is_refused_403_and_an_outsider_404()
    {
        var committee = await Committee.Build(_api);
        (await _api.Get($"/api/rounds/{committee.RoundId}/audit.csv", committee.ScorerKey)).Problem(HttpStatusCode.Forbidden);
        var outsiderKey = await _api.CreateMember(TestIds.New("outsider"), "Elsewhere");
        (await _api.Get($"/api/rounds/{committee.RoundId}/audit.csv", outsiderKey)).Problem(HttpStatusCode.NotFound);
    }
}
