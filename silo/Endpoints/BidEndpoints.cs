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
        });

        bids.MapGet("/", async (string r, [AsParameters] ApiServices api) =>
            TypedResults.Ok((await api.Round(r).GetBids(api.Caller))
                .Select(v => BidResponse.From(v.Bid, v.Conflicted, v.ConflictReason)).ToList()));

        bids.MapPut("/{b}/sheets/{memberId}", async (string r, string b, string memberId, SaveSheet? body, [AsParameters] ApiServices api) =>
        {
            var view = await api.Bid(r, b).SaveSheet(api.Caller, memberId, body ?? throw DomainException.Invalid("body", "A request body is required."));
            return TypedResults.Ok(SheetResponse.From(view));
        });

        bids.MapGet("/{b}/sheets/{memberId}", async (string r, string b, string memberId, [AsParameters] ApiServices api) =>
            TypedResults.Ok(SheetResponse.From(await api.Bid(r, b).GetSheet(api.Caller, memberId))));
    }
}
