using Prioritise.Domain;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;
using Prioritise.Grains.Security;

namespace Prioritise.Silo.Endpoints;

public static class MemberEndpoints
{
    public static void MapMembers(this IEndpointRouteBuilder app)
    {
        var members = app.MapGroup("/api/members").WithTags("Members").WithRouteIdChecks();

        members.MapPost("/", async (CreateMember? body, [AsParameters] ApiServices api) =>
        {
            RoundPolicy.RequireSecretaryOrAdministrator(api.Caller.IsAdmin, api.Caller.IsSecretary);
            var command = body ?? throw DomainException.Invalid("body", "A request body is required.");
            // The key is made from the id, so an id that is no id is refused before any key is.
            var id = command.Id is null ? Ids.New() : RouteIds.Check(command.Id, "id");
            var (key, hash) = MemberKeys.Issue(id);
            await api.Member(id).Register(command, hash);
            // The key is shown here once; only its hash is kept.
            return TypedResults.Created($"/api/members/{id}", new MemberCreated(id, key));
        })
            .WithSummary("Register a member (administrator or the organisation's committee secretary) with their register of interests; their personal key is shown once.")
            .ProducesProblems(400, 403, 409, 413);

        members.MapGet("/{id}", async (string id, [AsParameters] ApiServices api) =>
        {
            var caller = api.Caller;
            RoundPolicy.RequireProfileReader(caller.IsAdmin, caller.IsSecretary, caller.Id, id);
            var member = api.Member(id);
            var profile = await member.GetProfile() ?? throw DomainException.NotFound("id", $"No member '{id}'.");
            return TypedResults.Ok(await MemberResponse.For(profile, member, caller));
        })
            .WithSummary("A member's profile, register of interests and version (the administrator, the organisation's committee secretary, or the member), never their key.")
            .ProducesProblems(400, 403, 404);

        members.MapPatch("/{id}", async (string id, CorrectMember? body, [AsParameters] ApiServices api) =>
        {
            var member = api.Member(id);
            var profile = await member.Correct(api.Caller, body ?? throw DomainException.Invalid("body", "A request body is required."));
            return TypedResults.Ok(await MemberResponse.For(profile, member, api.Caller));
        })
            .WithSummary("Correct a member's record (the organisation's committee secretary, administrator), with a reason: name, organisation, email, register of interests (an interest may carry endedOn); the secretary role only by the administrator.")
            .ProducesProblems(400, 403, 404, 409, 413);

        // Issues a new personal key (the old one stops working): for seeded members, or a lost key.
        members.MapPost("/{id}/key", async (string id, [AsParameters] ApiServices api) =>
        {
            var caller = api.Caller;
            RoundPolicy.RequireSecretaryOrAdministrator(caller.IsAdmin, caller.IsSecretary);
            // A key is the member's whole identity: a secretary may not take over another secretary's.
            var target = await api.Member(id).GetProfile();
            RoundPolicy.RequireKeyIssuer(caller.IsAdmin, caller.Id, id, target?.Secretary == true);
            var (key, hash) = MemberKeys.Issue(id);
            await api.Member(id).ReplaceKey(hash);
            return TypedResults.Ok(new MemberCreated(id, key));
        })
            .WithSummary("Issue a member a new personal key (administrator or the organisation's committee secretary); the old one stops working.")
            .ProducesProblems(400, 403, 404);
    }
}
