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

    public static string New() => Guid.NewGuid().ToString("N")[..12];

    public static string Require(string? id, string field) =>
        IsValid(id) ? id! : throw DomainException.Invalid(field, $"'{field}' {Rule}.");
}
