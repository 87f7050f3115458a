using System.Text.RegularExpressions;

namespace Prioritise.Domain;

/// <summary>Ids are chosen by callers, so they are checked before they reach storage keys or URLs.</summary>
public static partial class Ids
{
    public const int MaxLength = 64;

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    public const string Rule = "must be 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-'";

    /// <summary>
    /// Ids the service itself acts under (<see cref="Audit.AuditActors"/>: the administrator's key
    /// is "admin", the command line's "cli", the seed loader's "seed"), so a member registered as
    /// one would read in the audit trail as the administrator. "administrator" and "anonymous" are
    /// kept back for the same reason. Compared ignoring ASCII case (ids are ASCII), so "Admin" is refused too.
    /// </summary>
    public static readonly IReadOnlySet<string> ReservedForMembers =
        new HashSet<string>([.. Audit.AuditActors.All, "administrator", "anonymous"], StringComparer.OrdinalIgnoreCase);

    public static bool IsReservedForMembers(string id) => ReservedForMembers.Contains(id);

    public const string ReservedRule = "is reserved (admin, administrator, cli, seed, system and anonymous name the service's own actors in the audit trail); choose another id";

    public static string New() => Guid.NewGuid().ToString("N")[..12];

    public static string Require(string? id, string field) =>
        IsValid(id) ? id! : throw DomainException.Invalid(field, $"'{field}' {Rule}.");
}
