using System.Collections.Immutable;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Governance;
using Prioritise.Domain.Mail;

namespace Prioritise.Grains.Governance;

/// <summary>
/// A round's life after the decision: the fold of its governance journal, each event by its one
/// <c>Apply</c>, so the state after a restart is the state before.
/// </summary>
public sealed record GovernanceState
{
    public ImmutableList<GoverningBody> Bodies { get; init; } = [];
    public FeedbackPolicy FeedbackPolicy { get; init; } = FeedbackPolicy.OutcomeOnly;
    /// <summary>The board paper's cover and prose as the secretary set them (null: written from the round).</summary>
    public Prioritise.Domain.Reports.PaperDetails? Paper { get; init; }
    /// <summary>Each decision's resolutions, in the order recorded.</summary>
    public ImmutableDictionary<int, ImmutableList<Resolution>> Resolutions { get; init; } = ImmutableDictionary<int, ImmutableList<Resolution>>.Empty;
    /// <summary>Conditions met or waived, by id (open ones are the decision's own: <see cref="ConditionRules.Of"/>).</summary>
    public ImmutableDictionary<string, Condition> Discharged { get; init; } = ImmutableDictionary<string, Condition>.Empty;
    public ImmutableList<Release> Releases { get; init; } = [];
    public ImmutableList<MonitoringReturn> Returns { get; init; } = [];
    public ImmutableDictionary<string, BidFeedback> Feedback { get; init; } = ImmutableDictionary<string, BidFeedback>.Empty;
    /// <summary>Decisions whose outcome letters have been written (owed or handed over): each is written once.</summary>
    public ImmutableHashSet<int> Lettered { get; init; } = [];
    /// <summary>Letters written and not yet in the outbox (MultiGrainStep): handed over on activation.</summary>
    public ImmutableList<Letter> MailOwed { get; init; } = [];
    public ImmutableList<AuditEvent> Events { get; init; } = [];

    public ImmutableList<Resolution> ResolutionsOf(int number) => Resolutions.GetValueOrDefault(number) ?? [];

    public GovernanceState Apply(IGovernanceEvent entry) => entry switch
    {
        GovernanceSet set => this with { Bodies = [.. set.Bodies], FeedbackPolicy = set.FeedbackPolicy, Paper = set.Paper, Events = Events.Add(set.Event) },
        ResolutionRecorded r => Apply(r),
        ApprovedOnConfirmation a => this with
        {
            Lettered = Lettered.Add(a.Number), MailOwed = MailOwed.AddRange(a.Letters), Events = Events.Add(a.Event),
        },
        LettersHandedOver => this with { MailOwed = [] },
        ConditionDischarged d => this with { Discharged = Discharged.SetItem(d.Condition.Id, d.Condition), Events = Events.Add(d.Event) },
        FundsReleased f => this with { Releases = Releases.Add(f.Release), Events = Events.Add(f.Event) },
        ReturnFiled r => this with { Returns = Returns.Add(r.Return), Events = Events.Add(r.Event) },
        FeedbackWritten f => this with { Feedback = Feedback.SetItem(f.Feedback.BidId, f.Feedback), Events = Events.Add(f.Event) },
        _ => throw new InvalidDataException($"The governance journal holds an entry it does not know: {entry.GetType().Name}."),
    };

    private GovernanceState Apply(ResolutionRecorded r) => this with
    {
        Resolutions = Resolutions.SetItem(r.Number, ResolutionsOf(r.Number).Add(r.Resolution)),
        Lettered = r.Letters is null ? Lettered : Lettered.Add(r.Number),
        MailOwed = r.Letters is null ? MailOwed : MailOwed.AddRange(r.Letters),
        Events = r.Approved is null ? Events.Add(r.Event) : Events.Add(r.Event).Add(r.Approved),
    };
}
