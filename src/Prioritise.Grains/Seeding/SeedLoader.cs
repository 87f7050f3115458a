using Microsoft.Extensions.Logging;
using Prioritise.Domain;
using Prioritise.Domain.Applications;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Seeds;
using Prioritise.Domain.Validation;
using Prioritise.Grains.Security;

namespace Prioritise.Grains.Seeding;

/// <summary>
/// Loads a seed round through the same grain calls people make, so the seed's sheets, conflicts
/// and audit trail are exactly what the service would hold had the committee used it. Every step
/// first looks whether it is already done: loading twice changes nothing, and an interrupted load
/// resumes where it stopped. The start-up load is a multi-grain step (MultiGrainStep): its intent
/// ("seed load in progress" in the registry) is written before anything else, it is run again at
/// every start until its last write, the "seed complete" marker, and the steps a round finishes
/// itself (a close, a confirmation) are finished by the round and moderation grains.
/// </summary>
public sealed class SeedLoader(IGrainFactory grains, ILogger<SeedLoader> logger)
{
    /// <summary>The seed acts with admin rights but is named as itself in the audit trail.</summary>
    public static readonly Caller SeedCaller = new(Prioritise.Domain.Audit.AuditActors.SeedLoader, true);

    public async Task LoadAllIfEmpty(string seedsRoot, bool withModeration = true)
    {
        var registry = grains.Registry();
        if (!await registry.BeginSeedLoad()) return;
        foreach (var folder in SeedRound.Folders(seedsRoot))
        {
            var seed = SeedRound.Load(folder);
            await Load(withModeration ? seed : seed with { Moderation = null });
        }
        await registry.EndSeedLoad();
    }

    public async Task Load(SeedRound seed)
    {
        // The seed's commands go to the grains as they are: each is validated where it enters its grain.
        var roundId = seed.Round.Id ?? throw DomainException.Invalid("id", "A seed round needs an id.");
        var registry = grains.Registry();
        await registry.MarkSeeding(roundId, true);

        foreach (var m in seed.Members)
        {
            var member = grains.Member(m.Id);
            if (await member.GetProfile() is not null) continue;
            // Seeded people get a key nobody knows; an administrator issues them a real one.
            await member.Register(new CreateMember(m.Id, m.Name, m.Organisation, m.Interests), MemberKeys.Issue(m.Id).Hash);
        }

        var round = grains.Round(roundId);
        if (await round.Find() is null)
            await round.Create(SeedCaller, seed.Round);

        var seated = (await round.GetCommittee(SeedCaller)).Select(c => c.Seat.MemberId).ToHashSet();
        foreach (var m in seed.Members.Where(m => !seated.Contains(m.Id)))
            await round.Appoint(SeedCaller, m.Id, new AppointMember(m.Roles));

        var existingBids = (await round.GetBids(SeedCaller)).Select(b => b.Bid.Id).ToHashSet();
        foreach (var b in seed.Bids.Where(b => !existingBids.Contains(b.Id!)))
            await round.AddBid(SeedCaller, b);

        foreach (var c in seed.Conflicts)
        {
            try { await round.RecordConflict(SeedCaller, c); }
            catch (DomainException e) when (e.Refusal == Refusal.Conflict) { /* recorded by an earlier load */ }
        }

        if (seed.Call is { } call && seed.Applications is { } applications)
            await RunCall(roundId, call, applications);

        var found = (await round.Find())!;
        var status = found.Status;
        // A round without scoring (issue 16) never opens scoring: its accepted applications are its
        // bids, and its close-scoring ("closeScoring": true) starts the chair's moderation from setup.
        if (found.Definition.Scoring == ScoringMode.None)
        {
            if (status == RoundStatus.Setup && seed.CloseScoring) await round.CloseScoring(SeedCaller);
        }
        else if (status == RoundStatus.Setup && seed.OpenScoring)
        {
            await round.OpenScoring(SeedCaller);
            status = RoundStatus.Scoring;
        }
        if (status == RoundStatus.Scoring)
        {
            foreach (var sheet in seed.Sheets)
            {
                var bid = grains.Bid(roundId, sheet.BidId);
                var member = Caller.Member(sheet.MemberId);
                if (await HasSubmitted(bid, member)) continue;
                await bid.SaveSheet(member, sheet.MemberId,
                    new SaveSheet(sheet.Scores.ToDictionary(kv => kv.Key, kv => (int?)kv.Value), sheet.Comment, true));
            }
            if (seed.CloseScoring) await round.CloseScoring(SeedCaller);
        }
        // A close (or a confirmation) an earlier, interrupted load left half done is finished here.
        await round.ResumePendingSteps();
        // Issue 16: the bodies are named before the decision, so that it passes through them.
        if (seed.Governance is { } governance && (await grains.Governance(roundId).Get(SeedCaller)).Bodies.Count == 0)
            await grains.Governance(roundId).Set(governance.By is { } by ? Caller.Member(by) : SeedCaller, governance.Set);
        if (seed.Moderation is { } moderation && (await round.Find())!.Status >= RoundStatus.Moderation)
            await Moderate(roundId, moderation);
        if (seed.Governance is { Resolutions: { Count: > 0 } resolutions } g && (await round.Find())!.Status == RoundStatus.Confirmed)
            await Resolve(roundId, g.By, resolutions);

        await registry.MarkSeeding(roundId, false);
        logger.LogInformation("Seed round {RoundId} loaded: {Bids} bids, {Members} members, {Sheets} sheets.",
            roundId, seed.Bids.Count, seed.Members.Count, seed.Sheets.Count);
    }

    /// <summary>
    /// The call as it was run (issue 15): opened by the secretary, each application made and
    /// submitted by its applicant, screened by the secretary, the call closed. Each step looks first:
    /// an application half made by an interrupted load is finished by its grain, not made again.
    /// </summary>
    private async Task RunCall(string roundId, SeedCall call, IReadOnlyList<SeedApplication> applications)
    {
        var round = grains.Round(roundId);
        var secretary = Caller.Member(call.Secretary);
        foreach (var seeded in applications)
        {
            var applicant = Caller.Member(call.Applicants[seeded.Id]);
            var application = grains.Application(roundId, seeded.Id);
            await application.ResumePendingSteps();
            var summary = await application.Summary();
            if (summary is null)
            {
                if ((await round.Find())!.Call is not { Open: true })
                    await round.OpenCall(secretary, new OpenCall(DateTimeOffset.UtcNow.AddDays(28)));
                await application.Save(applicant, seeded.ToCommand(submit: true), creating: true);
                summary = await application.Summary();
            }
            if (summary!.Status is ApplicationStatus.Draft or ApplicationStatus.Returned)
            {
                await application.Save(applicant, seeded.ToCommand(submit: true), creating: false);
                summary = await application.Summary();
            }
            if (summary!.Status != ApplicationStatus.Submitted) continue;
            var outcome = call.Outcomes?.GetValueOrDefault(seeded.Id) ?? "accept";
            await application.Screen(secretary, outcome switch
            {
                "accept" => new ScreenApplication(ScreeningOutcome.Accept, null),
                "return" => new ScreenApplication(ScreeningOutcome.Return, "Returned by the seed."),
                _ => new ScreenApplication(ScreeningOutcome.Reject, "Rejected by the seed."),
            });
        }
        if ((await round.Find())!.Call is { Open: true })
            await round.CloseCall(secretary);
    }

    /// <summary>Replays the chair's actions and finance's confirmation, unless already done.</summary>
    private async Task Moderate(string roundId, SeedModeration seed)
    {
        var moderation = grains.Moderation(roundId);
        var chair = Caller.Member(seed.Chair);
        var view = await moderation.Get(chair);
        foreach (var action in seed.Actions.Skip(view.Actions.Count))
            view = (await moderation.Act(chair, action, null)).Moderation;
        // The round's bodies (governance.json) are named before this, in Load: the decision passes through them.
        if (seed.Decision is { } d && view.Decisions.Count == 0)
            await moderation.Confirm(Caller.Member(d.By), new ConfirmCommand(d.AcceptOverCommitment, d.Reason, null), null);
    }

    /// <summary>Records each body's resolution on decision 1 as the minutes give it, unless already recorded.</summary>
    private async Task Resolve(string roundId, string? secretary, IReadOnlyList<RecordResolution> resolutions)
    {
        var governance = grains.Governance(roundId);
        var recorded = (await governance.Standing(SeedCaller, 1)).Resolutions.Count;
        foreach (var resolution in resolutions.Skip(recorded))
            await governance.Resolve(secretary is null ? SeedCaller : Caller.Member(secretary), 1, resolution);
    }

    private static async Task<bool> HasSubmitted(IBidGrain bid, Caller member)
    {
        try { return (await bid.GetSheet(member, member.Id)).Submitted is not null; }
        catch (DomainException e) when (e.Refusal == Refusal.NotFound) { return false; }
    }
}
