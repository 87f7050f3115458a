using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Validation;
using Prioritise.Grains;
using Prioritise.Silo.Auth;

namespace Prioritise.Silo.Endpoints;

public static class ModerationEndpoints
{
    public static void MapModeration(this IEndpointRouteBuilder app)
    {
        var round = app.MapGroup("/api/rounds/{r}").WithTags("Moderation and decisions");

        round.MapGet("/moderation", async (string r, HttpContext http, IGrainFactory grains) =>
                new ModerationAnswer(r, await Moderation(grains, r).Get(http.User.Caller())))
            .Produces<ModerationResponse>(StatusCodes.Status200OK, "application/json");

        round.MapPost("/moderation/actions", async (string r, ModerationCommand? body, HttpContext http, IGrainFactory grains,
            [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey) =>
        {
            var taken = await Moderation(grains, r).Act(http.User.Caller(),
                body ?? throw DomainException.Invalid("body", "A request body is required."), IdempotencyKey(idempotencyKey));
            return ModerationAnswer.Taken(r, taken);
        }).Produces<ActionTakenResponse>(StatusCodes.Status201Created, "application/json");

        round.MapPost("/decisions", async (string r, ConfirmCommand? body, HttpContext http, IGrainFactory grains,
            [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey) =>
        {
            var decision = await Moderation(grains, r).Confirm(http.User.Caller(),
                body ?? new ConfirmCommand(false, null, null), IdempotencyKey(idempotencyKey));
            return TypedResults.Created($"/api/rounds/{r}/decisions/{decision.Number}", DecisionResponse.From(decision));
        });

        round.MapGet("/decisions", async (string r, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok((await Moderation(grains, r).GetDecisions(http.User.Caller())).Select(DecisionResponse.From).ToList()));

        round.MapGet("/decisions/{n:int}", async (string r, int n, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(DecisionResponse.From(await Moderation(grains, r).GetDecision(http.User.Caller(), n))));

        round.MapPost("/cap-revisions", async (string r, CapRevisionCommand? body, HttpContext http, IGrainFactory grains) =>
        {
            var revision = await Moderation(grains, r).ReviseCap(http.User.Caller(),
                body ?? throw DomainException.Invalid("body", "A request body is required."));
            return TypedResults.Created($"/api/rounds/{r}/moderation", revision);
        });
    }

    public static IModerationGrain Moderation(IGrainFactory grains, string roundId) =>
        grains.Moderation(RouteIds.Check(roundId, "roundId"));

    private static string? IdempotencyKey(string? key)
    {
        if (key is null) return null;
        if (key.Length is 0 or > 200 || !TextRules.IsPlainText(key) || key.Any(char.IsControl))
            throw DomainException.Invalid("Idempotency-Key", "The Idempotency-Key header must be 1 to 200 printable characters.");
        return key;
    }
}
