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
/// assembled from memory with no grain call per score.
/// </summary>
public sealed class RoundGrain([PersistentState("round", StorageNames.Default)] IPersistentState<RoundState> store)
    : Grain, IRoundGrain
{
    // Interleaved calls read only what is already durable, never a state whose write is in flight.
    private RoundState _durable = new();
    private readonly Dictionary<string, SubmittedSet> _submitted = new(StringComparer.Ordinal);
    private bool _submittedLoaded;

    private string? _roundId;
    private string RoundId => _roundId ??= GrainKeys.Parts(this.GetPrimaryKeyString())[1];
    private RoundState State => store.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _durable = store.State;
        // Finishes what a crash may have left half done (MultiGrainStep). A pending close seals
        // bids, which must not happen here (a bid's sheet waiting on this activation for its permit
        // would hold the seal up), so a one-shot timer does it; asking the moderation how the
        // decision stands is one interleaved read, so it is done now, before the first answer.
        if (State.Definition is null || State.Status < RoundStatus.Moderation) return;
        if (State.Pending is null && await SyncDecision()) return;
        this.RegisterGrainTimer(_ => ResumePendingSteps(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    private async Task Commit(RoundState next)
    {
        await store.Commit(next);
        _durable = next;
        // Committee, conflicts, bids or criteria may have changed: every bid's result is stale.
        // (Sheets pushed while the write was in flight used the old state; cleared here, after.)
        _bidResults.Clear();
        _resultsVersion++;
        _counts.Clear();
    }

    // Bids and seats by id: replaced, never changed, whenever the state moves on (RoundLookup.For).
    private RoundLookup? _lookup;
    private RoundLookup Lookup(RoundState state) => _lookup = RoundLookup.For(state, _lookup);

    /// <summary>Whether a member's sheet counts for a bid (a scorer, not conflicted), as last worked out.</summary>
    private readonly Dictionary<(string BidId, string MemberId), bool> _counts = new();

    /// <summary>Each bid's result with the revision of the sheets it was computed from.</summary>
    private readonly Dictionary<string, (long Revision, BidResult Result)> _bidResults = new(StringComparer.Ordinal);

    /// <summary>
    /// Bumped by anything that can change the results (a bid's submitted sheets, the round's
    /// state); the last results are handed out again, the same instance, while it stands still,
    /// so a settled round is not recomputed, and not re-serialised, for every reader.
    /// </summary>
    private long _resultsVersion;
    private (long Version, RoundResults Results)? _lastResults;

    async Task<RoundView> IRoundGrain.Create(Caller caller, CreateRound command)
    {
        RoundPolicy.RequireAdministrator(caller.IsAdmin);
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
        await ResumeBeforeCommitteeChange();
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
        return State.Committee.Select(seat =>
        {
            var conflicts = State.Bids
                .Select(b => (Bid: b, Reason: State.ConflictReason(seat, b)))
                .Where(x => x.Reason is not null)
                .Select(x => new DeclaredConflictView(x.Bid.Id, x.Reason!)).ToList();
            var expected = seat.Has(CommitteeRole.Scorer) ? State.Bids.Count - conflicts.Count : 0;
            var submitted = seat.Has(CommitteeRole.Scorer)
                ? State.Bids.Count(b => State.ConflictReason(seat, b) is null && SubmittedFor(b.Id).Any(s => s.MemberId == seat.MemberId))
                : 0;
            return new CommitteeMemberView(seat, conflicts, submitted, expected);
        }).ToList();
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
        await ResumeBeforeCommitteeChange();
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
        RoundLifecycle.Require(State.Status, RoundAction.OpenScoring);
        await Commit((State with { Status = RoundStatus.Scoring }).WithEvent(caller, AuditActions.ScoringOpened, "Scoring opened."));
        return View();
    }

    async Task<RoundView> IRoundGrain.CloseScoring(Caller caller)
    {
        RequireExists();
        Authorise(caller, RoundAction.CloseScoring);
        // A retry of a close that a crash left half done finishes it (MultiGrainStep); a close
        // that is done is refused as before.
        if (State.Pending is { Step: PendingStep.CloseScoring })
        {
            await ResumePendingSteps();
            return View();
        }
        RoundLifecycle.Require(State.Status, RoundAction.CloseScoring);
        // The intent: status and marker in one write. From here the close is finished, by this
        // call, by the next activation, by a retry, or by the moderation asking.
        await Commit((State with { Status = RoundStatus.Moderation, Pending = new PendingStep(PendingStep.CloseScoring, caller, DateTimeOffset.UtcNow) })
            .WithEvent(caller, AuditActions.ScoringClosed, "Scoring closed; moderation may begin."));
        await FinishClose(caller);
        return View();
    }

    /// <summary>
    /// The close's follow-ups, each idempotent: seal every bid (a sheet already past its permit may
    /// still be writing; once this returns the results can no longer change), start the moderation
    /// on the results (a second start changes nothing), then clear the marker.
    /// </summary>
    private async Task FinishClose(Caller by)
    {
        await Task.WhenAll(State.Bids.Select(b => GrainFactory.Bid(RoundId, b.Id).Seal()));
        await LoadSubmitted();
        await GrainFactory.Moderation(RoundId).Start(by, ComputeResults());
        if (State.Pending is not null) await Commit(State with { Pending = null });
    }

    async Task IRoundGrain.ResumePendingSteps() => await ResumePendingSteps();

    /// <summary>
    /// Finishes whatever multi-grain step a crash left: a pending close, then the status the
    /// moderation's decision says. Idempotent; does nothing before scoring closes.
    /// </summary>
    private async Task ResumePendingSteps()
    {
        if (State.Definition is null || State.Status < RoundStatus.Moderation) return;
        if (State.Pending is { Step: PendingStep.CloseScoring } pending) await FinishClose(pending.By);
        // A moderation not started after the close: a close written before the marker existed.
        if (!await SyncDecision()) await FinishClose(MultiGrainStep.System);
    }

    /// <summary>
    /// Takes the status the moderation's durable decision says (confirmed or not); false when the
    /// moderation has not started. The moderation's answer is interleaved, so this is safe while
    /// it waits on the round.
    /// </summary>
    private async Task<bool> SyncDecision()
    {
        if (await GrainFactory.Moderation(RoundId).DecisionConfirmed() is not { } confirmed) return false;
        var status = confirmed ? RoundStatus.Confirmed : RoundStatus.Moderation;
        if (State.Status != status) await Commit(State with { Status = status });
        return true;
    }

    /// <summary>
    /// After scoring has closed the committee may change only until the decision is confirmed, and
    /// the decision is the moderation's: ask it (and finish a pending close) before changing anything.
    /// </summary>
    private async Task ResumeBeforeCommitteeChange()
    {
        if (State.Status >= RoundStatus.Moderation) await ResumePendingSteps();
    }

    async Task<RoundResults> IRoundGrain.GetResults(Caller caller)
    {
        RequireExists();
        var reader = RequireFigures(caller, State);
        await LoadSubmitted();
        if (_lastResults is { } last && last.Version == _resultsVersion) return Disclosure.Results(last.Results, reader);
        // Each bid's result was worked out when its sheets arrived (Remember), so this ranks and
        // draws the line over results already in hand: a read while sheets pour in no longer
        // recomputes every bid that changed since the last one.
        var results = ComputeResults();
        _lastResults = (_resultsVersion, results);
        return Disclosure.Results(results, reader);
    }

    async Task<IReadOnlyList<string>> IRoundGrain.GetMySubmittedBids(Caller caller)
    {
        RequireExists();
        Authorise(caller, RoundAction.Read);
        await LoadSubmitted();
        return State.Bids.Where(b => SubmittedFor(b.Id).Any(s => s.MemberId == caller.Id)).Select(b => b.Id).ToList();
    }

    async Task<IReadOnlyDictionary<string, IReadOnlyList<double>>> IRoundGrain.GetScorerTotals(Caller caller)
    {
        RequireExists();
        var reader = Authorise(caller, RoundAction.ReadScorerTotals);
        if (!Disclosure.ScoringClosed(State.Status))
            throw DomainException.Conflict("status", "Individual totals are shown only once scoring has closed.");
        await LoadSubmitted();
        var criteria = State.Definition!.Criteria;
        var lookup = Lookup(State);
        return State.Bids.Where(b => !Disclosure.Withholds(reader, b.Id)).ToDictionary(b => b.Id, b => (IReadOnlyList<double>)CountingSheets(lookup, b)
            .Select(s => ScoringMethod.ScorerTotal(criteria, s.Scores)).Order().ToList());
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
        var analysis = await _analyses.GetOrAdd(_resultsVersion, options, () =>
        {
            var round = _durable;
            var lookup = Lookup(round);
            var bids = round.Bids.Select(b => new BidSheets(b, CountingSheets(lookup, b))).ToList();
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

    /// <summary>
    /// Results from the submitted sheets, reusing each bid's result while its sheets and the round
    /// are unchanged. Every cache here is touched only on the grain's turn.
    /// </summary>
    private RoundResults ComputeResults()
    {
        var lookup = Lookup(State);
        return FundingLine.Results(lookup.State.Definition!, lookup.State.Bids.Select(bid => ResultFor(lookup, bid)));
    }

    private BidResult ResultFor(RoundLookup lookup, Bid bid)
    {
        var revision = _submitted.GetValueOrDefault(bid.Id)?.Revision ?? 0;
        if (_bidResults.TryGetValue(bid.Id, out var cached) && cached.Revision == revision) return cached.Result;
        var result = ScoringMethod.Compute(lookup.State.Definition!, bid, CountingSheets(lookup, bid));
        _bidResults[bid.Id] = (revision, result);
        return result;
    }

    /// <summary>The sheets that count for a bid (<see cref="RoundState.SheetCounts"/>), each member's answer remembered until the round changes.</summary>
    private List<SubmittedScores> CountingSheets(RoundLookup lookup, Bid bid) =>
        SubmittedFor(bid.Id).Where(s => Counts(lookup, bid, s.MemberId)).ToList();

    private bool Counts(RoundLookup lookup, Bid bid, string memberId)
    {
        if (_counts.TryGetValue((bid.Id, memberId), out var counts)) return counts;
        counts = lookup.State.SheetCounts(lookup.FindSeat(memberId), bid);
        _counts[(bid.Id, memberId)] = counts;
        return counts;
    }

    async Task<IReadOnlyList<AuditEvent>> IRoundGrain.GetAudit(Caller caller)
    {
        RequireExists();
        var reader = Authorise(caller, RoundAction.ReadAudit);
        var perBid = await Task.WhenAll(State.Bids.Select(b => GrainFactory.Bid(RoundId, b.Id).GetAudit()));
        var moderation = State.Status >= RoundStatus.Moderation ? await GrainFactory.Moderation(RoundId).GetAudit() : [];
        var trail = AuditActions.Merge(State.Events.Concat(perBid.SelectMany(e => e)).Concat(moderation));
        return Disclosure.Audit(trail, State.Status, reader);
    }

    async Task<IReadOnlyList<BidComment>> IRoundGrain.GetComments(Caller caller)
    {
        RequireExists();
        var reader = RequireFigures(caller, State);
        // Asked beside every results read: a reader who may not see comments gets none, at no cost.
        if (!Disclosure.MaySeeComments(reader, State.Status)) return [];
        if (_comments is not { } known || known.Version != _resultsVersion)
        {
            // Sheets are sealed once scoring closes, so this is gathered once per round state.
            var version = _resultsVersion;
            var lookup = Lookup(State);
            var bids = State.Bids;
            var sheets = await Task.WhenAll(bids.Select(b => GrainFactory.Bid(RoundId, b.Id).GetComments()));
            var all = new List<BidComment>();
            for (var i = 0; i < bids.Count; i++)
                foreach (var sheet in sheets[i])
                    // Only sheets that count: a member conflicted on the bid, or off the committee, is not heard on it.
                    if (Counts(lookup, bids[i], sheet.MemberId))
                        all.Add(new BidComment(bids[i].Id, sheet.MemberId, lookup.FindSeat(sheet.MemberId)?.Name ?? sheet.MemberId, sheet.Comment, sheet.At));
            _comments = known = (version, all);
        }
        return Disclosure.Comments(known.All, State.Status, reader);
    }

    private (long Version, List<BidComment> All)? _comments;

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
        // Only a closed round follows a decision: a moderation never moves a round out of scoring.
        if (State.Status < RoundStatus.Moderation) return;
        var status = confirmed ? RoundStatus.Confirmed : RoundStatus.Moderation;
        if (State.Status != status) await Commit(State with { Status = status });
    }

    Task<SheetPermit> IRoundGrain.PermitSheet(string memberId, string bidId)
    {
        var round = _durable;
        if (round.Definition is null) throw RoundPolicy.NoSuchRound(RoundId);
        var lookup = Lookup(round);
        var seat = lookup.FindSeat(memberId) ?? throw RoundPolicy.NoSuchRound(RoundId);
        var bid = lookup.FindBid(bidId) ?? throw DomainException.NotFound("bidId", $"No bid '{bidId}' in this round.");
        RoundPolicy.Require(false, seat, RoundAction.ScoreSheet, RoundId);
        if (round.ConflictReason(seat, bid) is { } reason)
            throw DomainException.Forbidden($"Conflict of interest: {reason}");
        RoundLifecycle.Require(round.Status, RoundAction.ScoreSheet);
        return Task.FromResult(new SheetPermit(round.Definition));
    }

    Task IRoundGrain.SubmittedSheetsChanged(string bidId, SubmittedSet sheets)
    {
        // The bid's result is worked out now, as its sheets arrive, so a results read while sheets
        // pour in only ranks. From the committed state: a change to the round clears every result,
        // so none outlives the state it used.
        if (Remember(bidId, sheets) && Lookup(_durable) is { State.Definition: not null } lookup && lookup.FindBid(bidId) is { } bid)
            ResultFor(lookup, bid);
        return Task.CompletedTask;
    }

    /// <summary>Keeps the newer of the sets it has and this one; true if this one was newer.</summary>
    private bool Remember(string bidId, SubmittedSet sheets)
    {
        if (_submitted.TryGetValue(bidId, out var known) && known.Revision >= sheets.Revision) return false;
        _submitted[bidId] = sheets;
        _resultsVersion++;
        return true;
    }

    /// <summary>After activation, asks each bid once for its submitted sheets; later changes are pushed.</summary>
    private async Task LoadSubmitted()
    {
        if (_submittedLoaded) return;
        var bids = State.Bids.Select(b => b.Id).ToList();
        var sets = await Task.WhenAll(bids.Select(id => GrainFactory.Bid(RoundId, id).GetSubmitted()));
        for (var i = 0; i < bids.Count; i++) Remember(bids[i], sets[i]);
        _submittedLoaded = true;
    }

    private IReadOnlyList<SubmittedScores> SubmittedFor(string bidId) =>
        _submitted.TryGetValue(bidId, out var set) ? set.Sheets : [];

    private RoundView View() => View(State);

    private static RoundView View(RoundState s) => new(s.Definition!, s.Status, s.Bids.Count, s.Committee.Count, s.CreatedAt);

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
