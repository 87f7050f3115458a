using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Grains.Rounds;

/// <summary>
/// The round's multi-grain steps (<see cref="MultiGrainStep"/>): finishing a close of scoring
/// that a crash may have left half done, and following the moderation's decision. The round
/// grain holds one and calls it on its own turn; <paramref name="state"/> is the grain's state,
/// <paramref name="commit"/> its write and <paramref name="results"/> its results as they stand.
/// </summary>
internal sealed class RoundSteps(
    IGrainFactory grains,
    string roundId,
    Func<RoundState> state,
    Func<RoundState, Task> commit,
    Func<Task<RoundResults>> results)
{
    private RoundState State => state();

    /// <summary>
    /// The close's follow-ups, each idempotent: seal every bid (a sheet already past its permit may
    /// still be writing; once this returns the results can no longer change), start the moderation
    /// on the results (a second start changes nothing), then clear the marker.
    /// </summary>
    public async Task FinishClose(Caller by)
    {
        await Task.WhenAll(State.Bids.Select(b => grains.Bid(roundId, b.Id).Seal()));
        await grains.Moderation(roundId).Start(by, await results());
        if (State.Pending is not null) await commit(State with { Pending = null });
    }

    /// <summary>
    /// Finishes whatever multi-grain step a crash left: a pending close, then the status the
    /// moderation's decision says. Idempotent; does nothing before scoring closes.
    /// </summary>
    public async Task Resume()
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
    public async Task<bool> SyncDecision()
    {
        if (await grains.Moderation(roundId).DecisionConfirmed() is not { } confirmed) return false;
        await Take(confirmed);
        return true;
    }

    /// <summary>
    /// After scoring has closed the committee may change only until the decision is confirmed, and
    /// the decision is the moderation's: ask it (and finish a pending close) before changing anything.
    /// </summary>
    public async Task ResumeBeforeCommitteeChange()
    {
        if (State.Status >= RoundStatus.Moderation) await Resume();
    }

    /// <summary>
    /// The moderation's follow-up of a confirmation or a cap revision: idempotent, sent again on
    /// retry and on the moderation's activation. Only a closed round follows a decision: a
    /// moderation never moves a round out of scoring.
    /// </summary>
    public async Task Follow(bool confirmed)
    {
        if (State.Status < RoundStatus.Moderation) return;
        await Take(confirmed);
    }

    private async Task Take(bool confirmed)
    {
        var status = confirmed ? RoundStatus.Confirmed : RoundStatus.Moderation;
        if (State.Status != status) await commit(State with { Status = status });
    }
}
