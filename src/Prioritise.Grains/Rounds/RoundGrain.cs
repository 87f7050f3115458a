using Prioritise.Domain;
using Prioritise.Domain.Analytics;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Domain.Validation;

namespace Prioritise.Grains.Rounds;

/// <summary>
/// One committee's round. Holds who may do what and in which order; the maths is the domain's.
/// Submitted sheets stay in the bid grains, which report every change here, so results are
/// assembled from memory with no grain call per score (<see cref="RoundResultsCache"/>).
/// </summary>
public sealed partial class RoundGrain([PersistentState("round", StorageNames.Default)] IPersistentState<RoundState> store)
    : Grain, IRoundGrain
{
    // Interleaved calls read only what is already durable, never a state whose write is in flight.
    private RoundState _durable = new();
    // The sheets, results and comments; touched only on the grain's turn.
    private readonly RoundResultsCache _results = new();

    private string? _roundId;
    private string RoundId => _roundId ??= GrainKeys.Parts(this.GetPrimaryKeyString())[1];
    private RoundState State => store.State;

    // Finishing a close, following the moderation's decision (MultiGrainStep).
    private RoundSteps _steps = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _durable = store.State;
        // Mail the last change owes, not yet in the outbox (a crash after the commit that wrote it).
        if (State.MailOwed.Count > 0)
            this.RegisterGrainTimer(_ => HandOverMail(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        _steps = new RoundSteps(GrainFactory, RoundId, () => State, Commit, async () =>
        {
            await LoadSubmitted();
            return _results.Compute(Lookup(State));
        });
        // Finishes what a crash may have left half done (MultiGrainStep). A pending close seals
        // bids, which must not happen here (a bid's sheet waiting on this activation for its permit
        // would hold the seal up), so a one-shot timer does it; asking the moderation how the
        // decision stands is one interleaved read, so it is done now, before the first answer.
        if (State.Definition is null || State.Status < RoundStatus.Moderation) return;
        if (State.Pending is null && await _steps.SyncDecision()) return;
        this.RegisterGrainTimer(_ => _steps.Resume(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    private async Task Commit(RoundState next)
    {
        // Every committed change is a new version (issue 14), whoever made it.
        next = next with { Version = State.Version + 1 };
        await store.Commit(next);
        _durable = next;
        _results.RoundChanged();
    }

    // Bids and seats by id: replaced, never changed, whenever the state moves on (RoundLookup.For).
    private RoundLookup? _lookup;
    private RoundLookup Lookup(RoundState state) => _lookup = RoundLookup.For(state, _lookup);

    async Task<RoundView> IRoundGrain.Create(Caller caller, CreateRound command)
    {
        RoundPolicy.RequireSecretaryOrAdministrator(caller.IsAdmin, caller.IsSecretary);
        var definition = Validate.Check(new CreateRoundValidator(), command).ToDefinition(RoundId);
        if (State.Definition is not null)
            throw DomainException.Conflict("id", $"A round with id '{RoundId}' already exists.");
        var created = new RoundState { Definition = definition, Status = RoundStatus.Setup, CreatedAt = DateTimeOffset.UtcNow }
            .WithEvent(caller, AuditActions.RoundCreated,
                $"Round '{definition.Name}' created: cap GBP {definition.FundingCap:N2}, {definition.Criteria.Count} criteria, policy {definition.FundingLinePolicy}.");
        await Commit(created);
        await GrainFactory.Registry().Add(RoundId);
        return View();
    }

    Task<RoundView?> IRoundGrain.Find() => Task.FromResult(_durable.Definition is null ? null : View(_durable));

    Task<RoundView> IRoundGrain.Get(Caller caller)
    {
        RequireExists();
        Authorise(caller, RoundAction.Read);
        return Task.FromResult(View());
    }

    async Task IRoundGrain.Appoint(Caller caller, string memberId, AppointMember command)
    {
        RequireExists();
        Authorise(caller, RoundAction.Appoint);
        var roles = Validate.Check(new AppointMemberValidator(), command).Roles!;
        await _steps.ResumeBeforeCommitteeChange();
        RoundLifecycle.Require(State.Status, RoundAction.Appoint);
        var member = GrainFactory.Member(memberId);
        var profile = await member.GetProfile() ?? throw DomainException.NotFound("memberId", $"No member with id '{memberId}'.");
        var seat = new CommitteeSeat(profile.Id, profile.Name, profile.Organisation, profile.Interests, roles.Distinct().Order().ToList());
        var existing = Lookup(State).FindSeat(memberId);
        var committee = existing is null ? State.Committee.Add(seat) : State.Committee.Replace(existing, seat);
        await Commit((State with { Committee = committee }).WithEvent(caller, AuditActions.MemberAppointed,
            $"{profile.Name} ({profile.Organisation}) appointed as {string.Join(", ", seat.Roles).ToLowerInvariant()}.", memberId: memberId));
        await member.NoteAppointment(RoundId);
    }

    async Task<IReadOnlyList<CommitteeMemberView>> IRoundGrain.GetCommittee(Caller caller)
    {
        RequireExists();
        Authorise(caller, RoundAction.ReadCommittee);
        await LoadSubmitted();
        return _results.Committee(State);
    }

    async Task<Bid> IRoundGrain.AddBid(Caller caller, AddBid command)
    {
        RequireExists();
        Authorise(caller, RoundAction.AddBid);
        var valid = Validate.Check(new AddBidValidator(), command);
        var bid = valid.ToBid(valid.Id ?? Ids.New());
        RoundLifecycle.Require(State.Status, RoundAction.AddBid);
        if (Lookup(State).FindBid(bid.Id) is not null)
            throw DomainException.Conflict("id", $"A bid with id '{bid.Id}' already exists in this round.");
        await Commit((State with { Bids = State.Bids.Add(bid) }).WithEvent(caller, AuditActions.BidAdded,
            $"Bid '{bid.Title}' added: GBP {bid.AmountRequested:N2} requested by {bid.SponsoringOrganisation}.", bidId: bid.Id));
        return bid;
    }

    Task<IReadOnlyList<BidView>> IRoundGrain.GetBids(Caller caller)
    {
        RequireExists();
        var seat = Authorise(caller, RoundAction.Read).Seat;
        IReadOnlyList<BidView> bids = State.Bids.Select(b =>
        {
            if (seat is null || !seat.Has(CommitteeRole.Scorer)) return new BidView(b, null, null);
            var reason = State.ConflictReason(seat, b);
            return new BidView(b, reason is not null, reason);
        }).ToList();
        return Task.FromResult(bids);
    }

    async Task IRoundGrain.RecordConflict(Caller caller, RecordConflict command)
    {
        RequireExists();
        Authorise(caller, RoundAction.RecordConflict);
        var conflict = Validate.Check(new RecordConflictValidator(), command);
        await _steps.ResumeBeforeCommitteeChange();
        RoundLifecycle.Require(State.Status, RoundAction.RecordConflict);
        var seat = Lookup(State).FindSeat(conflict.MemberId!) ?? throw DomainException.NotFound("memberId", $"'{conflict.MemberId}' is not on this round's committee.");
        var bid = Lookup(State).FindBid(conflict.BidId!) ?? throw DomainException.NotFound("bidId", $"No bid '{conflict.BidId}' in this round.");
        if (State.Conflicts.Any(c => c.MemberId == seat.MemberId && c.BidId == bid.Id))
            throw DomainException.Conflict("bidId", $"A conflict for '{seat.MemberId}' on '{bid.Id}' is already recorded.");
        var declared = new DeclaredConflict(seat.MemberId, bid.Id, conflict.Reason!.Trim(), caller.Id, DateTimeOffset.UtcNow);
        await Commit((State with { Conflicts = State.Conflicts.Add(declared) }).WithEvent(caller, AuditActions.ConflictRecorded,
            $"{seat.Name} may not score '{bid.Title}'.", declared.Reason, bid.Id, seat.MemberId));
    }

    async Task<RoundView> IRoundGrain.OpenScoring(Caller caller)
    {
        RequireExists();
        Authorise(caller, RoundAction.OpenScoring);
        RoundLifecycle.Require(State.Status, RoundAction.OpenScoring, State.Definition!.Scoring);
        // The invitations are written in the same commit as the opening (issue 17), then handed to
        // the outbox: a crash in between is finished on activation (MultiGrainStep). Applications
        // still waiting to be screened are not bids: they stay out, and the answer names them (issue 15).
        var unscreened = await Unscreened();
        var invitations = await Invitations();
        await Commit((State with { Status = RoundStatus.Scoring, MailOwed = State.MailOwed.AddRange(invitations) })
            .WithEvent(caller, AuditActions.ScoringOpened,
                unscreened.Count == 0 ? "Scoring opened." : $"Scoring opened with {unscreened.Count} application(s) not yet screened left out: {string.Join(", ", unscreened)}."));
        await HandOverMail();
        return View() with { UnscreenedApplications = unscreened };
    }

    async Task<RoundView> IRoundGrain.CloseScoring(Caller caller)
    {
        RequireExists();
        Authorise(caller, RoundAction.CloseScoring);
        // A retry of a close that a crash left half done finishes it (MultiGrainStep); a close
        // that is done is refused as before.
        if (State.Pending is { Step: PendingStep.CloseScoring })
        {
            await _steps.Resume();
            return View();
        }
        // A round without scoring (issue 16) comes here from setup: the same step starts its moderation,
        // and, as opening scoring does, leaves out and names the applications not yet screened.
        var scoring = State.Definition!.Scoring;
        RoundLifecycle.Require(State.Status, RoundAction.CloseScoring, scoring);
        var unscreened = scoring == ScoringMode.None ? await Unscreened() : [];
        var what = scoring == ScoringMode.Scored ? "Scoring closed; moderation may begin."
            : unscreened.Count == 0 ? "Moderation started on the accepted applications; this round has no scoring."
            : $"Moderation started on the accepted applications, with {unscreened.Count} application(s) not yet screened left out: {string.Join(", ", unscreened)}; this round has no scoring.";
        // The intent: status and marker in one write. From here the close is finished, by this
        // call, by the next activation, by a retry, or by the moderation asking.
        await Commit((State with { Status = RoundStatus.Moderation, Pending = new PendingStep(PendingStep.CloseScoring, caller, DateTimeOffset.UtcNow) })
            .WithEvent(caller, AuditActions.ScoringClosed, what));
        await _steps.FinishClose(caller);
        return scoring == ScoringMode.None ? View() with { UnscreenedApplications = unscreened } : View();
    }

    async Task IRoundGrain.ResumePendingSteps() => await _steps.Resume();

    async Task<RoundResults> IRoundGrain.GetResults(Caller caller)
    {
        RequireExists();
        var reader = RequireFigures(caller, State);
        await LoadSubmitted();
        // The same instance while nothing has changed (silo/Http/BoardJson.cs caches its JSON).
        return Disclosure.Results(_results.Results(Lookup(State)), reader);
    }

    async Task<IReadOnlyList<string>> IRoundGrain.GetMySubmittedBids(Caller caller)
    {
        RequireExists();
        Authorise(caller, RoundAction.Read);
        await LoadSubmitted();
        return State.LiveBids.Where(b => _results.SubmittedFor(b.Id).Any(s => s.MemberId == caller.Id)).Select(b => b.Id).ToList();
    }

    async Task<IReadOnlyDictionary<string, IReadOnlyList<double>>> IRoundGrain.GetScorerTotals(Caller caller)
    {
        RequireExists();
        var reader = Authorise(caller, RoundAction.ReadScorerTotals);
        if (!Disclosure.ScoringClosed(State.Status))
            throw DomainException.Conflict("status", "Individual totals are shown only once scoring has closed.");
        await LoadSubmitted();
        var lookup = Lookup(State);
        return _results.ScorerTotals(lookup, reader);
    }

    async Task<RoundAnalysis> IRoundGrain.GetAnalysis(Caller caller, AnalysisOptions options)
    {
        // Interleaved with every other call: so it reads the durable state, never one being written.
        if (_durable.Definition is null) throw RoundPolicy.NoSuchRound(RoundId);
        var reader = RequireFigures(caller, _durable);
        options = options.Checked();
        await LoadSubmitted();
        // The inputs are taken in this turn; the draws run on the thread pool, off the grain's
        // scheduler, so calls to the round (sheets being saved, results read) are not held up.
        // The same version and options again: the same answer (or the computation under way), not
        // another one. The whole analysis is kept; each reader is shown what Disclosure allows.
        var analysis = await _analyses.GetOrAdd(_results.Version, options, () =>
        {
            var round = _durable;
            var lookup = Lookup(round);
            var bids = round.LiveBids.Select(b => new BidSheets(b, _results.CountingSheets(lookup, b))).ToList();
            var names = round.Committee.ToDictionary(s => s.MemberId, s => s.Name, StringComparer.Ordinal);
            return Task.Run(() => RoundAnalysis.Compute(round.Definition!, bids, names, options));
        });
        return Disclosure.Analysis(analysis, reader);
    }

    private readonly AnalysisCache<AnalysisOptions, RoundAnalysis> _analyses = new();

    /// <summary>
    /// Results and analysis: the administrator at any time, the committee once scoring has closed
    /// (<see cref="Disclosure.MaySeeFigures"/>); anyone else is told there is no such round.
    /// </summary>
    private Reader RequireFigures(Caller caller, RoundState round)
    {
        var reader = Authorise(caller, RoundAction.ReadResults, round);
        if (!Disclosure.MaySeeFigures(reader, round.Status))
            throw DomainException.Forbidden("Scores, means and results are shown once scoring has closed; until then the committee sees progress only.");
        return reader;
    }

    async Task<IReadOnlyList<AuditEvent>> IRoundGrain.GetAudit(Caller caller)
    {
        RequireExists();
        var reader = Authorise(caller, RoundAction.ReadAudit);
        var perBid = await Task.WhenAll(State.Bids.Select(b => GrainFactory.Bid(RoundId, b.Id).GetAudit()));
        var moderation = State.Status >= RoundStatus.Moderation ? await GrainFactory.Moderation(RoundId).GetAudit() : [];
        var applications = await ApplicationsAudit();
        // Issue 16: governance, conditions, releases and returns, after the decision.
        var governance = State.Status >= RoundStatus.Moderation ? await GrainFactory.Governance(RoundId).GetAudit() : [];
        var trail = AuditActions.Merge(State.Events.Concat(perBid.SelectMany(e => e)).Concat(moderation).Concat(applications).Concat(governance));
        return Disclosure.Audit(trail, State.Status, reader);
    }

    async Task<IReadOnlyList<BidComment>> IRoundGrain.GetComments(Caller caller)
    {
        RequireExists();
        var reader = RequireFigures(caller, State);
        // Asked beside every results read: a reader who may not see comments gets none, at no cost.
        if (!Disclosure.MaySeeComments(reader, State.Status)) return [];
        var comments = await _results.Comments(Lookup(State), id => GrainFactory.Bid(RoundId, id).GetComments());
        return Disclosure.Comments(comments, State.Status, reader);
    }

    Task<CommitteeSeat?> IRoundGrain.SeatOf(string memberId) => Task.FromResult(Lookup(_durable).FindSeat(memberId));

    Task<Reader?> IRoundGrain.ReaderOf(Caller caller) =>
        Task.FromResult(_durable.Definition is null ? null : Lookup(_durable).ReaderFor(caller));

    async Task IRoundGrain.SetDecided(bool confirmed)
    {
        // The moderation session records the decision itself (who, what, why) in the audit
        // trail; the round only follows it, so nothing is told twice. The moderation's follow-up
        // of a confirmation or a cap revision (MultiGrainStep): idempotent, sent again on retry
        // and on the moderation's activation.
        RequireExists();
        await _steps.Follow(confirmed);
    }

    Task<SheetPermit> IRoundGrain.PermitSheet(string memberId, string bidId)
    {
        var round = _durable;
        if (round.Definition is null) throw RoundPolicy.NoSuchRound(RoundId);
        var lookup = Lookup(round);
        var seat = lookup.FindSeat(memberId) ?? throw RoundPolicy.NoSuchRound(RoundId);
        var bid = lookup.FindBid(bidId) ?? throw DomainException.NotFound("bidId", $"No bid '{bidId}' in this round.");
        RoundPolicy.Require(false, seat, RoundAction.ScoreSheet, RoundId);
        if (bid.Withdrawn)
            throw DomainException.Conflict("bidId", $"'{bid.Title}' has been withdrawn; it is no longer scored.");
        if (round.ConflictReason(seat, bid) is { } reason)
            throw DomainException.Forbidden($"Conflict of interest: {reason}");
        RoundLifecycle.Require(round.Status, RoundAction.ScoreSheet, round.Definition.Scoring);
        return Task.FromResult(new SheetPermit(round.Definition));
    }

    Task IRoundGrain.SubmittedSheetsChanged(string bidId, SubmittedSet sheets)
    {
        // Worked out now, from the committed state (RoundResultsCache.SheetsChanged).
        _results.SheetsChanged(Lookup(_durable), bidId, sheets);
        return Task.CompletedTask;
    }

    /// <summary>After activation, asks each bid once for its submitted sheets; later changes are pushed.</summary>
    private Task LoadSubmitted() => _results.LoadSubmitted(State.Bids, id => GrainFactory.Bid(RoundId, id).GetSubmitted());

    private RoundView View() => View(State);

    private static RoundView View(RoundState s) => new(s.Definition!, s.Status, s.LiveBids.Count(), s.Committee.Count, s.CreatedAt, s.Version, s.Call);

    private void RequireExists()
    {
        if (State.Definition is null) throw RoundPolicy.NoSuchRound(RoundId);
    }

    /// <summary>Who the caller is to this round, once <see cref="RoundPolicy"/> lets them take the action.</summary>
    private Reader Authorise(Caller caller, RoundAction action, RoundState? round = null)
    {
        var reader = Lookup(round ?? State).ReaderFor(caller);
        RoundPolicy.Require(reader, action, RoundId);
        return reader;
    }
}
