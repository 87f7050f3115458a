using Prioritise.Domain;
using Prioritise.Domain.Validation;
using Prioritise.Grains;
using Prioritise.Grains.Security;
using Prioritise.Silo.Auth;

namespace Prioritise.Silo.Endpoints;

public static class MemberEndpoints
{
    public static void MapMembers(this IEndpointRouteBuilder app)
    {
        var members = app.MapGroup("/api/members").WithTags("Members");

        members.MapPost("/", async (CreateMember? body, HttpContext http, IGrainFactory grains) =>
        {
            RequireAdmin(http);
            var command = Validate.Check(new CreateMemberValidator(), body);
            var id = command.Id ?? Ids.New();
            var (key, hash) = MemberKeys.Issue(id);
            await grains.Member(id).Register(command.ToProfile(id), hash);
            // The key is shown here once; only its hash is kept.
            return TypedResults.Created($"/api/members/{id}", new MemberCreated(id, key));
        });

        members.MapGet("/{id}", async (string id, HttpContext http, IGrainFactory grains) =>
        {
            RouteIds.Check(id, "id");
            var caller = http.User.Caller();
            if (!caller.IsAdmin && !caller.Is(id)) throw DomainException.Forbidden("You may read only your own profile.");
            var member = grains.Member(id);
            var profile = await member.GetProfile() ?? throw DomainException.NotFound("id", $"No member '{id}'.");
            return TypedResults.Ok(new { profile.Id, profile.Name, profile.Organisation, profile.Interests, Rounds = await member.GetRounds() });
        });

        // Issues a new personal key (the old one stops working): for seeded members, or a lost key.
        members.MapPost("/{id}/key", async (string id, HttpContext http, IGrainFactory grains) =>
        {
            RouteIds.Check(id, "id");
            RequireAdmin(http);
            var (key, hash) = MemberKeys.Issue(id);
            await grains.Member(id).ReplaceKey(hash);
            return TypedResults.Ok(new MemberCreated(id, key));
        });
    }

    public static void RequireAdmin(HttpContext http)
    {
        if (!http.User.Caller().IsAdmin) throw DomainException.Forbidden("Only an administrator may do this.");
    }
}
