namespace Prioritise.Grains;

/// <summary>
/// <para>
/// <b>Multi-grain steps: durable intent, then idempotent follow-ups, finished on activation and on
/// retry.</b> Orleans has no transaction across grains, and the silo may be killed between any two
/// writes. So every step that changes more than one grain (close-scoring, finance's confirmation,
/// a cap revision, the seed load, and anything added later) is written the same way:
/// </para>
/// <list type="number">
/// <item><b>Intent.</b> The grain that owns the step first commits its own state in one write,
/// recording both the step's effect on itself and that follow-ups are owed: the round writes
/// status <c>moderation</c> with <see cref="PendingStep"/> set; the moderation writes the decision
/// (<c>Confirmed</c>) or the cap revision, whose follow-up is owed whenever the round's status
/// disagrees with it; the seed loader writes "seed load in progress" in the round registry.
/// Before this write nothing has happened; after it, the step <i>will</i> complete.</item>
/// <item><b>Idempotent follow-ups.</b> Then it calls the other grains, each call safe to repeat:
/// <c>IBidGrain.Seal</c>, <c>IModerationGrain.Start</c> (a second call changes nothing),
/// <c>IRoundGrain.SetDecided</c> (sets a status it may already have), and the seed loader's
/// look-before-you-write steps.</item>
/// <item><b>Done.</b> Where there is a marker, the owner clears it last (the round's
/// <see cref="PendingStep"/>, the registry's "seed load complete").</item>
/// </list>
/// <para>
/// Whatever the crash left is finished by whichever comes first: the owner's next activation (the
/// round finishes a pending close from a one-shot grain timer and asks the moderation how the
/// decision stands; the moderation tells the round on activation; the seed loader resumes at the
/// next start); a retry of the same request (close-scoring on a round whose close is pending
/// finishes it and answers 200; a confirmation retried with its Idempotency-Key tells the round
/// again); or a reader that notices (the moderation, not started while the round says scoring has
/// closed, asks the round to finish rather than answer 409 for good; the round asks the moderation
/// before changing the committee after scoring has closed).
/// </para>
/// <para>
/// Deadlocks: the grains are not reentrant, and these follow-ups call back into grains that may be
/// waiting on the caller. So the calls a follow-up makes into a grain that may be mid-request are
/// <c>[AlwaysInterleave]</c> and read or write only what the step owns
/// (<c>IModerationGrain.Start</c>, <c>IModerationGrain.DecisionConfirmed</c>, <c>IRoundGrain.Find</c>,
/// <c>SeatOf</c>), and the round never seals bids from <c>OnActivateAsync</c> (a bid's sheet
/// waiting on the round's permit would wait on the activation): it does that from a timer.
/// </para>
/// <para>docs/architecture.md, "Multi-grain steps", says the same for readers of the docs; the kill -9
/// tests are tests/Prioritise.Reliability.Tests/MultiGrainStepCrashTests.cs.</para>
/// </summary>
public static class MultiGrainStep
{
    /// <summary>Who finishes a step that left no marker (a close written before markers existed).</summary>
    public static Caller System { get; } = new("system", true);
}

/// <summary>A step begun by the grain whose state holds this, and not yet finished (<see cref="MultiGrainStep"/>).</summary>
/// <param name="Step">Which step (<see cref="CloseScoring"/>).</param>
/// <param name="By">Who asked for it, so follow-ups finished later are still theirs in the audit trail.</param>
/// <param name="Since">When the intent was written.</param>
[GenerateSerializer, Immutable]
public sealed record PendingStep([property: Id(0)] string Step, [property: Id(1)] Caller By, [property: Id(2)] DateTimeOffset Since)
{
    /// <summary>Scoring is closed (the round is in moderation); the bids are not yet sealed or the moderation not yet started.</summary>
    public const string CloseScoring = "close-scoring";
}
