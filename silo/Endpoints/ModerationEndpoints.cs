using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Validation;
using Prioritise.Grains;

namespace Prioritise.Silo.Endpoints;

public static class ModerationEndpoints
{
    public static void MapModeration(this IEndpointRouteBuilder app)
    {
        var round = app.MapGroup("/api/rounds/{r}").WithTags("Moderation and decisions").WithRouteIdChecks();

        round.MapGet("/moderation", async (string r, [AsParameters] ApiServices api) =>
                new ModerationAnswer(r, await api.Moderation(r).Get(api.Caller)))
            .Produces<ModerationResponse>(StatusCodes.Status200OK, "application/json")
            .WithSummary("The moderated list: the ranking with the committee's moderation actions applied, and the funding line.")
            .ProducesProblems(400, 403, 404);

        round.MapPost("/moderation/actions", async (string r, ModerationCommand? body, [AsParameters] ApiServices api,
            [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey) =>
        {
            var taken = await api.Moderation(r).Act(api.Caller,
                body ?? throw DomainException.Invalid("body", "A request body is required."), IdempotencyKey(idempotencyKey));
            return ModerationAnswer.Taken(r, taken);
        }).Produces<ActionTakenResponse>(StatusCodes.Status201Created, "application/json")
            .WithSummary("Take a moderation action (chair): move, award, decline, join, condition or undo; an Idempotency-Key makes a retry safe.")
            .ProducesProblems(400, 403, 404, 409, 413, 422);

        // (issue 14) The chair's word that the list is what finance should confirm; any later action withdraws it.
        round.MapPost("/moderation/ready", async (string r, ReadyCommand? body, [AsParameters] ApiServices api) =>
                new ModerationAnswer(r, await api.Moderation(r).MarkReady(api.Caller, body ?? new ReadyCommand(null))))
            .Produces<ModerationResponse>(StatusCodes.Status200OK, "application/json")
            .WithSummary("Mark the moderated list ready for finance (chair); any later change of the list withdraws the mark.")
            .ProducesProblems(400, 403, 404, 409, 413);

        round.MapDelete("/moderation/ready", async (string r, [AsParameters] ApiServices api) =>
                new ModerationAnswer(r, await api.Moderation(r).WithdrawReady(api.Caller)))
            .Produces<ModerationResponse>(StatusCodes.Status200OK, "application/json")
            .WithSummary("Withdraw the ready-for-finance mark (chair): finance cannot confirm until the chair marks the list ready again.")
            .ProducesProblems(400, 403, 404, 409);

        round.MapPost("/decisions", async (string r, ConfirmCommand? body, [AsParameters] ApiServices api,
            [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey) =>
        {
            var decision = await api.Moderation(r).Confirm(api.Caller,
                body ?? new ConfirmCommand(false, null, null), IdempotencyKey(idempotencyKey));
            return TypedResults.Created($"/api/rounds/{r}/decisions/{decision.Number}",
                DecisionResponse.From(decision, await api.Governance(r).Standing(api.Caller, decision.Number)));
        })
            .WithSummary("Confirm the moderated list as the committee's decision (chair); an Idempotency-Key makes a retry safe.")
            .ProducesProblems(400, 403, 404, 409, 413, 422);

        round.MapGet("/decisions", async (string r, [AsParameters] ApiServices api) =>
        {
            var decisions = await api.Moderation(r).GetDecisions(api.Caller);
            // Every decision's standing in one read of the governance.
            var standings = (await api.Governance(r).Get(api.Caller)).Decisions.ToDictionary(s => s.Number);
            return TypedResults.Ok(decisions.Select(d => DecisionResponse.From(d, standings[d.Number])).ToList());
        })
            .WithSummary("The round's confirmed decisions, oldest first.")
            .ProducesProblems(400, 403, 404);

        round.MapGet("/decisions/{n:int}", async (string r, int n, [AsParameters] ApiServices api) =>
            TypedResults.Ok(DecisionResponse.From(await api.Moderation(r).GetDecision(api.Caller, n), await api.Governance(r).Standing(api.Caller, n))))
            .WithSummary("One confirmed decision, by its number.")
            .ProducesProblems(400, 403, 404);

        round.MapPost("/cap-revisions", async (string r, CapRevisionCommand? body, [AsParameters] ApiServices api) =>
        {
            var revision = await api.Moderation(r).ReviseCap(api.Caller,
                body ?? throw DomainException.Invalid("body", "A request body is required."));
            return TypedResults.Created($"/api/rounds/{r}/moderation", revision);
        })
            .WithSummary("Revise the funding cap after a confirmed decision: the list is moderated again under the new cap.")
            .ProducesProblems(400, 403, 404, 409, 413);
    }

    private static string? IdempotencyKey(string? key)
    {
        if (key is null) return null;
        if (key.Length is 0 or > 200 || !TextRules.IsPlainText(key) || key.Any(char.IsControl))
            throw DomainException.Invalid("Idempotency-Key", "The Idempotency-Key header must be 1 to 200 printable characters.");
        return key;
    }
}
