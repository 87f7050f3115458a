using System.Text.Json;
using System.Text.Json.Serialization;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Seeds;

public sealed record SeedMember(string Id, string Name, string Organisation, IReadOnlyList<InterestInput> Interests, IReadOnlyList<CommitteeRole> Roles);

public sealed record SeedDecision(string By, bool AcceptOverCommitment, string? Reason);

/// <summary>The chair's moderation session as it was run, and finance's confirmation.</summary>
public sealed record SeedModeration(string Chair, IReadOnlyList<Moderation.ModerationCommand> Actions, SeedDecision? Decision);

public sealed record SeedSheet(string BidId, string MemberId, IReadOnlyDictionary<string, int> Scores, string? Comment = null);

/// <summary>
/// A round kept as files under seeds/{name}/: round.json, members.json, bids.json, conflicts.json,
/// sheets.json and, optionally, moderation.json. Seeds go through the same commands and validators as the API, so a seed can never
/// hold what a user could not have entered.
/// </summary>
public sealed record SeedRound(
    CreateRound Round,
    bool CloseScoring,
    IReadOnlyList<SeedMember> Members,
    IReadOnlyList<AddBid> Bids,
    IReadOnlyList<RecordConflict> Conflicts,
    IReadOnlyList<SeedSheet> Sheets,
    SeedModeration? Moderation = null)
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
        var round = Read<CreateRound>("round.json");
        var close = Read<JsonElement>("round.json").TryGetProperty("closeScoring", out var c) && c.GetBoolean();
        return new SeedRound(round, close, Read<List<SeedMember>>("members.json"), Read<List<AddBid>>("bids.json"),
            File.Exists(Path.Combine(folder, "conflicts.json")) ? Read<List<RecordConflict>>("conflicts.json") : [],
            Read<List<SeedSheet>>("sheets.json"),
            File.Exists(Path.Combine(folder, "moderation.json")) ? Read<SeedModeration>("moderation.json") : null);
    }

    /// <summary>Every seed folder below <paramref name="seedsRoot"/> (one round each), in name order.</summary>
    public static IReadOnlyList<string> Folders(string seedsRoot) =>
        Directory.Exists(seedsRoot)
            ? Directory.GetDirectories(seedsRoot).Where(d => File.Exists(Path.Combine(d, "round.json"))).Order(StringComparer.Ordinal).ToList()
            : [];
}
