using System.Net;

namespace Prioritise.Api.Tests;

/// <summary>
/// Inviting an applicant from the set-up committee page (issue 15 item 2): the secretary seats a
/// registered member with the one role Applicant, who may then read the round's applications (their
/// own); a member already seated is not quietly stripped of their roles; a scorer may not invite.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class InviteApplicantPageTests(SharedSilo fixture)
{
    private readonly ApiClient _api = fixture.Api;
    private const string Token = "__RequestVerificationToken";

    [Fact]
    public async Task The_secretary_invites_a_registered_member_to_apply_and_a_scorer_may_not()
    {
        var round = TestIds.New("invite");
        string secretary = TestIds.New("sec"), scorer = TestIds.New("scorer"), applicant = TestIds.New("appl");
        var secretaryKey = await _api.CreateMember(secretary, "City and Hackney CCG");
        var scorerKey = await _api.CreateMember(scorer, "Neutral Org");
        var applicantKey = await _api.CreateMember(applicant, "Workstream Trust");
        await _api.CreateRound(round);
        await _api.Appoint(round, secretary, "secretary");
        await _api.Appoint(round, scorer, "scorer");
        var path = $"/rounds/{round}/setup/committee";

        using var page = await PageSession.SignedIn(fixture.Silo.BaseAddress, secretaryKey);
        var (status, body, _) = await page.Get(path);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Invite an applicant", body);

        var invited = await page.Post(path + "?handler=Invite", new() { [Token] = await page.Token(path), ["inviteMemberId"] = applicant });
        Assert.True(invited.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"expected a redirect, got {(int)invited.StatusCode}: {await invited.Content.ReadAsStringAsync()}");
        var seat = (await _api.Get($"/api/rounds/{round}/committee", secretaryKey)).Is(HttpStatusCode.OK).Json.AsArray()
            .Single(s => s!.ToJsonString().Contains(applicant))!;
        Assert.Contains("applicant", seat.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("scorer", seat.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        (await _api.Get($"/api/rounds/{round}/applications", applicantKey)).Is(HttpStatusCode.OK);

        // The scorer, already seated, is not made an applicant only: the page says where to go instead.
        var seated = await page.Post(path + "?handler=Invite", new() { [Token] = await page.Token(path), ["inviteMemberId"] = scorer });
        Assert.Equal(HttpStatusCode.OK, seated.StatusCode);
        Assert.Contains("already on the committee", await seated.Content.ReadAsStringAsync());
        var scorerSeat = (await _api.Get($"/api/rounds/{round}/committee", secretaryKey)).Json.AsArray().Single(s => s!.ToJsonString().Contains(scorer))!;
        Assert.Contains("scorer", scorerSeat.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        using var scorerPage = await PageSession.SignedIn(fixture.Silo.BaseAddress, scorerKey);
        var token = await scorerPage.Token("/rounds");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await scorerPage.Post(path + "?handler=Invite", new() { [Token] = token, ["inviteMemberId"] = TestIds.New("nobody") })).StatusCode);
    }
}
