using System.Net;
using System.Text.RegularExpressions;

namespace Prioritise.Api.Tests;

/// <summary>
/// The set-up and correction pages (issue 14) over plain HTTP, as a browser sends them: a round
/// created from the form, CSV imports that list every bad row and import nothing, keys issued by
/// POST-redirect-GET and shown once, and who may see the pages at all.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed partial class SetupPageTests(SharedSilo fixture)
{
    private readonly ApiClient _api = fixture.Api;

    private Task<PageSession> SignedIn(string key) => PageSession.SignedIn(fixture.Silo.BaseAddress, key);

    private const string Token = "__RequestVerificationToken";

    private static void Redirected(HttpResponseMessage response, string to)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"expected a redirect, got {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result[..Math.Min(2000, response.Content.ReadAsStringAsync().Result.Length)]}");
        Assert.Equal(to, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_administrator_creates_a_round_through_the_page_form_with_criteria_weights_and_their_shares()
    {
        using var admin = await SignedIn(_api.AdminKey);
        var id = TestIds.New("page-round");
        var token = await admin.Token("/rounds/new");
        var created = await admin.Post("/rounds/new", new()
        {
            [Token] = token, ["Form.Id"] = id, ["Form.Name"] = "Winter pressures 2026", ["Form.FundingCap"] = "£250,000.50",
            ["Form.ScaleMin"] = "1", ["Form.ScaleMax"] = "10", ["Form.HighBelow"] = "2.25", ["Form.MediumBelow"] = "2.95",
            ["Form.Policy"] = "SkipAndContinue", ["Form.ScoringClosesAt"] = "2030-01-15T17:00",
            ["Form.Criteria[0].Name"] = "Impact", ["Form.Criteria[0].Weight"] = "50",
            ["Form.Criteria[1].Name"] = "Value for money", ["Form.Criteria[1].Weight"] = "30",
            ["Form.Criteria[2].Name"] = "Deliverability", ["Form.Criteria[2].Weight"] = "20",
            ["Form.Criteria[3].Name"] = "", ["Form.Criteria[3].Weight"] = "",
        });
        Redirected(created, $"/rounds/{id}/setup");

        var round = (await _api.Get($"/api/rounds/{id}", _api.AdminKey)).Is(HttpStatusCode.OK).Json;
        Assert.Equal(250_000.50m, round["fundingCap"]!.GetValue<decimal>());
        Assert.Equal("skipAndContinue", (string?)round["fundingLinePolicy"]);
        var criteria = round["criteria"]!.AsArray();
        Assert.Equal(["impact", "value-for-money", "deliverability"], criteria.Select(c => (string)c!["id"]!).ToArray());
        Assert.Equal([50m, 30m, 20m], criteria.Select(c => c!["weight"]!.GetValue<decimal>()).ToArray());

        // The set-up page works the shares out as the script does: 50 of 100 is 50.0%, and so on.
        var (status, page, _) = await admin.Get($"/rounds/{id}/setup");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("£250,000.50", page);
        Assert.Matches(@"id=""weights-total""[^>]*>100<", page);
        foreach (var share in new[] { "50.0%", "30.0%", "20.0%" }) Assert.Contains($">{share}</output>", page);
        // 17 o'clock in January is 17:00 UTC (no summer time).
        Assert.Contains("15 January 2030, 17:00", page);
    }

    [Fact]
    public async Task A_round_without_scoring_is_created_from_the_page_with_no_criteria_and_its_mode_locks_once_moderation_starts()
    {
        using var admin = await SignedIn(_api.AdminKey);
        var id = TestIds.New("page-none");
        var (_, newPage, _) = await admin.Get("/rounds/new");
        // The question, scored by default.
        Assert.Contains("How are bids decided?", newPage);
        Assert.Matches(@"<input type=""radio"" id=""scoring-Scored"" name=""Form.Scoring"" value=""Scored"" checked=""checked""", newPage);
        var created = await admin.Post("/rounds/new", new()
        {
            [Token] = await admin.Token("/rounds/new"), ["Form.Id"] = id, ["Form.Name"] = "BCF underspend", ["Form.FundingCap"] = "200000",
            ["Form.Scoring"] = "None", ["Form.Criteria[0].Name"] = "", ["Form.Criteria[0].Weight"] = "",
        });
        Redirected(created, $"/rounds/{id}/setup");
        var round = (await _api.Get($"/api/rounds/{id}", _api.AdminKey)).Is(HttpStatusCode.OK).Json;
        Assert.Equal("none", (string?)round["scoring"]);
        Assert.Empty(round["criteria"]!.AsArray());

        // In setup the settings page may change it; made scored without criteria, the refusal says why.
        var (_, setup, _) = await admin.Get($"/rounds/{id}/setup");
        Assert.Matches(@"<input type=""radio"" id=""scoring-None"" name=""Form.Scoring"" value=""None"" checked=""checked""", setup);
        var form = Fields(setup, "<form method=\"post\" novalidate>");
        Assert.Equal("None", form["Form.Scoring"]);
        form["Form.Scoring"] = "Scored";
        form["Form.Reason"] = "Score it after all.";
        var refused = await admin.Post($"/rounds/{id}/setup", form);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("A scored round needs at least one criterion", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal("none", (string?)(await _api.Get($"/api/rounds/{id}", _api.AdminKey)).Json["scoring"]);

        // The chair is offered "Start moderation", not "Open scoring", and starts it.
        var chairId = TestIds.New("chair");
        var chairKey = await _api.CreateMember(chairId, "City and Hackney CCG");
        await _api.Appoint(id, chairId, "chair");
        using var chair = await SignedIn(chairKey);
        var (status, chairPage, _) = await chair.Get($"/rounds/{id}/chair");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Start moderation", chairPage);
        Assert.DoesNotContain("Open scoring", chairPage);
        var started = await chair.Post($"/rounds/{id}/chair?handler=Close", new() { [Token] = await chair.Token($"/rounds/{id}/chair") });
        Assert.True((int)started.StatusCode is >= 300 and < 400, $"expected a redirect, got {(int)started.StatusCode}");
        Assert.Equal("moderation", (string?)(await _api.Get($"/api/rounds/{id}", _api.AdminKey)).Json["status"]);

        // Out of setup, the mode is shown read-only with the rule's reason.
        var (_, locked, _) = await admin.Get($"/rounds/{id}/setup");
        Assert.Contains("Whether the round is scored can be changed only while the round is being set up.", WebUtility.HtmlDecode(locked));
        Assert.Matches(@"id=""scoring-None"" name=""scoring-shown"" value=""None"" checked=""checked"" disabled=""disabled""", locked);
        Assert.DoesNotContain("id=\"scoring-Scored\"", locked);
        Assert.Contains("<input type=\"hidden\" name=\"Form.Scoring\" value=\"None\">", locked);
        // With no criteria to show, the criteria are locked as well (the lock's probe adds one).
        Assert.Contains("Criteria and weights can be changed only while the round is being set up.", WebUtility.HtmlDecode(locked));
        Assert.DoesNotContain("Add another criterion", locked);
    }

    [Fact]
    public async Task Without_the_script_the_page_works_out_the_total_and_shares_and_adds_a_row()
    {
        using var admin = await SignedIn(_api.AdminKey);
        var token = await admin.Token("/rounds/new");
        var response = await admin.Post("/rounds/new?handler=Recalculate", new()
        {
            [Token] = token, ["Form.Name"] = "Draft", ["Form.FundingCap"] = "1000",
            ["Form.Criteria[0].Name"] = "Impact", ["Form.Criteria[0].Weight"] = "1",
            ["Form.Criteria[1].Name"] = "Cost", ["Form.Criteria[1].Weight"] = "2",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        // 1 of 3 is 33.3%, 2 of 3 is 66.7%; a third, blank row for another criterion.
        Assert.Matches(@"id=""weights-total""[^>]*>3<", page);
        Assert.Contains(">33.3%</output>", page);
        Assert.Contains(">66.7%</output>", page);
        Assert.Contains("name=\"Form.Criteria[2].Name\"", page);
    }

    [Fact]
    public async Task A_round_form_with_mistakes_says_so_beside_each_field_in_the_committees_words_and_creates_nothing()
    {
        using var admin = await SignedIn(_api.AdminKey);
        var id = TestIds.New("bad-round");
        var token = await admin.Token("/rounds/new");
        var response = await admin.Post("/rounds/new", new()
        {
            [Token] = token, ["Form.Id"] = id, ["Form.Name"] = "Bad", ["Form.FundingCap"] = "0",
            ["Form.Criteria[0].Name"] = "Impact", ["Form.Criteria[0].Weight"] = "0",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("There is a problem", page);
        // The validators' own words since the refusals were put in the committee's words (issue 14 item 11).
        Assert.Contains("Funding cap must be more than zero.", page);
        Assert.Contains("Criterion weights must be more than zero.", page);
        Assert.DoesNotContain("'fundingCap'", page);
        (await _api.Get($"/api/rounds/{id}", _api.AdminKey)).Is(HttpStatusCode.NotFound);
    }

    [GeneratedRegex(@"<tr><td class=""num"">(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>")]
    private static partial Regex ProblemRow();

    [Fact]
    public async Task A_csv_import_with_bad_rows_lists_each_problem_by_line_and_column_and_imports_nothing()
    {
        var committee = await Committee.Build(_api, openScoring: false);
        using var admin = await SignedIn(_api.AdminKey);
        var path = $"/rounds/{committee.RoundId}/setup/import";
        var bad = """
            id,title,sponsoringOrganisation,amountRequested
            falls,Falls prevention,Age UK,"35,000"
            ,No id,Hackney CVS,12000
            spiro,Spirometry,Homerton,18000.50
            """;
        var response = await admin.Post(path + "?handler=Bids", new() { [Token] = await admin.Token(path), ["Text"] = bad });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        var rows = ProblemRow().Matches(page).Select(m => (Line: m.Groups[1].Value, Column: m.Groups[2].Value, What: WebUtility.HtmlDecode(m.Groups[3].Value))).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(("2", "The amount requested"), (rows[0].Line, rows[0].Column));
        Assert.StartsWith("'35,000' is not an amount in pounds", rows[0].What);
        Assert.Equal(("3", "The short id"), (rows[1].Line, rows[1].Column));
        Assert.Contains("There are 2 problems in the pasted text; nothing was imported.", page);
        // The good row was not imported either: the round still has its one bid.
        Assert.Single((await _api.Get($"/api/rounds/{committee.RoundId}/bids", _api.AdminKey)).Is(HttpStatusCode.OK).Json.AsArray());

        var good = """
            id,title,sponsoringOrganisation,amountRequested
            falls,Falls prevention,Age UK,35000
            spiro,Spirometry,Homerton,18000.50
            """;
        var imported = await admin.Post(path + "?handler=Bids", new() { [Token] = await admin.Token(path), ["Text"] = good });
        Redirected(imported, path);
        var bids = (await _api.Get($"/api/rounds/{committee.RoundId}/bids", _api.AdminKey)).Json.AsArray();
        Assert.Equal(3, bids.Count);
        Assert.Equal(18_000.50m, bids.Single(b => (string?)b!["id"] == "spiro")!["amountRequested"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Members_imported_from_the_page_are_registered_and_seated_with_their_roles_and_a_bad_file_changes_nothing()
    {
        var committee = await Committee.Build(_api, openScoring: false);
        using var admin = await SignedIn(_api.AdminKey);
        var path = $"/rounds/{committee.RoundId}/setup/import";
        var alex = TestIds.New("alex");
        var sam = TestIds.New("sam");
        var bad = $"""
            id,name,organisation,interests,roles,email
            {alex},Alex Morgan,Homerton Hospital,pecuniary:Homerton Hospital:Director,scorer,alex.morgan@nhs.net
            {sam},Sam Lee,Hackney CVS,,judge,
            """;
        var refused = await admin.Post(path + "?handler=Members", new() { [Token] = await admin.Token(path), ["Text"] = bad });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var rows = ProblemRow().Matches(await refused.Content.ReadAsStringAsync()).ToList();
        Assert.Equal("3", Assert.Single(rows).Groups[1].Value);
        Assert.Contains("&#x27;judge&#x27; is not a role", rows[0].Groups[3].Value);
        (await _api.Get($"/api/members/{alex}", _api.AdminKey)).Is(HttpStatusCode.NotFound);

        var good = bad.Replace("judge", "scorer; chair");
        Redirected(await admin.Post(path + "?handler=Members", new() { [Token] = await admin.Token(path), ["Text"] = good }), path);
        var seats = (await _api.Get($"/api/rounds/{committee.RoundId}/committee", _api.AdminKey)).Is(HttpStatusCode.OK).Json.AsArray();
        Assert.Contains(seats, s => s!.ToJsonString().Contains(alex));
        Assert.Contains(seats, s => s!.ToJsonString().Contains(sam) && s.ToJsonString().Contains("chair"));
        // The optional email column (issue 17) reaches the member's record.
        var alexRecord = (await _api.Get($"/api/members/{alex}", _api.AdminKey)).Is(HttpStatusCode.OK).Json;
        Assert.Equal("alex.morgan@nhs.net", (string?)alexRecord["email"]);
        // Registered members are on the members page, ready to be issued a key.
        var (_, members, _) = await admin.Get("/members");
        Assert.Contains("Alex Morgan", members);
    }

    [GeneratedRegex(@"id=""the-key"" class=""key-once"" readonly rows=""2"" spellcheck=""false"">([^<]+)</textarea>")]
    private static partial Regex ShownKey();

    [Fact]
    public async Task Issuing_a_key_asks_first_then_redirects_and_a_reload_issues_no_new_key_nor_shows_it_again()
    {
        var committee = await Committee.Build(_api);
        using var admin = await SignedIn(_api.AdminKey);
        var confirm = $"/members/{committee.Scorer2Id}/key";
        var (status, asked, _) = await admin.Get(confirm);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("This stops", asked);
        // Asking changed nothing: the old key still works.
        (await _api.Get($"/api/members/{committee.Scorer2Id}", committee.Scorer2Key)).Is(HttpStatusCode.OK);

        var issued = await admin.Post(confirm, new() { [Token] = await admin.Token(confirm) });
        Redirected(issued, $"/members/{committee.Scorer2Id}/key/issued");
        Assert.DoesNotContain(committee.Scorer2Id + ".", issued.Headers.Location!.OriginalString);
        Assert.False(issued.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.Contains(committee.Scorer2Id + ".")));

        var (_, shown, shownResponse) = await admin.Get($"/members/{committee.Scorer2Id}/key/issued");
        var key = WebUtility.HtmlDecode(ShownKey().Match(shown).Groups[1].Value);
        Assert.StartsWith(committee.Scorer2Id + ".", key);
        Assert.Contains("no-store", shownResponse.Headers.CacheControl!.ToString());
        (await _api.Get($"/api/members/{committee.Scorer2Id}", key)).Is(HttpStatusCode.OK);
        (await _api.Get($"/api/members/{committee.Scorer2Id}", committee.Scorer2Key)).Is(HttpStatusCode.Unauthorized);

        // A reload: no key on the page, and none issued (the key just shown still works).
        var (again, reloaded, _) = await admin.Get($"/members/{committee.Scorer2Id}/key/issued");
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.DoesNotMatch(ShownKey(), reloaded);
        Assert.Contains("already been shown", reloaded);
        (await _api.Get($"/api/members/{committee.Scorer2Id}", key)).Is(HttpStatusCode.OK);

        // Another session never sees a key this one issued.
        using var other = await SignedIn(_api.AdminKey);
        var issuedAgain = await admin.Post(confirm, new() { [Token] = await admin.Token(confirm) });
        Redirected(issuedAgain, $"/members/{committee.Scorer2Id}/key/issued");
        Assert.DoesNotMatch(ShownKey(), (await other.Get($"/members/{committee.Scorer2Id}/key/issued")).Body);
    }

    [Fact]
    public async Task Scorers_and_chairs_get_no_set_up_forms_members_no_register_and_an_outsider_learns_nothing_of_the_round()
    {
        var committee = await Committee.Build(_api, openScoring: false);
        var outsiderId = TestIds.New("outsider");
        var outsiderKey = await _api.CreateMember(outsiderId, "Elsewhere Trust");
        var r = committee.RoundId;
        var setupPages = new[] { $"/rounds/{r}/setup", $"/rounds/{r}/setup/bids", $"/rounds/{r}/setup/bids/{committee.BidId}", $"/rounds/{r}/setup/import" };

        using var scorer = await SignedIn(committee.ScorerKey);
        foreach (var page in setupPages.Append($"/rounds/{r}/setup/committee").Concat(["/members", "/rounds/new", $"/members/{committee.ChairId}/key"]))
            Assert.Equal(HttpStatusCode.Forbidden, (await scorer.Get(page)).Status);
        Assert.DoesNotContain("Set-up", (await scorer.Get($"/rounds/{r}")).Body);
        Assert.DoesNotContain("New round", (await scorer.Get("/rounds")).Body);

        // A valid token from a page the scorer may see, aimed at the set-up forms: refused, nothing changed.
        var before = await _api.Snapshot(r);
        var token = await scorer.Token("/rounds");
        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.Post($"/rounds/{r}/setup/bids", new()
            { [Token] = token, ["Bid.Title"] = "Sneaky", ["Bid.SponsoringOrganisation"] = "X", ["Bid.AmountRequested"] = "1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.Post($"/members/{committee.ChairId}/key", new() { [Token] = token })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.Post($"/rounds/{r}/setup/import?handler=Bids", new()
            { [Token] = token, ["Text"] = "id,title,sponsoringOrganisation,amountRequested\nx,X,Y,1" })).StatusCode);
        Assert.Equal(before, await _api.Snapshot(r));
        (await _api.Get($"/api/members/{committee.ChairId}", committee.ChairKey)).Is(HttpStatusCode.OK);

        // The chair records conflicts on the committee page, but sets nothing up.
        using var chair = await SignedIn(committee.ChairKey);
        foreach (var page in setupPages) Assert.Equal(HttpStatusCode.Forbidden, (await chair.Get(page)).Status);
        var (status, committeePage, _) = await chair.Get($"/rounds/{r}/setup/committee");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Record the conflict", committeePage);
        Assert.DoesNotContain("Add to the committee", committeePage);
        Assert.DoesNotContain("Change roles", committeePage);

        using var outsider = await SignedIn(outsiderKey);
        foreach (var page in setupPages.Append($"/rounds/{r}/setup/committee"))
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.Get(page)).Status);
    }

    [Fact]
    public async Task The_rounds_secretary_corrects_a_weight_and_a_bid_and_withdraws_a_bid_each_with_a_reason()
    {
        var committee = await Committee.Build(_api, openScoring: false);
        var r = committee.RoundId;
        var secretaryId = TestIds.New("secretary");
        var secretaryKey = await _api.CreateMember(secretaryId, "Council governance");
        await _api.Appoint(r, secretaryId, "secretary");
        await _api.AddBid(r, "extra", 5_000m);
        using var secretary = await SignedIn(secretaryKey);
        Assert.Contains("Set-up", (await secretary.Get($"/rounds/{r}")).Body);

        // The round's settings come back as they are, with one weight changed.
        var (_, setup, _) = await secretary.Get($"/rounds/{r}/setup");
        var form = Fields(setup, "<form method=\"post\" novalidate>");
        var weight = form.Keys.Single(k => k.StartsWith("Form.Criteria[0].Weight", StringComparison.Ordinal));
        form[weight] = "7.5";
        var withoutReason = await secretary.Post($"/rounds/{r}/setup", form);
        Assert.Equal(HttpStatusCode.OK, withoutReason.StatusCode);
        Assert.Contains("There is a problem", await withoutReason.Content.ReadAsStringAsync());
        form["Form.Reason"] = "The panel agreed impact counts more.";
        Redirected(await secretary.Post($"/rounds/{r}/setup", form), $"/rounds/{r}/setup");
        var round = (await _api.Get($"/api/rounds/{r}", _api.AdminKey)).Json;
        Assert.Equal(7.5m, round["criteria"]![0]!["weight"]!.GetValue<decimal>());

        // A bid's amount corrected, with its reason.
        var bidPath = $"/rounds/{r}/setup/bids/{committee.BidId}";
        var bidForm = Fields((await secretary.Get(bidPath)).Body, "<form method=\"post\" class=\"panel\" novalidate>");
        bidForm["Bid.AmountRequested"] = "27,500";
        bidForm["Bid.Reason"] = "The applicant's revised costing.";
        Redirected(await secretary.Post(bidPath, bidForm), bidPath);
        var bids = (await _api.Get($"/api/rounds/{r}/bids", _api.AdminKey)).Json.AsArray();
        Assert.Equal(27_500m, bids.Single(b => (string?)b!["id"] == committee.BidId)!["amountRequested"]!.GetValue<decimal>());

        // A bid withdrawn, with its reason: kept on record, marked withdrawn.
        var extraPath = $"/rounds/{r}/setup/bids/extra";
        var token = await secretary.Token(extraPath);
        Redirected(await secretary.Post(extraPath + "?handler=Withdraw", new() { [Token] = token, ["WithdrawReason"] = "The applicant withdrew it." }),
            $"/rounds/{r}/setup/bids");
        var extra = (await _api.Get($"/api/rounds/{r}/bids", _api.AdminKey)).Json.AsArray().Single(b => (string?)b!["id"] == "extra")!;
        Assert.True(extra["withdrawn"]!.GetValue<bool>());
    }

    [GeneratedRegex(@"<input [^>]*name=""([^""]+)""[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex(@"value=""([^""]*)""")]
    private static partial Regex ValueAttribute();

    [GeneratedRegex(@"<textarea [^>]*name=""([^""]+)""[^>]*>([^<]*)</textarea>")]
    private static partial Regex TextArea();

    /// <summary>The form's fields as a browser would send them back (text, hidden, checked radios; textareas).</summary>
    private static Dictionary<string, string> Fields(string page, string formStart)
    {
        var start = page.IndexOf(formStart, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {formStart} on the page");
        var form = page[start..page.IndexOf("</form>", start, StringComparison.Ordinal)];
        var fields = new Dictionary<string, string>();
        foreach (Match m in InputTag().Matches(form))
        {
            var tag = m.Value;
            if ((tag.Contains("type=\"radio\"") || tag.Contains("type=\"checkbox\"")) && !tag.Contains("checked")) continue;
            if (tag.Contains("disabled")) continue;
            fields[WebUtility.HtmlDecode(m.Groups[1].Value)] = WebUtility.HtmlDecode(ValueAttribute().Match(tag) is { Success: true } v ? v.Groups[1].Value : "");
        }
        foreach (Match m in TextArea().Matches(form)) fields[m.Groups[1].Value] = WebUtility.HtmlDecode(m.Groups[2].Value.TrimStart('\n', '\r'));
        return fields;
    }
}
