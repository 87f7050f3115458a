using Prioritise.Domain;
using Prioritise.Domain.Validation;
using Prioritise.Grains;

namespace Prioritise.Silo.Endpoints;

public static class BidEndpoints
{
    public static void MapBids(this IEndpointRouteBuilder app)
    {
        var bids = app.MapGroup("/api/rounds/{r}/bids").WithTags("Bids and score sheets").WithRouteIdChecks();

        bids.MapPost("/", async (string r, AddBid? body, [AsParameters] ApiServices api) =>
        {
            var command = body ?? throw DomainException.Invalid("body", "A request body is required.");
            var bid = await api.Round(r).AddBid(api.Caller, command);
            return TypedResults.Created($"/api/rounds/{r}/bids/{bid.Id}", BidResponse.From(bid));
        })
            .WithSummary("Add a bid to the round (secretary, administrator; in setup or scoring).")
            .ProducesProblems(400, 403, 404, 409, 413);

        bids.MapPatch("/{b}", async (string r, string b, CorrectBid? body, [AsParameters] ApiServices api) =>
            TypedResults.Ok(BidResponse.From(await api.Round(r).CorrectBid(api.Caller, b,
                body ?? throw DomainException.Invalid("body", "A request body is required.")))))
            .WithSummary("Correct a bid (secretary, administrator), with a reason: its title, workstream and summary until scoring closes; its amount and organisations only in setup.")
            .ProducesProblems(400, 403, 404, 409, 413);

        bids.MapDelete("/{b}", async (string r, string b,
                [System.ComponentModel.Description("Why the bid is withdrawn: the audit keeps it.")] string? reason, [AsParameters] ApiServices api) =>
            TypedResults.Ok(BidResponse.From(await api.Round(r).WithdrawBid(api.Caller, b, reason))))
            .WithSummary("Withdraw a bid (secretary, administrator; until scoring closes), with a reason: it is kept, marked withdrawn, no longer scored and out of the results.")
            .ProducesProblems(400, 403, 404, 409);

        bids.MapGet("/", async (string r, [AsParameters] ApiServices api) =>
            TypedResults.Ok((await api.Round(r).GetBids(api.Caller))
                .Select(v => BidResponse.From(v.Bid, v.Conflicted, v.ConflictReason)).ToList()))
            .WithSummary("The round's bids; for a scorer each says whether they are conflicted, and why.")
            .ProducesProblems(400, 403, 404);

        // One bid with its version (issue 14), and (issue 15) the application it was made from when the reader may open it.
        bids.MapGet("/{b}", async (string r, string b, [AsParameters] ApiServices api) =>
        {
            var round = api.Round(r);
            var view = (await round.GetBids(api.Caller)).FirstOrDefault(v => v.Bid.Id == b)
                ?? throw DomainException.NotFound("bidId", $"No bid '{b}' in this round.");
            ApplicationResponse? application = null;
            if (view.Conflicted != true && await round.ApplicantOfBid(api.Caller, b) is not null)
            {
                // The application grain decides (Disclosure.MayReadApplication): a reader it refuses sees the bid without it.
                try { application = ApplicationResponse.From(await api.Grains.Application(r, b).Get(api.Caller)); }
                catch (DomainException e) when (e.Refusal == Refusal.Forbidden) { }
            }
            return TypedResults.Ok(BidWithApplicationResponse.From(view, application));
        })
            .WithSummary("One bid, with its version; for a scorer whether they are conflicted on it; with the application it was made from (answers, attachments) for those who may read it: not a member conflicted on it.")
            .ProducesProblems(400, 403, 404);

        bids.MapPut("/{b}/sheets/{memberId}", async (string r, string b, string memberId, SaveSheet? body, [AsParameters] ApiServices api) =>
        {
            var view = await api.Bid(r, b).SaveSheet(api.Caller, memberId, body ?? throw DomainException.Invalid("body", "A request body is required."));
            return TypedResults.Ok(SheetResponse.From(view));
        })
            .WithSummary("Save a member's score sheet for a bid, or submit it (the member, while scoring is open).")
            .ProducesProblems(400, 403, 404, 409, 413);

        bids.MapGet("/{b}/sheets/{memberId}", async (string r, string b, string memberId, [AsParameters] ApiServices api) =>
            TypedResults.Ok(SheetResponse.From(await api.Bid(r, b).GetSheet(api.Caller, memberId))))
            .WithSummary("A member's score sheet for a bid (the member).")
            .ProducesProblems(400, 403, 404);
    }
}
