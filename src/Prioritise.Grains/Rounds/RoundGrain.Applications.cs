using Prioritise.Domain;
using Prioritise.Domain.Applications;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;

namespace Prioritise.Grains.Rounds;

// The call for bids and applications (issue 15). The round holds the form, the call and the list of
// applications; each application grain holds the rest. The round asks application grains only
// interleaved, durable reads (Summary, GetAudit), and they ask it the same (ApplicationContext), so
// the two never wait on each other; the calls that change the round (NoteApplication,
// AddApplicationBid) go one way only, from an application to its round.
public sealed partial class RoundGrain
{
    private ApplicationForm FormInForce(RoundState s) => s.Form ?? DefaultForm.Form;

    async Task<ApplicationForm> IRoundGrain.SetApplicationForm(Caller caller, SetApplicationForm command)
    {
        RequireExists();
        Authorise(caller, RoundAction.SetApplicationForm);
        var form = Validate.Check(new SetApplicationFormValidator(State.Definition!.Criteria), command).ToForm();
        RoundLifecycle.Require(State.Status, RoundAction.SetApplicationForm);
        if (State.Applications.Count > 0)
            throw DomainException.Conflict("sections", "The form cannot change once applications have been started against it.");
        await Commit((State with { Form = form }).WithEvent(caller, AuditActions.ApplicationFormSet,
            $"Application form set: {form.Sections.Count} sections."));
        return form;
    }

    Task<ApplicationForm> IRoundGrain.GetApplicationForm(Caller caller)
    {
        RequireExists();
        Authorise(caller, RoundAction.ReadApplicationForm);
        return Task.FromResult(FormInForce(State));
    }

    async Task<RoundView> IRoundGrain.OpenCall(Caller caller, OpenCall command)
    {
        RequireExists();
        Authorise(caller, RoundAction.RunCall);
        var now = DateTimeOffset.UtcNow;
        var closesAt = Validate.Check(new OpenCallValidator(now), command).ClosesAt!.Value;
        RoundLifecycle.Require(State.Status, RoundAction.RunCall);
        var call = new CallForBids(true, closesAt);
        await Commit((State with { Call = call }).WithEvent(caller, AuditActions.CallOpened,
            $"Call for applications opened, closing {closesAt.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}."));
        return View();
    }

    async Task<RoundView> IRoundGrain.CloseCall(Caller caller)
    {
        RequireExists();
        Authorise(caller, RoundAction.RunCall);
        RoundLifecycle.Require(State.Status, RoundAction.RunCall);
        if (State.Call is not { Open: true } call)
            throw DomainException.Conflict("call", "The call for applications is not open.");
        await Commit((State with { Call = call with { Open = false } }).WithEvent(caller, AuditActions.CallClosed, "Call for applications closed."));
        return View();
    }

    Task<ApplicationContext> IRoundGrain.ApplicationContext(Caller caller, string applicationId)
    {
        // Interleaved: the durable state only.
        var round = _durable;
        if (round.Definition is null) throw RoundPolicy.NoSuchRound(RoundId);
        var lookup = Lookup(round);
        var entry = round.Applications.FirstOrDefault(a => a.Id == applicationId);
        var bidTaken = lookup.FindBid(applicationId) is not null && entry is not { BidMade: true };
        return Task.FromResult(new ApplicationContext(round.Definition, round.Status, round.Call ?? CallForBids.NotOpened,
            FormInForce(round), lookup.ReaderFor(caller), entry?.ApplicantId, bidTaken));
    }

    async Task IRoundGrain.NoteApplication(string applicationId, string applicantId)
    {
        RequireExists();
        var entry = State.Applications.FirstOrDefault(a => a.Id == applicationId);
        if (entry is not null)
        {
            if (entry.ApplicantId != applicantId)
                throw DomainException.Conflict("id", $"An application with id '{applicationId}' already exists in this round.");
            return;
        }
        await Commit(State with { Applications = State.Applications.Add(new ApplicationEntry(applicationId, applicantId)) });
    }

    async Task<Bid> IRoundGrain.AddApplicationBid(Caller caller, string applicationId, AddBid command)
    {
        RequireExists();
        Authorise(caller, RoundAction.Screen);
        var entry = State.Applications.FirstOrDefault(a => a.Id == applicationId)
            ?? throw DomainException.NotFound("applicationId", $"No application '{applicationId}' in this round.");
        // Sent again after a crash or on a retry: the bid is already there.
        if (entry.BidMade && Lookup(State).FindBid(applicationId) is { } made) return made;
        var valid = Validate.Check(new AddBidValidator(), command with { Id = applicationId });
        var bid = valid.ToBid(applicationId);
        RoundLifecycle.Require(State.Status, RoundAction.AddBid);
        if (Lookup(State).FindBid(bid.Id) is not null)
            throw DomainException.Conflict("id", $"A bid with id '{bid.Id}' already exists in this round.");
        await Commit((State with
        {
            Bids = State.Bids.Add(bid),
            Applications = State.Applications.Replace(entry, entry with { BidMade = true }),
        }).WithEvent(caller, AuditActions.BidAdded,
            $"Bid '{bid.Title}' made from its application: GBP {bid.AmountRequested:N2} requested by {bid.SponsoringOrganisation}.", bidId: bid.Id));
        return bid;
    }

    async Task<IReadOnlyList<ApplicationSummary>> IRoundGrain.ListApplications(Caller caller)
    {
        RequireExists();
        var reader = Authorise(caller, RoundAction.ReadApplications);
        var mine = State.Applications.Where(a => RoundPolicy.MayReadApplication(reader, a.ApplicantId)).ToList();
        var summaries = await Task.WhenAll(mine.Select(a => GrainFactory.Application(RoundId, a.Id).Summary()));
        return summaries.OfType<ApplicationSummary>().ToList();
    }

    Task<string?> IRoundGrain.ApplicantOfBid(Caller caller, string bidId)
    {
        RequireExists();
        Authorise(caller, RoundAction.Read);
        var entry = State.Applications.FirstOrDefault(a => a.Id == bidId && a.BidMade);
        return Task.FromResult(entry?.ApplicantId);
    }

    Task<IReadOnlyDictionary<string, string>> IRoundGrain.ApplicantsOfBids() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(_durable.Applications.Where(a => a.BidMade)
            .ToDictionary(a => a.Id, a => a.ApplicantId, StringComparer.Ordinal));

    Task<IReadOnlyList<CommitteeSeat>> IRoundGrain.Seats() => Task.FromResult<IReadOnlyList<CommitteeSeat>>(_durable.Committee);

    /// <summary>Submitted applications not yet screened: they are left out when scoring opens.</summary>
    private async Task<List<string>> Unscreened()
    {
        var open = State.Applications.Where(a => !a.BidMade).ToList();
        var summaries = await Task.WhenAll(open.Select(a => GrainFactory.Application(RoundId, a.Id).Summary()));
        return summaries.Where(s => s is { Status: ApplicationStatus.Submitted }).Select(s => s!.Id).ToList();
    }

    private async Task<IEnumerable<AuditEvent>> ApplicationsAudit()
    {
        var trails = await Task.WhenAll(State.Applications.Select(a => GrainFactory.Application(RoundId, a.Id).GetAudit()));
        return trails.SelectMany(t => t);
    }
}
