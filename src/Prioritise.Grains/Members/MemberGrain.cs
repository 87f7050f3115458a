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
    /// <summary>Whether the member directory lists this member yet: the follow-up of registering (MultiGrainStep).</summary>
    [Id(5)] public bool Listed { get; init; }
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
        // Intent: the profile, with the directory's listing owed; then the follow-up (idempotent).
        await store.Commit(store.State with { Profile = profile, KeyHash = keyHash, CreatedAt = DateTimeOffset.UtcNow, Listed = false });
        await ListInDirectory();
        return profile;
    }

    /// <summary>A registration a crash left unlisted (or one from before the directory) is listed on activation.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (store.State.Profile is not null && !store.State.Listed) await ListInDirectory();
    }

    private async Task ListInDirectory()
    {
        // The directory never calls a member, so this cannot wait on a call waiting on us.
        await GrainFactory.MemberDirectory().Add(store.State.Profile!.Id);
        await store.Commit(store.State with { Listed = true });
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
