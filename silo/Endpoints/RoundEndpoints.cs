using System.ComponentModel;
using Prioritise.Domain;
using Prioritise.Domain.Analytics;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;
using Prioritise.Grains;

namespace Prioritise.Silo.Endpoints;

public static class RoundEndpoints
{
    public static void MapRounds(this IEndpointRouteBuilder app)
    {
        var rounds = app.MapGroup("/api/rounds").WithTags("Rounds").WithRouteIdChecks();

        rounds.MapPost("/", async (CreateRound? body, [AsParameters] ApiServices api) =>
        {
            var command = body ?? throw DomainException.Invalid("body", "A request body is required.");
            var id = command.Id is null ? Ids.New() : RouteIds.Check(command.Id, "id");
            var view = await api.Round(id).Create(api.Caller, command with { Id = id });
            return TypedResults.Created($"/api/rounds/{id}", RoundResponse.From(view));
        })
            .WithSummary("Set up a round (administrator or the organisation's committee secretary): name, funding cap, criteria and weights; scale, agreement bands, funding-line policy and scoring deadline may be omitted.")
            .ProducesProblems(400, 403, 409, 413);

        // Administrators and the organisation's secretary see every round; a member sees the rounds
        // they sit on (not one they were taken off: their record still names it).
        rounds.MapGet("/", async ([AsParameters] ApiServices api) =>
        {
            var caller = api.Caller;
            var every = RoundPolicy.SeesEveryRound(caller.IsAdmin, caller.IsSecretary);
            var ids = every ? await api.Grains.Registry().List() : await api.Member(caller.Id).GetRounds();
            var views = await Task.WhenAll(ids.Select(async id =>
                every || await api.Round(id).SeatOf(caller.Id) is not null ? await api.Round(id).Find() : null));
            return TypedResults.Ok(views.OfType<RoundView>().Select(RoundResponse.From).ToList());
        })
            .WithSummary("The rounds the caller may see: every round for an administrator or the organisation's committee secretary, the rounds a member sits on.");

        rounds.MapGet("/{r}", async (string r, [AsParameters] ApiServices api) =>
            TypedResults.Ok(RoundResponse.From(await api.Round(r).Get(api.Caller))))
            .WithSummary("A round with its status (setup, scoring, moderation or confirmed), its scoring deadline and its version.")
            .ProducesProblems(400, 404);

        rounds.MapPatch("/{r}", async (string r, CorrectRound? body, [AsParameters] ApiServices api) =>
            TypedResults.Ok(RoundResponse.From(await api.Round(r).Correct(api.Caller, body ?? throw DomainException.Invalid("body", "A request body is required.")))))
            .WithSummary("Correct the round (secretary, administrator), with a reason: the name until the decision is confirmed; the cap, agreement bands, funding-line policy and scoring deadline until scoring closes; the scale, criteria and weights only in setup.")
            .ProducesProblems(400, 403, 404, 409, 413);

        rounds.MapPut("/{r}/committee/{memberId}", async (string r, string memberId, AppointMember? body, [AsParameters] ApiServices api) =>
        {
            var round = api.Round(r);
            await round.Appoint(api.Caller, memberId, body ?? throw DomainException.Invalid("body", "A request body is required."));
            var seat = (await round.GetCommittee(api.Caller)).First(c => c.Seat.MemberId == memberId);
            return TypedResults.Ok(ToResponse(seat));
        })
            .WithSummary("Appoint a member to the round's committee with their roles (secretary, administrator).")
            .ProducesProblems(400, 403, 404, 409, 413);

        rounds.MapDelete("/{r}/committee/{memberId}", async (string r, string memberId,
                [Description("Why the member is taken off the committee: the audit keeps it.")] string? reason, [AsParameters] ApiServices api) =>
            {
                await api.Round(r).RemoveSeat(api.Caller, memberId, reason);
                return TypedResults.NoContent();
            })
            .WithSummary("Take a member off the committee (secretary, administrator; until scoring closes), with a reason: their sheets stay in the audit and leave the results.")
            .ProducesProblems(400, 403, 404, 409);

        rounds.MapGet("/{r}/committee", async (string r, [AsParameters] ApiServices api) =>
            TypedResults.Ok((await api.Round(r).GetCommittee(api.Caller)).Select(ToResponse).ToList()))
            .WithSummary("The committee: members, roles, declared conflicts and scoring progress (chair, secretary, administrator).")
            .ProducesProblems(400, 403, 404);

        rounds.MapPost("/{r}/open-scoring", async (string r, [AsParameters] ApiServices api) =>
            TypedResults.Ok(RoundResponse.From(await api.Round(r).OpenScoring(api.Caller))))
            .WithSummary("Open scoring (chair or administrator).")
            .ProducesProblems(400, 403, 404, 409);

        rounds.MapPost("/{r}/close-scoring", async (string r, [AsParameters] ApiServices api) =>
            TypedResults.Ok(RoundResponse.From(await api.Round(r).CloseScoring(api.Caller))))
            .WithSummary("Close scoring (chair or administrator): the score sheets are sealed and moderation starts. A round without scoring starts its moderation here, from setup.")
            .ProducesProblems(400, 403, 404, 409);

        // Issue 16: the same step in the words of a round without scoring; a scored round is closed as above.
        rounds.MapPost("/{r}/start-moderation", async (string r, [AsParameters] ApiServices api) =>
            TypedResults.Ok(RoundResponse.From(await api.Round(r).CloseScoring(api.Caller))))
            .WithSummary("Start moderation (chair or administrator): the same as close-scoring; a round without scoring goes from setup straight to the list the chair moderates.")
            .ProducesProblems(400, 403, 404, 409);

        rounds.MapPost("/{r}/conflicts", async (string r, RecordConflict? body, [AsParameters] ApiServices api) =>
        {
            var command = body ?? throw DomainException.Invalid("body", "A request body is required.");
            await api.Round(r).RecordConflict(api.Caller, command);
            return TypedResults.Created($"/api/rounds/{r}/committee", new { command.MemberId, command.BidId, command.Reason });
        })
            .WithSummary("Record a member's conflict of interest with a bid: they neither score it nor see its scores.")
            .ProducesProblems(400, 403, 404, 409, 413);

        rounds.MapGet("/{r}/results", async (string r, [AsParameters] ApiServices api) =>
            {
                var round = api.Round(r);
                var results = await round.GetResults(api.Caller);
                // Beside each bid for the chair and finance once scoring has closed; none for anyone else.
                return BoardJson.Results(r, results, await round.GetComments(api.Caller));
            })
            .Produces<ResultsResponse>(StatusCodes.Status200OK, "application/json")
            .WithSummary("The ranked results: weighted means, agreement, value per £1k and the funding line, before moderation.")
            .ProducesProblems(400, 403, 404);

        rounds.MapGet("/{r}/comments", async (string r, [AsParameters] ApiServices api) =>
                TypedResults.Ok((await api.Round(r).GetComments(api.Caller)).Select(BidCommentResponse.From).ToList()))
            .WithSummary("Members' comments on the bids, with their names: for the chair and finance once scoring has closed (an empty list for anyone else on the committee).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblems(400);

        rounds.MapGet("/{r}/analysis", async (
                string r,
                [Description("Bootstrap draws (and draws of perturbed weights), 2000 to 20000; default 2000.")] int? draws,
                [Description("Seed of every random source: the same seed gives the same analysis; default 2018.")] int? seed,
                [Description("Also rank the bids on each scorer's z-scores beside the raw scores; default false.")] bool? normalised,
                [Description("How tightly perturbed weights stay around the agreed ones (Dirichlet total alpha), 1 to 1000000; default 100.")] double? concentration,
                [AsParameters] ApiServices api) =>
            {
                var options = new AnalysisOptions(
                    draws ?? AnalysisOptions.DefaultDraws, seed ?? AnalysisOptions.DefaultSeed, normalised ?? false,
                    concentration ?? AnalysisOptions.DefaultConcentration).Checked();
                return TypedResults.Ok(AnalysisResponse.From(await api.Round(r).GetAnalysis(api.Caller, options)));
            })
            .WithName("GetAnalysis")
            // Per caller and for the whole silo (Http/AnalysisLimits): past the limits, 429 with Retry-After.
            .RequireRateLimiting(AnalysisLimits.Policy)
            .WithSummary("Decision analytics on the round's scores: probability of funding, weight sensitivity, disagreement, scorer calibration, best portfolio under the cap.")
            .WithDescription(
                "Advice beside the committee's list, before moderation; it changes nothing. Who may read it: as for results " +
                "(administrators, the chair and finance at any time; scorers once scoring has closed). Reproducible: the same " +
                "draws, seed and concentration give the same answer. See docs/analytics.md for every definition.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        rounds.MapGet("/{r}/audit", async (string r, [AsParameters] ApiServices api) =>
            TypedResults.Ok(AuditEntry.From(await api.Round(r).GetAudit(api.Caller))))
            .WithSummary("The round's audit trail: every change, who made it, when and why.")
            .ProducesProblems(400, 403, 404);
    }

    private static CommitteeMemberResponse ToResponse(CommitteeMemberView v) => new(
        v.Seat.MemberId, v.Seat.Name, v.Seat.Organisation, v.Seat.Roles, v.Conflicts, new ScoringProgress(v.SheetsSubmitted, v.SheetsExpected));
}
