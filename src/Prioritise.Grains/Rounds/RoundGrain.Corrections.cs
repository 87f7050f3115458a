using Prioritise.Domain;
using Prioritise.Domain.Rounds;

namespace Prioritise.Grains.Rounds;

// Corrections of a set-up round (issue 14): the rules of what may change when are the domain's.
public sealed partial class RoundGrain
{
    Task<RoundView> IRoundGrain.Correct(Caller caller, CorrectRound command) => throw new NotImplementedException();

    Task<Bid> IRoundGrain.CorrectBid(Caller caller, string bidId, CorrectBid command) => throw new NotImplementedException();

    Task<Bid> IRoundGrain.WithdrawBid(Caller caller, string bidId, string? reason) => throw new NotImplementedException();

    Task IRoundGrain.RemoveSeat(Caller caller, string memberId, string? reason) => throw new NotImplementedException();
}
