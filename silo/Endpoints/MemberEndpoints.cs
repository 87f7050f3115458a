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
            RoundPolicy.RequireAdministrator(api.Caller.IsAdmin);
            var command = body ?? throw DomainException.Invalid("body", "A request body is required.");
            // The key is made from the id, so an id that is no id is refused before any key is.
            var id = command.Id is null ? Ids.New() : RouteIds.Check(command.Id, "id");
            var (key, hash) = MemberKeys.Issue(id);
            await api.Member(id).Register(command, hash);
            // The key is shown here once; only its hash is kept.
            return TypedResults.Created($"/api/members/{id}", new MemberCreated(id, key));
        })
            .WithSummary("Register a member (administrator) with their register of interests; their personal key is shown once.")
            .ProducesProblems(400, 403, 409, 413);

        members.MapGet("/{id}", async (string id, [AsParameters] ApiServices api) =>
        {
            var caller = api.Caller;
            RoundPolicy.RequireProfileReader(caller.IsAdmin, caller.Id, id);
            var member = api.Member(id);
            var profile = await member.GetProfile() ?? throw DomainException.NotFound("id", $"No member '{id}'.");
            return TypedResults.Ok(new { profile.Id, profile.Name, profile.Organisation, profile.Interests, Rounds = await member.GetRounds() });
        })
            .WithSummary("A member's profile and register of interests (the administrator, or the member), never their key.")
            .ProducesProblems(400, 403, 404);

        // Issues a new personal key (the old one stops working): for seeded members, or a lost key.
        members.MapPost("/{id}/key", async (string id, [AsParameters] ApiServices api) =>
        {
            RoundPolicy.RequireAdministrator(api.Caller.IsAdmin);
            var (key, hash) = MemberKeys.Issue(id);
            await api.Member(id).ReplaceKey(hash);
            return TypedResults.Ok(new MemberCreated(id, key));
        })
            .WithSummary("Issue a member a new personal key (administrator); the old one stops working.")
            .ProducesProblems(400, 403, 404);
    }
}
