using System.ComponentModel;
using Prioritise.Domain;
using Prioritise.Domain.Analytics;
using Prioritise.Domain.Validation;
using Prioritise.Grains;
using Prioritise.Silo.Auth;

namespace Prioritise.Silo.Endpoints;

public static class RoundEndpoints
{
    public static void MapRounds(this IEndpointRouteBuilder app)
    {
        var rounds = app.MapGroup("/api/rounds").WithTags("Rounds");

        rounds.MapPost("/", async (CreateRound? body, HttpContext http, IGrainFactory grains) =>
        {
            var command = body ?? throw DomainException.Invalid("body", "A request body is required.");
            var id = command.Id is null ? Ids.New() : RouteIds.Check(command.Id, "id");
            var view = await grains.Round(id).Create(http.User.Caller(), command with { Id = id });
            return TypedResults.Created($"/api/rounds/{id}", RoundResponse.From(view));
        });

        // Administrators see every round; a member sees the rounds they sit on.
        rounds.MapGet("/", async (HttpContext http, IGrainFactory grains) =>
        {
            var caller = http.User.Caller();
            var ids = caller.IsAdmin ? await grains.Registry().List() : await grains.Member(caller.Id).GetRounds();
            var views = await Task.WhenAll(ids.Select(id => grains.Round(id).Find()));
            return TypedResults.Ok(views.OfType<RoundView>().Select(RoundResponse.From).ToList());
        });

        rounds.MapGet("/{r}", async (string r, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(RoundResponse.From(await Round(grains, r).Get(http.User.Caller()))));

        rounds.MapPut("/{r}/committee/{memberId}", async (string r, string memberId, AppointMember? body, HttpContext http, IGrainFactory grains) =>
        {
            RouteIds.Check(memberId, "memberId");
            var round = Round(grains, r);
            await round.Appoint(http.User.Caller(), memberId, body ?? throw DomainException.Invalid("body", "A request body is required."));
            var seat = (await round.GetCommittee(http.User.Caller())).First(c => c.Seat.MemberId == memberId);
            return TypedResults.Ok(ToResponse(seat));
        });

        rounds.MapGet("/{r}/committee", async (string r, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok((await Round(grains, r).GetCommittee(http.User.Caller())).Select(ToResponse).ToList()));

        rounds.MapPost("/{r}/open-scoring", async (string r, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(RoundResponse.From(await Round(grains, r).OpenScoring(http.User.Caller()))));

        rounds.MapPost("/{r}/close-scoring", async (string r, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(RoundResponse.From(await Round(grains, r).CloseScoring(http.User.Caller()))));

        rounds.MapPost("/{r}/conflicts", async (string r, RecordConflict? body, HttpContext http, IGrainFactory grains) =>
        {
            var command = body ?? throw DomainException.Invalid("body", "A request body is required.");
            await Round(grains, r).RecordConflict(http.User.Caller(), command);
            return TypedResults.Created($"/api/rounds/{r}/committee", new { command.MemberId, command.BidId, command.Reason });
        });

        rounds.MapGet("/{r}/results", async (string r, HttpContext http, IGrainFactory grains) =>
            {
                var round = Round(grains, r);
                var results = await round.GetResults(http.User.Caller());
                // Beside each bid for the chair and finance once scoring has closed; none for anyone else.
                return BoardJson.Results(r, results, await round.GetComments(http.User.Caller()));
            })
            .Produces<ResultsResponse>(StatusCodes.Status200OK, "application/json");

        rounds.MapGet("/{r}/comments", async (string r, HttpContext http, IGrainFactory grains) =>
                TypedResults.Ok((await Round(grains, r).GetComments(http.User.Caller())).Select(BidCommentResponse.From).ToList()))
            .WithSummary("Members' comments on the bids, with their names: for the chair and finance once scoring has closed (an empty list for anyone else on the committee).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        rounds.MapGet("/{r}/analysis", async (
                string r,
                [Description("Bootstrap draws (and draws of perturbed weights), 2000 to 20000; default 2000.")] int? draws,
                [Description("Seed of every random source: the same seed gives the same analysis; default 2018.")] int? seed,
                [Description("Also rank the bids on each scorer's z-scores beside the raw scores; default false.")] bool? normalised,
                [Description("How tightly perturbed weights stay around the agreed ones (Dirichlet total alpha), 1 to 1000000; default 100.")] double? concentration,
                HttpContext http, IGrainFactory grains) =>
            {
                var options = new AnalysisOptions(
                    draws ?? AnalysisOptions.DefaultDraws, seed ?? AnalysisOptions.DefaultSeed, normalised ?? false,
                    concentration ?? AnalysisOptions.DefaultConcentration).Checked();
                return TypedResults.Ok(AnalysisResponse.From(await Round(grains, r).GetAnalysis(http.User.Caller(), options)));
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

        rounds.MapGet("/{r}/audit", async (string r, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(AuditEntry.From(await Round(grains, r).GetAudit(http.User.Caller()))));
    }

    public static IRoundGrain Round(IGrainFactory grains, string roundId) => grains.Round(RouteIds.Check(roundId, "roundId"));

    private static CommitteeMemberResponse ToResponse(CommitteeMemberView v) => new(
        v.Seat.MemberId, v.Seat.Name, v.Seat.Organisation, v.Seat.Roles, v.Conflicts, new ScoringProgress(v.SheetsSubmitted, v.SheetsExpected));
}
