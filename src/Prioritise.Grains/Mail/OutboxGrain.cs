using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Prioritise.Domain.Mail;
using Prioritise.Domain.Rounds;

namespace Prioritise.Grains.Mail;

[GenerateSerializer]
public sealed record OutboxStoreState
{
    [Id(0)] public int SchemaVersion { get; init; } = 1;
    /// <summary>Every message, in the order it was queued.</summary>
    [Id(1)] public ImmutableList<OutboxEntry> Messages { get; init; } = [];
}

/// <summary>
/// The outbox (<see cref="IOutboxGrain"/>): one row, written whole before each answer, so a message
/// it acknowledged survives a crash, and so does its state. Leases are memory only (see TakeDue).
/// </summary>
public sealed class OutboxGrain([PersistentState("outbox", StorageNames.Default)] IPersistentState<OutboxStoreState> store)
    : Grain, IOutboxGrain
{
    private readonly Dictionary<string, DateTimeOffset> _leasedUntil = new(StringComparer.Ordinal);
    private Dictionary<string, int>? _index;

    private TimeProvider Clock => ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;

    private Dictionary<string, int> Index => _index ??= store.State.Messages
        .Select((m, i) => (m.Letter.MessageId, i)).ToDictionary(p => p.MessageId, p => p.i, StringComparer.Ordinal);

    async Task IOutboxGrain.Enqueue(IReadOnlyList<Letter> letters)
    {
        var now = Clock.GetUtcNow();
        var fresh = letters.Where(l => !Index.ContainsKey(l.MessageId)).DistinctBy(l => l.MessageId)
            .Select(l => new OutboxEntry(l, OutboxState.Pending, 0, null, now, now, null)).ToList();
        if (fresh.Count == 0) return;
        await Write(store.State.Messages.AddRange(fresh));
    }

    Task<IReadOnlyList<OutboxEntry>> IOutboxGrain.TakeDue(DateTimeOffset now, int max, TimeSpan lease)
    {
        var due = new List<OutboxEntry>();
        foreach (var entry in store.State.Messages)
        {
            if (due.Count >= max) break;
            if (entry.State == OutboxState.Sent || entry.NextAttemptAt > now) continue;
            if (_leasedUntil.TryGetValue(entry.Letter.MessageId, out var until) && until > now) continue;
            _leasedUntil[entry.Letter.MessageId] = now + lease;
            due.Add(entry);
        }
        return Task.FromResult<IReadOnlyList<OutboxEntry>>(due);
    }

    async Task IOutboxGrain.MarkSent(string messageId, DateTimeOffset at)
    {
        _leasedUntil.Remove(messageId);
        if (!Index.TryGetValue(messageId, out var i) || store.State.Messages[i].State == OutboxState.Sent) return;
        var entry = store.State.Messages[i];
        await Write(store.State.Messages.SetItem(i, entry with { State = OutboxState.Sent, Attempts = entry.Attempts + 1, SentAt = at }));
    }

    async Task IOutboxGrain.MarkFailed(string messageId, string reply, DateTimeOffset retryAt)
    {
        _leasedUntil.Remove(messageId);
        if (!Index.TryGetValue(messageId, out var i) || store.State.Messages[i].State == OutboxState.Sent) return;
        var entry = store.State.Messages[i];
        // The reply is the SMTP server's; kept short, it is shown to the administrator as it came.
        var kept = reply.Length > 500 ? reply[..500] : reply;
        await Write(store.State.Messages.SetItem(i, entry with { State = OutboxState.Failed, Attempts = entry.Attempts + 1, LastError = kept, NextAttemptAt = retryAt }));
    }

    Task<IReadOnlyList<OutboxEntry>> IOutboxGrain.List(Caller caller)
    {
        RoundPolicy.RequireAdministrator(caller.IsAdmin);
        return Task.FromResult<IReadOnlyList<OutboxEntry>>(store.State.Messages.Reverse().ToList());
    }

    Task<bool> IOutboxGrain.Has(string messageId) => Task.FromResult(Index.ContainsKey(messageId));

    private async Task Write(ImmutableList<OutboxEntry> messages)
    {
        await store.Commit(store.State with { Messages = messages });
        _index = null;
    }
}

[GenerateSerializer]
public sealed record IdentityDirectoryState
{
    [Id(0)] public int SchemaVersion { get; init; } = 1;
    [Id(1)] public ImmutableDictionary<string, string> ByEmail { get; init; } = ImmutableDictionary<string, string>.Empty;
    [Id(2)] public ImmutableDictionary<string, string> ByExternalId { get; init; } = ImmutableDictionary<string, string>.Empty;
}

/// <summary>The index of <see cref="IIdentityDirectoryGrain"/>: emails compared case-insensitively, subjects exactly.</summary>
public sealed class IdentityDirectoryGrain([PersistentState("identity-directory", StorageNames.Default)] IPersistentState<IdentityDirectoryState> store)
    : Grain, IIdentityDirectoryGrain
{
    public static string Normal(string email) => email.Trim().ToLowerInvariant();

    async Task IIdentityDirectoryGrain.NoteEmail(string memberId, string? email)
    {
        var byEmail = store.State.ByEmail;
        foreach (var old in byEmail.Where(p => p.Value == memberId).Select(p => p.Key).ToList()) byEmail = byEmail.Remove(old);
        if (!string.IsNullOrWhiteSpace(email)) byEmail = byEmail.SetItem(Normal(email), memberId);
        if (!byEmail.SequenceEqual(store.State.ByEmail)) await store.Commit(store.State with { ByEmail = byEmail });
    }

    async Task IIdentityDirectoryGrain.NoteExternalId(string memberId, string externalId)
    {
        if (store.State.ByExternalId.TryGetValue(externalId, out var known) && known == memberId) return;
        await store.Commit(store.State with { ByExternalId = store.State.ByExternalId.SetItem(externalId, memberId) });
    }

    Task<string?> IIdentityDirectoryGrain.MemberByExternalId(string externalId) =>
        Task.FromResult(store.State.ByExternalId.GetValueOrDefault(externalId));

    Task<string?> IIdentityDirectoryGrain.MemberByEmail(string email) =>
        Task.FromResult(store.State.ByEmail.GetValueOrDefault(Normal(email)));
}
