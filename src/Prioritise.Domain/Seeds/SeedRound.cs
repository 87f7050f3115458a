using System.Text.Json;
using System.Text.Json.Serialization;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Seeds;

public sealed record SeedMember(string Id, string Name, string Organisation, IReadOnlyList<InterestInput> Interests, IReadOnlyList<CommitteeRole> Roles);

public sealed record SeedDecision(string By, bool AcceptOverCommitment, string? Reason);

/// <summary>The chair's moderation session as it was run, and finance's confirmation.</summary>
public sealed record SeedModeration(string Chair, IReadOnlyList<Moderation.ModerationCommand> Actions, SeedDecision? Decision);

public sealed record SeedSheet(string BidId, string MemberId, IReadOnlyDictionary<string, int> Scores, string? Comment = null);

/// <summary>An application as a seed keeps it (issue 15): the bid's fields and the form's answers, by section id.</summary>
public sealed record SeedApplication(
    string Id, string? Title, string? Workstream, string? SponsoringOrganisation, IReadOnlyList<string>? RecipientOrganisations,
    decimal? AmountRequested, Dictionary<string, JsonElement>? Answers)
{
    public Validation.SaveApplication ToCommand(bool submit) => new(Id, Title, Workstream, SponsoringOrganisation, RecipientOrganisations,
        AmountRequested, Answers?.ToDictionary(kv => kv.Key, kv => Applications.AnswerInput.FromJson(kv.Value), StringComparer.Ordinal), submit);
}

/// <summary>
/// The call as a seed ran it (call.json): who ran it, whose each application is, and what screening
/// decided (<c>accept</c> for every one unless named in <see cref="Outcomes"/>).
/// </summary>
public sealed record SeedCall(string Secretary, IReadOnlyDictionary<string, string> Applicants, IReadOnlyDictionary<string, string>? Outcomes = null);

/// <summary>
/// (issue 16) The decision's way through governance as the paper records it (governance.json): the
/// bodies named by the secretary before the decision, and each body's resolution on decision 1.
/// </summary>
public sealed record SeedGovernance(string? By, Validation.SetGovernance Set, IReadOnlyList<Validation.RecordResolution>? Resolutions = null);

/// <summary>
/// A round kept as files under seeds/{name}/: round.json, members.json, bids.json, conflicts.json,
/// sheets.json and, optionally, moderation.json; a round with a call (issue 15) has call.json and
/// applications.json, and may have no bids.json or sheets.json. Seeds go through the same commands and validators as the API, so a seed can never
/// hold what a user could not have entered.
/// </summary>
public sealed record SeedRound(
    CreateRound Round,
    bool CloseScoring,
    IReadOnlyList<SeedMember> Members,
    IReadOnlyList<AddBid> Bids,
    IReadOnlyList<RecordConflict> Conflicts,
    IReadOnlyList<SeedSheet> Sheets,
    SeedModeration? Moderation = null,
    // Issue 15: a call for applications (call.json, applications.json), and whether the seed opens scoring (round.json "openScoring", default true).
    SeedCall? Call = null,
    IReadOnlyList<SeedApplication>? Applications = null,
    bool OpenScoring = true,
    SeedGovernance? Governance = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static SeedRound Load(string folder)
    {
        T Read<T>(string file) =>
            JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(folder, file)), Json)
            ?? throw new InvalidDataException($"{file} in {folder} is empty.");
        T? Optional<T>(string file) where T : class => File.Exists(Path.Combine(folder, file)) ? Read<T>(file) : null;
        var round = Read<CreateRound>("round.json");
        var raw = Read<JsonElement>("round.json");
        var close = raw.TryGetProperty("closeScoring", out var c) && c.GetBoolean();
        var open = !raw.TryGetProperty("openScoring", out var o) || o.GetBoolean();
        return new SeedRound(round, close, Read<List<SeedMember>>("members.json"), Optional<List<AddBid>>("bids.json") ?? [],
            Optional<List<RecordConflict>>("conflicts.json") ?? [],
            Optional<List<SeedSheet>>("sheets.json") ?? [],
            Optional<SeedModeration>("moderation.json"),
            Optional<SeedCall>("call.json"), Optional<List<SeedApplication>>("applications.json"), open,
            Optional<SeedGovernance>("governance.json"));
    }

    /// <summary>Every seed folder below <paramref name="seedsRoot"/> (one round each), in name order.</summary>
    public static IReadOnlyList<string> Folders(string seedsRoot) =>
        Directory.Exists(seedsRoot)
            ? Directory.GetDirectories(seedsRoot).Where(d => File.Exists(Path.Combine(d, "round.json"))).Order(StringComparer.Ordinal).ToList()
            : [];
}
