using System.Collections.Immutable;
using System.Security.Cryptography;
using Prioritise.Domain;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;

namespace Prioritise.Grains.Members;

[GenerateSerializer]
public sealed record MemberState
{
    [Id(0)] public int SchemaVersion { get; init; } = 1;
    [Id(1)] public MemberProfile? Profile { get; init; }
    [Id(2)] public byte[] KeyHash { get; init; } = [];
    [Id(3)] public DateTimeOffset CreatedAt { get; init; }
    [Id(4)] public ImmutableList<string> Rounds { get; init; } = [];
    /// <summary>The record's corrections, each with who, when, what and why (issue 14).</summary>
    [Id(5)] public ImmutableList<AuditEvent> Events { get; init; } = [];
    /// <summary>
    /// A correction whose rounds have not all taken it yet (MultiGrainStep): written with the
    /// correction, cleared once every round the member sits on has refreshed their seat.
    /// </summary>
    [Id(6)] public RegisterCorrection? PendingRefresh { get; init; }
    /// <summary>Whether the member directory lists this member yet: the follow-up of registering (MultiGrainStep).</summary>
    [Id(7)] public bool Listed { get; init; }
    /// <summary>
    /// Whether the identity directory has this member's email and subject (issue 17). Written after
    /// the directory is told, so a crash in between is finished on the next activation (MultiGrainStep).
    /// </summary>
    [Id(20)] public bool InDirectory { get; init; }
}

public sealed class MemberGrain(
    [PersistentState("member", StorageNames.Default)] IPersistentState<MemberState> store,
    Security.VerifiedKeys verifiedKeys)
    : Grain, IMemberGrain
{
    async Task<MemberProfile> IMemberGrain.Register(CreateMember command, byte[] keyHash)
    {
        var id = GrainKeys.Parts(this.GetPrimaryKeyString())[1];
        var valid = Validate.Check(new CreateMemberValidator(), command with { Id = command.Id ?? id });
        if (valid.Id != id) throw DomainException.Invalid("id", $"'id' must be this member's id ('{id}').");
        var profile = valid.ToProfile(id);
        if (store.State.Profile is not null)
            throw DomainException.Conflict("id", $"A member with id '{profile.Id}' already exists.");
        // Intent: the profile, with the listing and the identity directory owed; then the follow-ups (idempotent).
        await store.Commit(store.State with { Profile = profile, KeyHash = keyHash, CreatedAt = DateTimeOffset.UtcNow, Listed = false });
        await ListInDirectory();
        await TellDirectory();
        return profile;
    }

    private async Task ListInDirectory()
    {
        // The directory never calls a member, so this cannot wait on a call waiting on us.
        await GrainFactory.MemberDirectory().Add(store.State.Profile!.Id);
        await store.Commit(store.State with { Listed = true });
    }

    async Task<MemberProfile> IMemberGrain.LinkExternalId(string externalId)
    {
        RequireExists();
        var profile = store.State.Profile!;
        if (profile.ExternalId == externalId) return profile;
        if (profile.ExternalId is not null)
            throw DomainException.Conflict("externalId", "This member is already linked to another organisation account.");
        var linked = profile with { ExternalId = externalId, Version = profile.Version + 1 };
        await store.Commit(store.State with { Profile = linked, InDirectory = false });
        await TellDirectory();
        return linked;
    }

    /// <summary>Idempotent: the identity directory's entries for this member, then the marker that they are there.</summary>
    private async Task TellDirectory()
    {
        var profile = store.State.Profile;
        if (profile is null) return;
        var directory = GrainFactory.IdentityDirectory();
        await directory.NoteEmail(profile.Id, profile.Email);
        if (profile.ExternalId is not null) await directory.NoteExternalId(profile.Id, profile.ExternalId);
        if (!store.State.InDirectory) await store.Commit(store.State with { InDirectory = true });
    }

    Task<MemberProfile?> IMemberGrain.GetProfile() => Task.FromResult(store.State.Profile);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Finishes a correction a crash left half told (MultiGrainStep): from a timer, so the
        // activation does not wait on rounds that may be waiting on this member.
        if (store.State.PendingRefresh is not null) ScheduleRefresh(TimeSpan.Zero);
        // A registration a crash left unlisted (or one from before the directory) is listed now.
        if (store.State.Profile is not null && !store.State.Listed) await ListInDirectory();
        // A registration, link or email correction that a crash left before the identity directory
        // heard of it (issue 17, MultiGrainStep).
        if (store.State.Profile is not null && !store.State.InDirectory
            && (store.State.Profile.Email is not null || store.State.Profile.ExternalId is not null))
            this.RegisterGrainTimer(_ => TellDirectory(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    /// <summary>
    /// A correction of the record (issue 14), a multi-grain step: the corrected record, its audit
    /// event and a marker that the member's rounds are owed it are written in one write; then each
    /// round refreshes the member's seat (idempotent: a round takes each record version once); then
    /// the marker is cleared. Finished on activation, by the next correction, or by a timer if a
    /// round did not answer.
    /// </summary>
    async Task<MemberProfile> IMemberGrain.Correct(Caller caller, CorrectMember command)
    {
        RoundPolicy.RequireSecretaryOrAdministrator(caller.IsAdmin, caller.IsSecretary);
        RequireExists();
        var valid = Validate.Check(new CorrectMemberValidator(DateOnly.FromDateTime(DateTime.UtcNow)), command);
        var current = store.State.Profile!;
        RoundPolicy.RequireMemberCorrection(caller.IsAdmin, caller.IsSecretary, valid.Secretary is { } grant && grant != current.Secretary);
        // An earlier correction still owed to a round goes first, so none is overtaken.
        await FinishRefresh();
        Corrections.RequireVersion(valid.ExpectedVersion, current.Version, "member's record");
        var corrected = Corrections.Member(current, valid);
        if (!corrected.Changed) return current;
        var profile = corrected.Value;
        var reason = valid.Reason!.Trim();
        var events = store.State.Events.Append("member", caller.Id, AuditActions.RegisterCorrected,
            $"Record of {current.Name} corrected: {corrected.Describe()}", reason, memberId: profile.Id);
        // Seats hold the name, organisation and register: only a change to those is owed to the rounds.
        var seatChanged = profile.Name != current.Name || profile.Organisation != current.Organisation || !profile.Interests.SequenceEqual(current.Interests);
        var owed = seatChanged && store.State.Rounds.Count > 0 ? new RegisterCorrection(profile, caller, corrected.Describe(), reason) : null;
        // A changed email is owed to the identity directory too (issue 17): InDirectory false until it has it.
        var emailChanged = !string.Equals(profile.Email, current.Email, StringComparison.Ordinal);
        await store.Commit(store.State with { Profile = profile, Events = events, PendingRefresh = owed, InDirectory = store.State.InDirectory && !emailChanged });
        if (emailChanged) await TellDirectory();
        // A grant or removal of the secretary role counts from the next request on (the keys' memory holds it).
        if (profile.Secretary != current.Secretary) verifiedKeys.Forget(profile.Id);
        try
        {
            await FinishRefresh();
        }
        catch (Exception) when (store.State.PendingRefresh is not null)
        {
            // The correction is durable and will reach every round: a round that did not answer
            // now (busy, or a silo lost) is told again shortly.
            ScheduleRefresh(TimeSpan.FromSeconds(10));
        }
        return profile;
    }

    Task<IReadOnlyList<AuditEvent>> IMemberGrain.GetHistory() => Task.FromResult<IReadOnlyList<AuditEvent>>(store.State.Events);

    private async Task FinishRefresh()
    {
        if (store.State.PendingRefresh is not { } owed) return;
        var id = store.State.Profile!.Id;
        await Task.WhenAll(store.State.Rounds.Select(r => GrainFactory.Round(r).RefreshSeat(id, owed)));
        await store.Commit(store.State with { PendingRefresh = null });
    }

    private IGrainTimer? _refreshTimer;

    private void ScheduleRefresh(TimeSpan dueTime)
    {
        _refreshTimer?.Dispose();
        _refreshTimer = this.RegisterGrainTimer(async _ =>
        {
            try
            {
                await FinishRefresh();
                _refreshTimer?.Dispose();
                _refreshTimer = null;
            }
            catch (Exception)
            {
                // Tried again at the timer's next tick.
            }
        }, new GrainTimerCreationOptions(dueTime, TimeSpan.FromSeconds(30)));
    }

    Task<bool> IMemberGrain.VerifyKey(byte[] keyHash) => Task.FromResult(KeyMatches(keyHash));

    Task<KeyCheck> IMemberGrain.CheckKey(byte[] keyHash) =>
        Task.FromResult(KeyMatches(keyHash) ? new KeyCheck(true, store.State.Profile!.Secretary) : new KeyCheck(false, false));

    private bool KeyMatches(byte[] keyHash) =>
        store.State.Profile is not null && store.State.KeyHash.Length == keyHash.Length
        && CryptographicOperations.FixedTimeEquals(store.State.KeyHash, keyHash);

    async Task IMemberGrain.ReplaceKey(byte[] keyHash)
    {
        RequireExists();
        await store.Commit(store.State with { KeyHash = keyHash });
        // Before answering: once the replacement is acknowledged, the old key must fail everywhere.
        verifiedKeys.Forget(store.State.Profile!.Id);
    }

    async Task IMemberGrain.NoteAppointment(string roundId)
    {
        RequireExists();
        if (!store.State.Rounds.Contains(roundId))
            await store.Commit(store.State with { Rounds = store.State.Rounds.Add(roundId) });
    }

    Task<IReadOnlyList<string>> IMemberGrain.GetRounds() => Task.FromResult<IReadOnlyList<string>>(store.State.Rounds);

    private void RequireExists()
    {
        if (store.State.Profile is null) throw DomainException.NotFound("memberId", "No such member.");
    }
}
