using System.Collections.Immutable;
using Prioritise.Domain;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Domain.Validation;
using Prioritise.Grains.Storage;

namespace Prioritise.Grains.Bids;

/// <summary>A bid's sheets as they stand: the fold of its journal (see <see cref="BidGrain"/>).</summary>
[GenerateSerializer]
public sealed record BidSheetsState
{
    [Id(0)] public int SchemaVersion { get; init; } = 1;
    [Id(1)] public ImmutableDictionary<string, ScoreSheet> Submitted { get; init; } = ImmutableDictionary<string, ScoreSheet>.Empty;
    [Id(2)] public ImmutableDictionary<string, ScoreSheet> Drafts { get; init; } = ImmutableDictionary<string, ScoreSheet>.Empty;
    /// <summary>Bumped on every change to the submitted sheets, so the round keeps only the newest set.</summary>
    [Id(3)] public long Revision { get; init; }
    [Id(4)] public ImmutableList<AuditEvent> Events { get; init; } = [];
}

/// <summary>
/// One saved sheet, as the bid's journal keeps it: the sheet and its audit line, written once.
/// <see cref="BidGrain.Apply"/> turns it into the sheet's new revision and the audit event.
/// </summary>
[GenerateSerializer, Immutable, Alias("prioritise.bid.sheet-saved")]
public sealed record SheetSaved(
    [property: Id(0)] string MemberId,
    [property: Id(1)] Dictionary<string, int> Scores,
    [property: Id(2)] string? Comment,
    [property: Id(3)] bool Submitted,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string Action,
    [property: Id(6)] string What);

/// <summary>
/// The score sheets of one bid. A member writes only their own sheet, and only with the round's
/// permit (scoring open, on the committee as a scorer, not conflicted).
/// Each saved sheet is one journal entry, so the twentieth sheet costs what the first did; the
/// state is the fold of the entries over the snapshot (what releases before the journal wrote as
/// the bid's whole state, read and never written again).
/// </summary>
public sealed class BidGrain(
    [PersistentState("bid-sheets", StorageNames.Default)] IPersistentState<BidSheetsState> snapshot,
    IEventJournal journal,
    Orleans.Serialization.Serializer<SheetSaved> entries)
    : Grain, IBidGrain
{
    // Read on every sheet and every replayed entry: worked out from the grain's key once.
    private string? _roundId, _bidId;
    private string RoundId => _roundId ??= GrainKeys.Parts(this.GetPrimaryKeyString())[1];
    private string BidId => _bidId ??= GrainKeys.Parts(this.GetPrimaryKeyString())[2];
    private string? _auditSource;
    private string AuditSource => _auditSource ??= $"bid:{BidId}";

    private BidSheetsState State { get; set; } = new();
    private GrainJournal<SheetSaved> _journal = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _journal = new GrainJournal<SheetSaved>(journal, entries, this, "bid-sheets/" + this.GetPrimaryKeyString());
        State = await _journal.Replay(snapshot.State, Apply);
    }

    // Building a validator's rules costs more than running them; keep one per round definition.
    private (RoundDefinition Definition, SaveSheetValidator Validator)? _validator;

    private SaveSheetValidator ValidatorFor(RoundDefinition definition)
    {
        if (_validator is not { } cached || !ReferenceEquals(cached.Definition, definition))
            _validator = (definition, new SaveSheetValidator(definition));
        return _validator.Value.Validator;
    }

    async Task<SheetView> IBidGrain.SaveSheet(Caller caller, string memberId, SaveSheet command)
    {
        RoundPolicy.RequireOwnSheet(caller.IsAdmin, caller.Id, memberId, reading: false);
        var round = GrainFactory.Round(RoundId);
        SheetPermit permit;
        try
        {
            permit = await round.PermitSheet(memberId, BidId);
        }
        catch (DomainException e) when (caller.IsSecretary && e.Refusal == Refusal.NotFound && e.Errors.ContainsKey("roundId"))
        {
            // The organisation's secretary has a part in every round (so is not told it does not
            // exist), but no sheet to score where they hold no scorer's seat: 403, as RoundPolicy says.
            if (await round.Find() is not null) RoundPolicy.Require(false, true, null, RoundAction.ScoreSheet, RoundId);
            throw;
        }
        Validate.Check(ValidatorFor(permit.Definition), command);

        var scores = command.Scores!.ToDictionary(kv => kv.Key, kv => kv.Value!.Value, StringComparer.Ordinal);
        var comment = string.IsNullOrWhiteSpace(command.Comment) ? null : command.Comment.Trim();
        var submit = command.Submit == true;
        var previous = State.Submitted.GetValueOrDefault(memberId);
        var saved = submit
            ? previous is null
                ? new SheetSaved(memberId, scores, comment, true, DateTimeOffset.UtcNow, AuditActions.SheetSubmitted,
                    $"Sheet submitted: {Describe(permit, scores)}.")
                : new SheetSaved(memberId, scores, comment, true, DateTimeOffset.UtcNow, AuditActions.SheetReplaced,
                    $"Sheet replaced: {Describe(permit, scores)} (was {Describe(permit, previous.Scores)}).")
            : new SheetSaved(memberId, scores, comment, false, DateTimeOffset.UtcNow, AuditActions.DraftSaved,
                $"Draft saved with {scores.Count} of {permit.Definition.Criteria.Count} criteria scored.");
        var next = Apply(State, saved);
        await _journal.Append(saved);
        // Only once the entry is durable does memory move on; a failed append changes nothing.
        State = next;
        if (submit) PrioritiseMetrics.SheetsSubmitted.Add(1);
        if (submit)
            await round.SubmittedSheetsChanged(BidId, SubmittedSet());
        var sheet = submit ? State.Submitted[memberId] : State.Drafts[memberId];
        return new SheetView(sheet, State.Submitted.GetValueOrDefault(memberId));
    }

    /// <summary>
    /// A saved sheet's effect: a submitted one replaces the member's sheet (its revision one more)
    /// and drops their draft; a draft replaces their draft. Either way one audit event is added.
    /// Replaying the journal runs exactly this, so the state after a restart is the state before.
    /// </summary>
    internal BidSheetsState Apply(BidSheetsState state, SheetSaved saved)
    {
        var audit = state.Events.Append(AuditSource, saved.MemberId, saved.Action, saved.What,
            saved.Submitted ? saved.Comment : null, BidId, saved.MemberId, saved.At);
        if (saved.Submitted)
        {
            var revision = (state.Submitted.GetValueOrDefault(saved.MemberId)?.Revision ?? 0) + 1;
            var sheet = new ScoreSheet(BidId, saved.MemberId, saved.Scores, saved.Comment, true, saved.At, revision);
            return state with
            {
                Submitted = state.Submitted.SetItem(saved.MemberId, sheet),
                Drafts = state.Drafts.Remove(saved.MemberId),
                Revision = state.Revision + 1,
                Events = audit,
            };
        }
        var draftRevision = (state.Drafts.GetValueOrDefault(saved.MemberId)?.Revision ?? 0) + 1;
        var draft = new ScoreSheet(BidId, saved.MemberId, saved.Scores, saved.Comment, false, saved.At, draftRevision);
        return state with { Drafts = state.Drafts.SetItem(saved.MemberId, draft), Events = audit };
    }

    Task<SheetView> IBidGrain.GetSheet(Caller caller, string memberId)
    {
        RoundPolicy.RequireOwnSheet(caller.IsAdmin, caller.Id, memberId, reading: true);
        var submitted = State.Submitted.GetValueOrDefault(memberId);
        var current = State.Drafts.GetValueOrDefault(memberId) ?? submitted
            ?? throw DomainException.NotFound("memberId", "You have no sheet for this bid yet.");
        return Task.FromResult(new SheetView(current, submitted));
    }

    Task<SubmittedSet> IBidGrain.GetSubmitted() => Task.FromResult(SubmittedSet());

    Task<IReadOnlyList<AuditEvent>> IBidGrain.GetAudit() => Task.FromResult<IReadOnlyList<AuditEvent>>(State.Events);

    Task<IReadOnlyList<SheetComment>> IBidGrain.GetComments() => Task.FromResult<IReadOnlyList<SheetComment>>(
        State.Submitted.Values.Where(s => s.Comment is not null)
            .OrderBy(s => s.MemberId, StringComparer.Ordinal)
            .Select(s => new SheetComment(s.MemberId, s.Comment!, s.UpdatedAt)).ToList());

    Task IBidGrain.Seal() => Task.CompletedTask;

    /// <summary>
    /// The member's sheet as last sent to the round, by member. A sheet unchanged since is sent
    /// again as the same object, so each push makes one new entry rather than one per scorer
    /// (the round holds every set until the next; re-made entries outlived young collections).
    /// </summary>
    private readonly Dictionary<string, (ScoreSheet Sheet, SubmittedScores Sent)> _sent = new(StringComparer.Ordinal);

    private SubmittedSet SubmittedSet()
    {
        var sheets = new List<SubmittedScores>(State.Submitted.Count);
        foreach (var sheet in State.Submitted.Values)
        {
            if (!_sent.TryGetValue(sheet.MemberId, out var sent) || !ReferenceEquals(sent.Sheet, sheet))
                _sent[sheet.MemberId] = sent = (sheet, new SubmittedScores(sheet.MemberId, sheet.Scores));
            sheets.Add(sent.Sent);
        }
        // Member ids are the dictionary's keys, so no two compare equal and the order is total.
        sheets.Sort(static (a, b) => string.CompareOrdinal(a.MemberId, b.MemberId));
        return new(State.Revision, sheets);
    }

    /// <summary>"c1=5, c2=7, ...": the scores in the round's criterion order, for the audit line.</summary>
    private static string Describe(SheetPermit permit, IReadOnlyDictionary<string, int> scores)
    {
        // Written for every sheet saved, so built in one buffer rather than a string per score.
        var text = new System.Text.StringBuilder(12 * scores.Count);
        var criteria = permit.Definition.Criteria;
        for (var i = 0; i < criteria.Count; i++)
        {
            if (!scores.TryGetValue(criteria[i].Id, out var score)) continue;
            if (text.Length > 0) text.Append(", ");
            text.Append(criteria[i].Id).Append('=').Append(score);
        }
        return text.ToString();
    }
}
