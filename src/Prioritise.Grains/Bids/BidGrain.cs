using System.Collections.Immutable;
using Prioritise.Domain;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Domain.Validation;

namespace Prioritise.Grains.Bids;

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
/// The score sheets of one bid. A member writes only their own sheet, and only with the round's
/// permit (scoring open, on the committee as a scorer, not conflicted).
/// </summary>
public sealed class BidGrain([PersistentState("bid-sheets", StorageNames.Default)] IPersistentState<BidSheetsState> store)
    : Grain, IBidGrain
{
    private string RoundId => GrainKeys.Parts(this.GetPrimaryKeyString())[1];
    private string BidId => GrainKeys.Parts(this.GetPrimaryKeyString())[2];
    private BidSheetsState State => store.State;

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
        if (!caller.Is(memberId))
            throw DomainException.Forbidden("A member may only save their own score sheet.");
        var round = GrainFactory.Round(RoundId);
        var permit = await round.PermitSheet(memberId, BidId);
        Validate.Check(ValidatorFor(permit.Definition), command);

        var scores = command.Scores!.ToDictionary(kv => kv.Key, kv => kv.Value!.Value, StringComparer.Ordinal);
        var comment = string.IsNullOrWhiteSpace(command.Comment) ? null : command.Comment.Trim();
        var now = DateTimeOffset.UtcNow;
        var previous = State.Submitted.GetValueOrDefault(memberId);
        BidSheetsState next;
        ScoreSheet sheet;
        if (command.Submit == true)
        {
            sheet = new ScoreSheet(BidId, memberId, scores, comment, true, now, (previous?.Revision ?? 0) + 1);
            var action = previous is null ? AuditActions.SheetSubmitted : AuditActions.SheetReplaced;
            var what = previous is null
                ? $"Sheet submitted: {Describe(permit, scores)}."
                : $"Sheet replaced: {Describe(permit, scores)} (was {Describe(permit, previous.Scores)}).";
            next = WithEvent(State with
            {
                Submitted = State.Submitted.SetItem(memberId, sheet),
                Drafts = State.Drafts.Remove(memberId),
                Revision = State.Revision + 1,
            }, memberId, action, what, comment);
        }
        else
        {
            var draftRevision = (State.Drafts.GetValueOrDefault(memberId)?.Revision ?? 0) + 1;
            sheet = new ScoreSheet(BidId, memberId, scores, comment, false, now, draftRevision);
            next = WithEvent(State with { Drafts = State.Drafts.SetItem(memberId, sheet) }, memberId,
                AuditActions.DraftSaved, $"Draft saved with {scores.Count} of {permit.Definition.Criteria.Count} criteria scored.", null);
        }

        await store.Commit(next);
        if (command.Submit == true)
            await round.SubmittedSheetsChanged(BidId, SubmittedSet());
        return new SheetView(sheet, State.Submitted.GetValueOrDefault(memberId));
    }

    Task<SheetView> IBidGrain.GetSheet(Caller caller, string memberId)
    {
        if (!caller.Is(memberId))
            throw DomainException.Forbidden("A member may only read their own score sheet.");
        var submitted = State.Submitted.GetValueOrDefault(memberId);
        var current = State.Drafts.GetValueOrDefault(memberId) ?? submitted
            ?? throw DomainException.NotFound("memberId", "You have no sheet for this bid yet.");
        return Task.FromResult(new SheetView(current, submitted));
    }

    Task<SubmittedSet> IBidGrain.GetSubmitted() => Task.FromResult(SubmittedSet());

    Task<IReadOnlyList<AuditEvent>> IBidGrain.GetAudit() => Task.FromResult<IReadOnlyList<AuditEvent>>(State.Events);

    Task IBidGrain.Seal() => Task.CompletedTask;

    private SubmittedSet SubmittedSet() =>
        new(State.Revision, State.Submitted.Values.OrderBy(s => s.MemberId, StringComparer.Ordinal)
            .Select(s => new SubmittedScores(s.MemberId, s.Scores)).ToList());

    private BidSheetsState WithEvent(BidSheetsState state, string memberId, string action, string what, string? why) =>
        state with { Events = state.Events.Append($"bid:{BidId}", memberId, action, what, why, BidId, memberId) };

    private static string Describe(SheetPermit permit, IReadOnlyDictionary<string, int> scores) =>
        string.Join(", ", permit.Definition.Criteria.Where(c => scores.ContainsKey(c.Id)).Select(c => $"{c.Id}={scores[c.Id]}"));
}
