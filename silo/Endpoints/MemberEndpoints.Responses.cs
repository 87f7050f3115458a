namespace Prioritise.Silo;

// What the member routes (MemberEndpoints) return.

/// <summary>A new member, or a reissued key: the key is shown here once; only its hash is kept.</summary>
public sealed record MemberCreated(string Id, string ApiKey);

/// <summary>
/// A member's record as the caller may see it: the email only for the administrator, the
/// organisation's committee secretary and the member themselves; the corrections (who, when,
/// what, why) only for the administrator and the secretary.
/// </summary>
public sealed record MemberResponse(
    string Id, string Name, string Organisation, IReadOnlyList<Prioritise.Domain.Members.Interest> Interests,
    IReadOnlyList<string> Rounds, bool Secretary, long Version,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Email,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AuditEntry>? Corrections)
{
    public static async Task<MemberResponse> For(Prioritise.Domain.Members.MemberProfile p, Prioritise.Grains.IMemberGrain member, Prioritise.Grains.Caller caller)
    {
        var officer = Prioritise.Domain.Rounds.RoundPolicy.MayManageMembers(caller.IsAdmin, caller.IsSecretary);
        return new MemberResponse(p.Id, p.Name, p.Organisation, p.Interests, await member.GetRounds(), p.Secretary, p.Version,
            Prioritise.Domain.Rounds.RoundPolicy.MaySeeEmail(caller.IsAdmin, caller.IsSecretary, caller.Id, p.Id) ? p.Email : null,
            officer ? AuditEntry.From(await member.GetHistory()) : null);
    }
}
