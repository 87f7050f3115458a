using Prioritise.Domain;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;

namespace Prioritise.Grains.Rounds;

// Corrections of a set-up round (issue 14): the rules of what may change when are the domain's
// (Corrections, RoundLifecycle); who may is RoundPolicy's. Each correction is one write with one
// audit event carrying its reason; one that changes nothing is answered as things stand, unwritten.
public sealed partial class RoundGrain
{
    async Task<RoundView> IRoundGrain.Correct(Caller caller, CorrectRound command)
    {
        RequireExists();
        Authorise(caller, RoundAction.Correct);
        var valid = Validate.Check(new CorrectRoundValidator(), command);
        // After the close the status is the moderation's word: ask before judging what may change.
        await _steps.ResumeBeforeCommitteeChange();
        Corrections.RequireVersion(valid.ExpectedVersion, State.Version, "round");
        RoundLifecycle.Require(State.Status, RoundAction.Correct);
        var corrected = Corrections.Round(State.Definition!, State.Status, valid, DateTimeOffset.UtcNow);
        if (!corrected.Changed) return View();
        await Commit((State with { Definition = corrected.Value })
            .WithEvent(caller, AuditActions.RoundCorrected, $"Round corrected: {corrected.Describe()}", valid.Reason!.Trim()));
        return View();
    }

    async Task<Bid> IRoundGrain.CorrectBid(Caller caller, string bidId, CorrectBid command)
    {
        RequireExists();
        Authorise(caller, RoundAction.CorrectBid);
        var valid = Validate.Check(new CorrectBidValidator(), command);
        var bid = FindBid(bidId);
        Corrections.RequireVersion(valid.ExpectedVersion, bid.Version, "bid");
        RoundLifecycle.Require(State.Status, RoundAction.CorrectBid);
        var corrected = Corrections.Bid(bid, State.Status, valid);
        if (!corrected.Changed) return bid;
        await Commit((State with { Bids = State.Bids.Replace(bid, corrected.Value) })
            .WithEvent(caller, AuditActions.BidCorrected, $"Bid '{bid.Title}' corrected: {corrected.Describe()}", valid.Reason!.Trim(), bid.Id));
        return corrected.Value;
    }

    async Task<Bid> IRoundGrain.WithdrawBid(Caller caller, string bidId, string? reason)
    {
        RequireExists();
        Authorise(caller, RoundAction.WithdrawBid);
        var why = Validate.Check(new CorrectionReasonValidator(), new CorrectionReason(reason)).Reason!.Trim();
        var bid = FindBid(bidId);
        RoundLifecycle.Require(State.Status, RoundAction.WithdrawBid);
        var withdrawn = Corrections.Withdraw(bid);
        await Commit((State with { Bids = State.Bids.Replace(bid, withdrawn) })
            .WithEvent(caller, AuditActions.BidWithdrawn, $"Bid '{bid.Title}' withdrawn: it is no longer scored and leaves the results.", why, bid.Id));
        return withdrawn;
    }

    async Task IRoundGrain.RemoveSeat(Caller caller, string memberId, string? reason)
    {
        RequireExists();
        Authorise(caller, RoundAction.RemoveSeat);
        var why = Validate.Check(new CorrectionReasonValidator(), new CorrectionReason(reason)).Reason!.Trim();
        await _steps.ResumeBeforeCommitteeChange();
        RoundLifecycle.Require(State.Status, RoundAction.RemoveSeat);
        var seat = Lookup(State).FindSeat(memberId)
                   ?? throw DomainException.NotFound("memberId", $"'{memberId}' is not on this round's committee.");
        // The sheets stay in the bids' journals and the audit; with no seat they no longer count
        // (ConflictRules.SheetCounts), so they leave the results at once.
        await Commit((State with { Committee = State.Committee.Remove(seat) })
            .WithEvent(caller, AuditActions.SeatRemoved,
                $"{seat.Name} ({seat.Organisation}) taken off the committee; any sheets they submitted no longer count.", why, memberId: memberId));
    }

    async Task IRoundGrain.RefreshSeat(string memberId, RegisterCorrection correction)
    {
        // The follow-up of a member's correction (MultiGrainStep): sent again on the member's
        // activation and on a retry, so a record version already taken changes nothing.
        if (State.Definition is null || State.RegisterVersions.GetValueOrDefault(memberId) >= correction.Profile.Version) return;
        if (Lookup(State).FindSeat(memberId) is null) return;
        await _steps.ResumeBeforeCommitteeChange();
        var seat = Lookup(State).FindSeat(memberId)!;
        var profile = correction.Profile;
        var next = State with { RegisterVersions = State.RegisterVersions.SetItem(memberId, profile.Version) };
        string what;
        if (Corrections.SeatFollowsRegister(State.Status))
        {
            next = next with
            {
                Committee = State.Committee.Replace(seat, seat with { Name = profile.Name, Organisation = profile.Organisation, Interests = profile.Interests }),
            };
            what = $"Register of interests corrected for {seat.Name}: {correction.What}";
        }
        else
            what = $"Register of interests corrected for {seat.Name} after scoring closed: {correction.What} " +
                   "This round keeps the register as it stood when its scores were counted.";
        await Commit(next.WithEvent(correction.By, AuditActions.RegisterCorrected, what, correction.Reason, memberId: memberId));
    }

    private Bid FindBid(string bidId) =>
        Lookup(State).FindBid(bidId) ?? throw DomainException.NotFound("bidId", $"No bid '{bidId}' in this round.");
}
