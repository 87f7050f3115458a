using Prioritise.Domain;
using Prioritise.Domain.Validation;
using Prioritise.Grains;
using Prioritise.Silo.Auth;

namespace Prioritise.Silo.Endpoints;

public static class BidEndpoints
{
    public static void MapBids(this IEndpointRouteBuilder app)
    {
        var bids = app.MapGroup("/api/rounds/{r}/bids").WithTags("Bids and score sheets");

        bids.MapPost("/", async (string r, AddBid? body, HttpContext http, IGrainFactory grains) =>
        {
            var command = body ?? throw DomainException.Invalid("body", "A request body is required.");
            var bid = await RoundEndpoints.Round(grains, r).AddBid(http.User.Caller(), command);
            return TypedResults.Created($"/api/rounds/{r}/bids/{bid.Id}", BidResponse.From(bid));
        });

        bids.MapGet("/", async (string r, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok((await RoundEndpoints.Round(grains, r).GetBids(http.User.Caller()))
                .Select(v => BidResponse.From(v.Bid, v.Conflicted, v.ConflictReason)).ToList()));

        bids.MapPut("/{b}/sheets/{memberId}", async (string r, string b, string memberId, SaveSheet? body, HttpContext http, IGrainFactory grains) =>
        {
            var bid = Bid(grains, r, b, memberId);
            var view = await bid.SaveSheet(http.User.Caller(), memberId, body ?? throw DomainException.Invalid("body", "A request body is required."));
            return TypedResults.Ok(SheetResponse.From(view));
        });

        bids.MapGet("/{b}/sheets/{memberId}", async (string r, string b, string memberId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(SheetResponse.From(await Bid(grains, r, b, memberId).GetSheet(http.User.Caller(), memberId))));
    }

    private static IBidGrain Bid(IGrainFactory grains, string r, string b, string memberId)
    {
        RouteIds.Check(memberId, "memberId");
        return grains.Bid(RouteIds.Check(r, "roundId"), RouteIds.Check(b, "bidId"));
    }
}
