namespace Prioritise.Domain.Governance;

/// <summary>What a body may do with the committee's decision on its way to approval.</summary>
public enum BodyPower
{
    /// <summary>Endorses (or declines, or defers) and passes the decision on.</summary>
    Endorse,
    /// <summary>May approve it; the decision is approved when the last such body approves.</summary>
    Approve,
}

/// <summary>A board or group the decision passes through (the round names them, in order).</summary>
public sealed record GoverningBody(string Id, string Name, BodyPower Power);

public enum ResolutionOutcome { Endorsed, Approved, Declined, Deferred }

/// <summary>What one body resolved at one meeting, as the secretary records it from the minutes.</summary>
public sealed record Resolution(
    string BodyId,
    ResolutionOutcome Outcome,
    DateOnly MeetingDate,
    string? MinuteRef,
    string? Note,
    string RecordedBy,
    DateTimeOffset RecordedAt);

/// <summary>
/// Where a decision stands: confirmed by finance, approved by the last approving body, declined by
/// a body, or superseded by a later decision after a cap revision.
/// </summary>
public enum DecisionStatus { Confirmed, Approved, Declined, Superseded }

/// <summary>
/// The decision's way through governance: the bodies in order, each resolving once it is its turn.
/// A body's turn comes when every body before it has passed the decision (endorsed or approved); a
/// deferral leaves it that body's turn (it resolves again at a later meeting); a decline ends the
/// decision's way. With no bodies named, finance's confirmation is the approval.
/// </summary>
public static class GovernanceRules
{
    public static DecisionStatus Status(IReadOnlyList<GoverningBody> bodies, IReadOnlyList<Resolution> resolutions, bool superseded)
    {
        if (superseded) return DecisionStatus.Superseded;
        if (resolutions.Any(r => r.Outcome == ResolutionOutcome.Declined)) return DecisionStatus.Declined;
        if (bodies.Count == 0) return DecisionStatus.Approved;
        var lastApprover = bodies.LastOrDefault(b => b.Power == BodyPower.Approve);
        // A way with no approving body cannot approve: it stays confirmed however many endorse it.
        if (lastApprover is null) return DecisionStatus.Confirmed;
        return Latest(resolutions, lastApprover.Id)?.Outcome == ResolutionOutcome.Approved
            ? DecisionStatus.Approved
            : DecisionStatus.Confirmed;
    }

    /// <summary>The body whose turn it is, or null when the decision's way has ended (approved, declined, or every body passed it).</summary>
    public static GoverningBody? Next(IReadOnlyList<GoverningBody> bodies, IReadOnlyList<Resolution> resolutions)
    {
        if (resolutions.Any(r => r.Outcome == ResolutionOutcome.Declined)) return null;
        foreach (var body in bodies)
        {
            var latest = Latest(resolutions, body.Id);
            if (latest is null || latest.Outcome == ResolutionOutcome.Deferred) return body;
        }
        return null;
    }

    /// <summary>Accepts a resolution as the next step of the decision's way, or refuses it (nothing changes).</summary>
    public static void Check(
        IReadOnlyList<GoverningBody> bodies, IReadOnlyList<Resolution> resolutions, bool superseded, string bodyId, ResolutionOutcome outcome)
    {
        if (bodies.Count == 0)
            throw DomainException.NotFound("bodyId",
                "The round names no bodies for its decisions to pass through: its decisions are approved when finance confirms them.");
        var status = Status(bodies, resolutions, superseded);
        if (status != DecisionStatus.Confirmed)
            throw DomainException.Conflict("status", status switch
            {
                DecisionStatus.Approved => "The decision has been approved; no further resolution can be recorded.",
                DecisionStatus.Declined => "The decision was declined; no further resolution can be recorded. A new decision is needed.",
                _ => "The decision has been superseded by a later decision; record resolutions against that one.",
            });
        var body = bodies.FirstOrDefault(b => b.Id == bodyId)
            ?? throw DomainException.NotFound("bodyId", $"'{bodyId}' is not one of the bodies this round's decisions pass through.");
        if (!Outcomes(body.Power).Contains(outcome))
            throw DomainException.Invalid("outcome", body.Power == BodyPower.Approve
                ? $"{body.Name} is the body that approves the decision: record it as approved, declined or deferred."
                : $"{body.Name} endorses the decision; it cannot approve it.");
        var next = Next(bodies, resolutions);
        if (next is not null && next.Id != body.Id)
            throw DomainException.Conflict("bodyId", $"It is {next.Name}'s turn: the decision comes to {body.Name} after that.");
        if (next is null)
            throw DomainException.Conflict("bodyId", $"{body.Name} has already passed the decision.");
    }

    /// <summary>
    /// Bodies may be named or changed until a decision is approved: changing them mid-way keeps the
    /// resolutions already recorded, so a body that has resolved may not be removed.
    /// </summary>
    public static void CheckChange(IReadOnlyList<GoverningBody> proposed, IReadOnlyList<Resolution> resolutions, DecisionStatus? current)
    {
        if (current is DecisionStatus.Approved)
            throw DomainException.Conflict("bodies", "The decision has been approved: its governance can no longer change.");
        var ids = proposed.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        if (resolutions.FirstOrDefault(r => !ids.Contains(r.BodyId)) is { } kept)
            throw DomainException.Conflict("bodies", $"'{kept.BodyId}' has already resolved on the decision and must stay in its governance.");
    }

    /// <summary>What a body may resolve, by its power: the pages offer exactly these.</summary>
    public static IReadOnlyList<ResolutionOutcome> Outcomes(BodyPower power) => power == BodyPower.Approve
        ? [ResolutionOutcome.Approved, ResolutionOutcome.Declined, ResolutionOutcome.Deferred]
        : [ResolutionOutcome.Endorsed, ResolutionOutcome.Declined, ResolutionOutcome.Deferred];

    /// <summary>The body's latest resolution on the decision (a deferral is followed by the next meeting's), or null.</summary>
    public static Resolution? Latest(IReadOnlyList<Resolution> resolutions, string bodyId)
    {
        Resolution? latest = null;
        foreach (var r in resolutions)
            if (r.BodyId == bodyId) latest = r;
        return latest;
    }
}
