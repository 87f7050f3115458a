namespace Prioritise.Grains;

/// <summary>
/// Who is asking, as authenticated by the HTTP layer (or the seed loader acting for people).
/// Grains decide what the caller may do; endpoints never do.
/// </summary>
[GenerateSerializer, Immutable]
/// <param name="IsSecretary">The organisation-wide secretary role (issue 14), from the member's profile.</param>
public sealed record Caller([property: Id(0)] string Id, [property: Id(1)] bool IsAdmin, [property: Id(2)] bool IsSecretary = false)
{
    public static Caller Admin { get; } = new(Prioritise.Domain.Audit.AuditActors.Administrator, true);
    public static Caller Member(string memberId) => new(memberId, false);
    public bool Is(string memberId) => !IsAdmin && Id == memberId;
}
