using Orleans.Concurrency;
using Prioritise.Domain;
using Prioritise.Domain.Analytics;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Grains;

public interface IMemberGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the person (the command validated here; its id, if given, must be the grain's).
    /// The key itself never reaches the grain, only its hash.
    /// </summary>
    Task<MemberProfile> Register(CreateMember command, byte[] keyHash);
    Task<MemberProfile?> GetProfile();
    /// <summary>A correction of the profile or register of interests (issue 14), audited with its reason.</summary>
    Task<MemberProfile> Correct(Caller caller, CorrectMember command);
    /// <summary>The record's corrections, each with who, when, what and why (issue 14).</summary>
    Task<IReadOnlyList<AuditEvent>> GetHistory();
    /// <summary>Whether this is the member's key and, if so, whether they hold the organisation-wide secretary role (issue 14).</summary>
    Task<KeyCheck> CheckKey(byte[] keyHash);
    Task<bool> VerifyKey(byte[] keyHash);
    /// <summary>
    /// Records the identity provider's subject on the member, the first time they sign in through
    /// it (issue 17); the same subject again changes nothing, another one is refused (409).
    /// </summary>
    Task<MemberProfile> LinkExternalId(string externalId);
    Task ReplaceKey(byte[] keyHash);
    Task NoteAppointment(string roundId);
    Task<IReadOnlyList<string>> GetRounds();
}
