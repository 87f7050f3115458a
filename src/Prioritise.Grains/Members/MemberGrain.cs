using System.Collections.Immutable;
using System.Security.Cryptography;
using Prioritise.Domain;
using Prioritise.Domain.Members;
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
        await store.Commit(store.State with { Profile = profile, KeyHash = keyHash, CreatedAt = DateTimeOffset.UtcNow });
        await TellDirectory();
        return profile;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A registration or link that a crash left before the directory heard of it (MultiGrainStep).
        if (store.State.Profile is not null && !store.State.InDirectory
            && (store.State.Profile.Email is not null || store.State.Profile.ExternalId is not null))
            this.RegisterGrainTimer(_ => TellDirectory(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
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

    /// <summary>Idempotent: the directory's entries for this member, then the marker that they are there.</summary>
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

    Task<MemberProfile> IMemberGrain.Correct(Caller caller, CorrectMember command) => throw new NotImplementedException("issue 14");

    Task<bool> IMemberGrain.VerifyKey(byte[] keyHash) =>
        Task.FromResult(store.State.Profile is not null && store.State.KeyHash.Length == keyHash.Length
                        && CryptographicOperations.FixedTimeEquals(store.State.KeyHash, keyHash));

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
