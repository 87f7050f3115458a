using Prioritise.Domain.Mail;

namespace Prioritise.Grains;

public enum OutboxState { Pending, Sent, Failed }

/// <summary>One message in the outbox and where it stands (issue 17).</summary>
/// <param name="State">Pending until the SMTP server accepted it (then Sent); Failed after a refused
/// attempt, with the server's reply in <paramref name="LastError"/>, and tried again at <paramref name="NextAttemptAt"/>.</param>
[GenerateSerializer, Immutable]
public sealed record OutboxEntry(
    [property: Id(0)] Letter Letter,
    [property: Id(1)] OutboxState State,
    [property: Id(2)] int Attempts,
    [property: Id(3)] string? LastError,
    [property: Id(4)] DateTimeOffset QueuedAt,
    [property: Id(5)] DateTimeOffset NextAttemptAt,
    [property: Id(6)] DateTimeOffset? SentAt);

/// <summary>
/// The outbox (issue 17): every message the service owes, kept durably until the SMTP server has
/// accepted it. Messages are keyed by their Message-ID, so a cause that hands the same message in
/// twice (a retry, a step finished after a crash) is kept once. One grain for the whole service:
/// a committee's mail is tens of messages a day. The sender (a hosted service on each silo) takes
/// what is due, sends it, and says how it went; a message is marked sent only after the server
/// accepted it, so a crash in between means it is sent again with the same Message-ID.
/// </summary>
public interface IOutboxGrain : IGrainWithStringKey
{
    /// <summary>Adds the letters not already in the outbox (by Message-ID); written before it answers.</summary>
    Task Enqueue(IReadOnlyList<Letter> letters);

    /// <summary>
    /// Up to <paramref name="max"/> messages due at <paramref name="now"/> (pending, or failed and
    /// past their back-off), each leased to the asking sender for <paramref name="lease"/> so two
    /// silos' senders do not send it at once. The lease is memory only: if this grain moves, a
    /// message may be sent twice, with the same Message-ID.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> TakeDue(DateTimeOffset now, int max, TimeSpan lease);

    /// <summary>The server accepted it; written before it answers. Marking a sent message again changes nothing.</summary>
    Task MarkSent(string messageId, DateTimeOffset at);

    /// <summary>The attempt failed with <paramref name="reply"/>; tried again at <paramref name="retryAt"/>.</summary>
    Task MarkFailed(string messageId, string reply, DateTimeOffset retryAt);

    /// <summary>Every message, newest first, for the administrator.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<OutboxEntry>> List(Caller caller);

    /// <summary>Whether a message with this id is in the outbox (the reminder service asks before composing).</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<bool> Has(string messageId);
}

/// <summary>
/// Finds the member an identity provider's sign-in belongs to (issue 17): by the provider's
/// <c>sub</c> once linked, else by the email address the administrator recorded. An index only:
/// the sign-in always checks the member's own profile before it trusts an entry.
/// </summary>
public interface IIdentityDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Records (or moves) a member's email address; idempotent.</summary>
    Task NoteEmail(string memberId, string? email);
    /// <summary>Records the provider's subject for a member; idempotent.</summary>
    Task NoteExternalId(string memberId, string externalId);
    [Orleans.Concurrency.ReadOnly]
    Task<string?> MemberByExternalId(string externalId);
    [Orleans.Concurrency.ReadOnly]
    Task<string?> MemberByEmail(string email);
}

public static class MailGrainKeys
{
    public const string OutboxKey = "outbox/all";
    public const string DirectoryKey = "directory/identities";

    public static IOutboxGrain Outbox(this IGrainFactory f) => f.Get<IOutboxGrain>(OutboxKey);
    public static IIdentityDirectoryGrain IdentityDirectory(this IGrainFactory f) => f.Get<IIdentityDirectoryGrain>(DirectoryKey);
}
