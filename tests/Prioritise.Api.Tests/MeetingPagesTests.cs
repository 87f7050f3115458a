using System.Net;
using System.Text.RegularExpressions;

namespace Prioritise.Api.Tests;

/// <summary>
/// (issue 14) The meeting's pages through a browser-like client (<see cref="PageSession"/>):
/// finance's moderated list and the ready mark, the moderation board's "move after", the audit
/// page's filters and CSV, the decision page. Figures are the published 2018 table (docs/domain.md)
/// or worked by hand on <see cref="ModerationRound"/> (cap GBP 100,000; a 40k, b 30k, c 20k, d 10k, e 25k).
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed partial class MeetingPagesTests(SharedSilo fixture)
{
    private readonly ApiClient _api = fixture.Api;

    private async Task<string> IssueKey(string memberId)
    {
        var reply = await _api.Post($"/api/members/{memberId}/key", _api.AdminKey);
        reply.Is(HttpStatusCode.OK);
        return (string)reply.Json["apiKey"]!;
    }

    private Task<PageSession> SignedIn(string key) => PageSession.SignedIn(fixture.Silo.BaseAddress, key);

    private static async Task<string> Page(PageSession session, string path)
    {
        var (status, body, _) = await session.Get(path);
        Assert.True(status == HttpStatusCode.OK, $"GET {path} answered {(int)status}");
        // As a person reads it: Razor writes "£" and "'" as character references.
        return WebUtility.HtmlDecode(body);
    }

    [GeneratedRegex("<tr[^>]*data-bid=\"([^\"]+)\"")]
    private static partial Regex BidRow();

    /// <summary>The bid ids of one table's rows, in order.</summary>
    private static List<string> Rows(string html, string tableId)
    {
        var start = html.IndexOf($"id=\"{tableId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table #{tableId}");
        var table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        return BidRow().Matches(table).Select(m => m.Groups[1].Value).ToList();
    }

    private static string Section(string html, string tableId)
    {
        var start = html.IndexOf($"id=\"{tableId}\"", StringComparison.Ordinal);
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Finance_sees_the_2018_moderated_list_it_confirmed_eleven_bids_at_1559000_not_the_analysis_ten()
    {
        using var birch = await SignedIn(await IssueKey("birch"));
        var html = await Page(birch, "/rounds/pic-2018/finance");
        var table = Section(html, "moderated");
        // The published order (docs/domain.md): eleven funded, the line after the Healthier City and Hackney Fund.
        var rows = Rows(html, "moderated");
        Assert.Equal(17, rows.Count);
        Assert.Equal(11, Regex.Matches(table, "<span class=\"tag green\">Funded</span>").Count);
        Assert.Equal("healthier-city-hackney-fund", rows[10]);
        Assert.Contains("Funded: 11 bids", table);
        // 35 + 225 + 511 + 154 (joint) + 66 + 100 + 148 + 20 + 50 + 250 = 1,559k; 59k over the 1.5M pot.
        Assert.Contains("<strong>£1,559,000</strong>", table);
        Assert.Contains("Over the cap by", table);
        Assert.Contains("£59,000", table);
        // Spirometry: requested 75k, awarded 20k; the joint award across the two mental health schemes.
        Assert.Matches(new Regex("data-bid=\"spirometry\"[\\s\\S]*?£75,000[\\s\\S]*?£20,000"), table);
        Assert.Contains("£154,000 across the group", table);
        Assert.Contains("Condition: ", table);
        // The analysis stays, headed as what it is.
        Assert.Contains("Before moderation: the analysis of the scores", html);
        Assert.Contains("Decision 1 is confirmed", html);
        Assert.DoesNotContain("Confirm decision", html);
    }

    [Fact]
    public async Task The_decision_page_shows_who_confirmed_the_over_commitment_and_why_the_frozen_table_and_conditions()
    {
        var birchKey = await IssueKey("birch");
        using var birch = await SignedIn(birchKey);
        var html = await Page(birch, "/rounds/pic-2018/decisions/1");
        Assert.Contains("<h1>Decision 1</h1>", html);
        Assert.Contains("Confirmed by birch", html);
        Assert.Contains("Over-commitment of £59,000 knowingly accepted.", html);
        Assert.Contains("The money is non-recurrent", html);
        Assert.Equal(17, Rows(html, "frozen").Count);
        Assert.Contains("<strong>£1,559,000</strong>", Section(html, "frozen"));
        Assert.Contains("Hospice at home:</strong> ", html);
        Assert.Matches(new Regex("<a [^>]*id=\"decision-xlsx\"[^>]*>"), html);
        Assert.Contains("format=xlsx", Regex.Match(html, "<a [^>]*id=\"decision-xlsx\"[^>]*>").Value);
        var (status, _, download) = await birch.Get("/rounds/pic-2018/decisions/1?handler=Report&format=csv");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);

        using var ash = await SignedIn(await IssueKey("ash"));
        await Page(ash, "/rounds/pic-2018/decisions/1");
        Assert.Equal(HttpStatusCode.NotFound, (await ash.Get("/rounds/pic-2018/decisions/2")).Status);
        using var cedar = await SignedIn(await IssueKey("cedar"));
        Assert.Equal(HttpStatusCode.Forbidden, (await cedar.Get("/rounds/pic-2018/decisions/1")).Status);
        using var outsider = await SignedIn(await _api.CreateMember(TestIds.New("outsider"), "Elsewhere"));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Get("/rounds/pic-2018/decisions/1")).Status);
    }

    [Fact]
    public async Task The_chair_moves_after_marks_ready_and_only_then_finance_has_the_confirm_form_which_sends_the_version_shown()
    {
        var m = await ModerationRound.Build(_api);
        using var chair = await SignedIn(m.ChairKey);
        var board = await Page(chair, $"/rounds/{m.RoundId}/moderation");
        foreach (var label in new[] { "Reason for moving", "Reason for the award", "Reason for setting the line here", "Reason for declining", "Move after", "Rank before moderation" })
            Assert.Contains(label, board);
        Assert.DoesNotContain("Version", board);

        using var finance = await SignedIn(m.FinanceKey);
        var before = await Page(finance, $"/rounds/{m.RoundId}/finance");
        Assert.DoesNotContain("Confirm decision 1", before);
        Assert.Contains("The chair has not marked the list ready for finance", before);

        // e (ranked 5) after a: one action, where up and down took three.
        var token = await chair.Token($"/rounds/{m.RoundId}/moderation");
        var moved = await chair.Post($"/rounds/{m.RoundId}/moderation?handler=Move", new()
        {
            ["__RequestVerificationToken"] = token, ["bidId"] = "e", ["direction"] = "after", ["moveAfter"] = "a",
            ["reason"] = "The committee's priority", ["version"] = "1",
        });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        board = await Page(chair, $"/rounds/{m.RoundId}/moderation");
        Assert.Equal(["a", "e", "b", "c", "d"], Rows(board, "board"));
        Assert.Contains("Moved from 5", board);
        Assert.Contains("Changes so far: 1", board);

        var marked = await chair.Post($"/rounds/{m.RoundId}/moderation?handler=Ready",
            new() { ["__RequestVerificationToken"] = await chair.Token($"/rounds/{m.RoundId}/moderation"), ["note"] = "As agreed" });
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);

        var ready = await Page(finance, $"/rounds/{m.RoundId}/finance");
        Assert.Contains("marked this list ready", ready);
        Assert.Equal(["a", "e", "b", "c", "d"], Rows(ready, "moderated"));
        // a 40k, e 25k (65k), b 30k (95k); c would make 115k: 95k funded, 5k headroom.
        Assert.Contains("<strong>£95,000</strong>", Section(ready, "moderated"));
        Assert.Contains("Confirm decision 1", ready);
        var version = (long)(await m.Moderation())["version"]!;
        Assert.Contains($"name=\"version\" value=\"{version}\"", ready);

        var confirmed = await finance.Post($"/rounds/{m.RoundId}/finance?handler=Confirm", new()
        {
            ["__RequestVerificationToken"] = await finance.Token($"/rounds/{m.RoundId}/finance"), ["reason"] = "", ["version"] = version.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var decision = await Page(finance, $"/rounds/{m.RoundId}/decisions/1");
        Assert.Contains($"Confirmed by {m.FinanceId}", decision);
        Assert.Contains("Headroom £5,000.", decision);
        Assert.Equal(["a", "e", "b", "c", "d"], Rows(decision, "frozen"));
    }

    [Fact]
    public async Task A_confirm_sent_from_a_page_shown_before_a_change_is_refused_in_words_and_changes_nothing()
    {
        var m = await ModerationRound.Build(_api);
        var marked = await _api.Post(m.Path("/moderation/ready"), m.ChairKey, new { });
        var shown = (long)marked.Json["version"]!;
        using var finance = await SignedIn(m.FinanceKey);
        var token = await finance.Token($"/rounds/{m.RoundId}/finance");
        await m.Take(new { type = "decline", bidId = "d", reason = "Duplicates b" });
        var before = await m.Everything();
        var refused = await finance.Post($"/rounds/{m.RoundId}/finance?handler=Confirm",
            new() { ["__RequestVerificationToken"] = token, ["version"] = shown.ToString() });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("The chair is still changing the list", html);
        Assert.Contains("The chair marked the list ready, then changed it.", html);
        Assert.DoesNotContain("Confirm decision 1", html);
        Assert.Equal(before, await m.Everything());
    }

    [Fact]
    public async Task After_a_cap_revision_decision_2_shows_decision_1_beside_it_and_what_changed()
    {
        var m = await ModerationRound.Build(_api);
        (await m.Confirm(new { acceptOverCommitment = false })).Is(HttpStatusCode.Created);
        (await _api.Post(m.Path("/cap-revisions"), m.FinanceKey, new { fundingCap = 60_000m, reason = "In-year pressure" })).Is(HttpStatusCode.Created);
        // Under GBP 60k the cap line funds a (40k) and stops at b (70k): b, c and d are out.
        (await m.Confirm(new { acceptOverCommitment = false })).Is(HttpStatusCode.Created);

        using var finance = await SignedIn(m.FinanceKey);
        var html = await Page(finance, $"/rounds/{m.RoundId}/decisions/2");
        Assert.Contains("What changed since decision 1", html);
        Assert.Contains("Finance revised the cap from £100,000 to £60,000: In-year pressure", html);
        Assert.Contains("Cap: £100,000 in decision 1, £60,000 now. Funded: £100,000, then £40,000.", html);
        var newlyOut = html[html.IndexOf("id=\"newly-out\"", StringComparison.Ordinal)..];
        newlyOut = newlyOut[..newlyOut.IndexOf("</ul>", StringComparison.Ordinal)];
        Assert.Equal(["Bid b (was £30,000)", "Bid c (was £20,000)", "Bid d (was £10,000)"],
            Regex.Matches(newlyOut, "<li>([^<]+)</li>").Select(x => x.Groups[1].Value));
        Assert.Equal(["a", "b", "c", "d", "e"], Rows(html, "earlier"));
        Assert.Equal(["a", "b", "c", "d", "e"], Rows(html, "frozen"));
        Assert.Contains("<strong>£40,000</strong>", Section(html, "frozen"));

        var first = await Page(finance, $"/rounds/{m.RoundId}/decisions/1");
        Assert.Contains("Superseded", first);
        Assert.Contains("<strong>£100,000</strong>", Section(first, "frozen"));
    }

    [Fact]
    public async Task The_audit_page_filters_by_kind_bid_and_member_and_downloads_what_it_shows()
    {
        var m = await ModerationRound.Build(_api);
        await m.Take(new { type = "move", bidId = "e", after = "a", reason = "Committee priority" });
        await m.Take(new { type = "award", bidId = "b", amount = 25_000m, reason = "Phase one" });
        using var finance = await SignedIn(m.FinanceKey);

        var all = await Page(finance, $"/rounds/{m.RoundId}/audit");
        var total = (await _api.Get(m.Path("/audit"), m.FinanceKey)).Json.AsArray().Count;
        Assert.Equal(total, Regex.Matches(all, "<tr data-kind=").Count);

        var moves = await Page(finance, $"/rounds/{m.RoundId}/audit?kind=moderationAction");
        Assert.Equal(2, Regex.Matches(moves, "<tr data-kind=\"moderationAction\"").Count);
        Assert.Equal(2, Regex.Matches(moves, "<tr data-kind=").Count);
        Assert.Contains($"2 of {total} entries match.", moves);

        // Bid b: added by the administrator, two sheets, the award.
        var b = await Page(finance, $"/rounds/{m.RoundId}/audit?bid=b");
        Assert.Contains("Partial award of GBP 25,000.00 to b.", b);
        Assert.DoesNotContain("Moved e after a.", b);
        Assert.Equal(4, Regex.Matches(b, "<tr data-kind=").Count);

        var byChair = await Page(finance, $"/rounds/{m.RoundId}/audit?member={m.ChairId}&kind=moderationAction&bid=e");
        Assert.Single(Regex.Matches(byChair, "<tr data-kind="));
        Assert.Contains("Committee priority", byChair);

        var (status, csv, response) = await finance.Get($"/rounds/{m.RoundId}/audit?handler=Csv&kind=moderationAction");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = AuditCsvTests.Rows(csv).Skip(1).ToList();
        Assert.Equal(["a1: Moved e after a.", "a2: Partial award of GBP 25,000.00 to b."], rows.Select(r => r[5]));

        using var scorer = await SignedIn(m.ScorerKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.Get($"/rounds/{m.RoundId}/audit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.Get($"/rounds/{m.RoundId}/audit?handler=Csv")).Status);
    }

    [Fact]
    public async Task While_scoring_the_chairs_audit_page_shows_who_submitted_but_no_scores_or_comments()
    {
        var committee = await Committee.Build(_api);
        await _api.PutSheet(committee.RoundId, committee.BidId, committee.ScorerId, committee.ScorerKey,
            new { scores = new { impact = 9, cost = 7 }, comment = "Strong case for prevention", submit = true });
        using var chair = await SignedIn(committee.ChairKey);
        var html = await Page(chair, $"/rounds/{committee.RoundId}/audit");
        Assert.Contains("Sheet submitted.", html);
        Assert.DoesNotContain("impact=9", html);
        Assert.DoesNotContain("Strong case for prevention", html);
        var (csvStatus, csv, _) = await chair.Get($"/rounds/{committee.RoundId}/audit?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, csvStatus);
        Assert.Contains("Sheet submitted.", csv);
        Assert.DoesNotContain("impact=9", csv);
        Assert.DoesNotContain("Strong case for prevention", csv);
    }
}
