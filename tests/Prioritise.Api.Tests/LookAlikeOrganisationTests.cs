using System.Net;
using System.Text.Json.Nodes;

namespace Prioritise.Api.Tests;

/// <summary>
/// Issue 12 item 5 over HTTP: a member of "Homerton Trust" cannot score a bid whose recipient is
/// any of twelve look-alikes of it. Each is refused when the bid is added (400 naming the field,
/// nothing added), or added and then the member's sheet is refused as conflicted (403). Item 14:
/// member ids the service acts under are refused.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class LookAlikeOrganisationTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    private enum Caught { Refused, Conflicted }

    // The same twelve as the domain's LookAlikeOrganisationTests: the nine the issue names, then
    // zero-width non-joiner, ideographic spaces at both ends, and Greek omicron for 'o'.
    private static readonly (string What, string LookAlike, Caught Expected)[] Twelve =
    [
        ("zero-width space", "Homer\u200Bton Trust", Caught.Refused),
        ("zero-width joiner", "Homerton\u200D Trust", Caught.Refused),
        ("byte-order mark", "\uFEFFHomerton Trust", Caught.Refused),
        ("double inner space", "Homerton  Trust", Caught.Conflicted),
        ("no-break inner space", "Homerton\u00A0Trust", Caught.Conflicted),
        ("Cyrillic o", "H\u043Emerton Trust", Caught.Refused),
        ("soft hyphen", "Homer\u00ADton Trust", Caught.Refused),
        ("tag characters", "Homerton Trust\U000E0068\U000E0074", Caught.Refused),
        ("full-width letters", "\uFF28\uFF4F\uFF4D\uFF45\uFF52\uFF54\uFF4F\uFF4E \uFF34\uFF52\uFF55\uFF53\uFF54", Caught.Conflicted),
        ("zero-width non-joiner", "Homerton\u200C Trust", Caught.Refused),
        ("ideographic spaces at both ends", "\u3000Homerton Trust\u3000", Caught.Conflicted),
        ("Greek omicron", "H\u03BFmert\u03BFn Trust", Caught.Refused),
    ];

    private static object BidBody(string id, string recipient) => new
    {
        id, title = $"Bid {id}", workstream = "Planned Care", sponsoringOrganisation = "Hackney Council",
        recipientOrganisations = new[] { recipient }, amountRequested = 10_000m, summary = "A look-alike.",
    };

    [Fact]
    public async Task A_member_of_Homerton_Trust_can_score_none_of_twelve_look_alike_recipients()
    {
        var round = TestIds.New("lookalike");
        var member = TestIds.New("homerton");
        var key = await _api.CreateMember(member, "Homerton Trust");
        await _api.CreateRound(round);
        await _api.Appoint(round, member, "scorer");
        await _api.AddBid(round, "control", 10_000m, sponsor: "Hackney Council");

        var added = new List<(string Id, string What)>();
        for (var i = 0; i < Twelve.Length; i++)
        {
            var (what, lookAlike, expected) = Twelve[i];
            var id = $"lookalike-{i}";
            var before = await _api.Snapshot(round);
            var reply = await _api.Post($"/api/rounds/{round}/bids", _api.AdminKey, BidBody(id, lookAlike));
            if (expected == Caught.Refused)
            {
                reply.Problem(HttpStatusCode.BadRequest, "recipientOrganisations[0]");
                Assert.Equal(before, await _api.Snapshot(round)); // refused: no bid, no audit entry
            }
            else
            {
                reply.Is(HttpStatusCode.Created);
                added.Add((id, what));
            }
        }
        // Worked out from the list: four are legitimate text (spacing, width) and get in; eight are refused.
        Assert.Equal(["double inner space", "no-break inner space", "full-width letters", "ideographic spaces at both ends"],
            added.Select(a => a.What));

        await _api.OpenScoring(round);
        var bids = (await _api.Get($"/api/rounds/{round}/bids", key)).Is(HttpStatusCode.OK).Json.AsArray();
        Assert.Equal(5, bids.Count);
        foreach (var (id, what) in added)
        {
            Assert.True((bool)bids.Single(b => (string?)b!["id"] == id)!["conflicted"]!, what);
            var problem = (await _api.PutSheet(round, id, member, key, new { scores = new { impact = 9, cost = 9 }, comment = "Mine", submit = true }))
                .Problem(HttpStatusCode.Forbidden);
            Assert.Contains("Homerton Trust", (string?)problem["detail"] ?? "");
            (await _api.Get($"/api/rounds/{round}/bids/{id}/sheets/{member}", key)).Is(HttpStatusCode.NotFound);
        }
        // The member can score a bid that is not theirs: the 403s above are the conflict, not the member.
        Assert.False((bool)bids.Single(b => (string?)b!["id"] == "control")!["conflicted"]!);
        await _api.Submit(round, "control", member, key, impact: 9, cost: 9);
    }

    [Theory]
    [InlineData("Homerton\u200B Trust", "interests[0].organisation")]
    [InlineData("H\u043Emerton Trust", "interests[0].organisation")]
    public async Task A_look_alike_interest_is_refused_and_no_member_is_made(string organisation, string field)
    {
        var id = TestIds.New("interest");
        (await _api.Post("/api/members", _api.AdminKey, new
        {
            id, name = "Juniper", organisation = "Healthwatch Hackney",
            interests = new[] { new { organisation, type = "pecuniary", description = "Shares" } },
        })).Problem(HttpStatusCode.BadRequest, field);
        (await _api.Get($"/api/members/{id}", _api.AdminKey)).Is(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invisible_characters_in_a_member_name_or_round_name_are_400_naming_the_field()
    {
        var member = TestIds.New("zw");
        var problem = (await _api.Post("/api/members", _api.AdminKey, new { id = member, name = "Ash\u200B", organisation = "Hackney Council" }))
            .Problem(HttpStatusCode.BadRequest, "name");
        Assert.Contains("U+200B", ((JsonArray)problem["errors"]!["name"]!)[0]!.GetValue<string>());
        (await _api.Get($"/api/members/{member}", _api.AdminKey)).Is(HttpStatusCode.NotFound);

        var round = TestIds.New("zw");
        (await _api.Post("/api/rounds", _api.AdminKey, new
        {
            id = round, name = "\uFEFFPIC 2019", fundingCap = 1000, criteria = new[] { new { id = "a", name = "A", weight = 1 } },
        })).Problem(HttpStatusCode.BadRequest, "name");
        (await _api.Get($"/api/rounds/{round}", _api.AdminKey)).Is(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("Admin")]
    [InlineData("cli")]
    [InlineData("SYSTEM")]
    [InlineData("administrator")]
    [InlineData("anonymous")]
    public async Task A_member_id_the_service_acts_under_is_400_naming_id_and_no_member_is_made(string id)
    {
        var problem = (await _api.Post("/api/members", _api.AdminKey, new { id, name = "Mallory", organisation = "Hackney Council" }))
            .Problem(HttpStatusCode.BadRequest, "id");
        Assert.StartsWith("The id is reserved", ((JsonArray)problem["errors"]!["id"]!)[0]!.GetValue<string>());
        (await _api.Get($"/api/members/{id}", _api.AdminKey)).Is(HttpStatusCode.NotFound);
    }
}
