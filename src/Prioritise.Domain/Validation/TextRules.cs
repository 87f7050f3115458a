using System.Globalization;
using System.Text;
using FluentValidation;

namespace Prioritise.Domain.Validation;

public static class TextRules
{
    public const int ShortText = 200;
    public const int LongText = 4000;

    /// <summary>
    /// Text a committee will read in a table or a board paper: no control characters (bar line breaks
    /// and tabs), no lone surrogates, and no bidirectional overrides that make text read differently
    /// from what is stored.
    /// </summary>
    public static bool IsPlainText(string? value)
    {
        if (value is null) return true;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])) return false;
                i++;
                continue;
            }
            if (char.IsLowSurrogate(c)) return false;
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) return false;
            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069') return false;
        }
        return true;
    }

    /// <summary>
    /// Characters that show nothing (or nothing of their own) yet make a string differ: every format
    /// character (Unicode category Cf: zero-width spaces and joiners, soft hyphen, byte-order mark,
    /// tag characters, direction marks), the Hangul fillers, the combining grapheme joiner and the
    /// variation selectors. Two names that read the same on screen must be the same name.
    /// </summary>
    public static bool IsInvisible(Rune r) =>
        Rune.GetUnicodeCategory(r) == UnicodeCategory.Format
        || r.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0       // Hangul choseong/jungseong fillers, Hangul filler, half-width filler
        || r.Value is 0x034F                                     // combining grapheme joiner
        || r.Value is >= 0x180B and <= 0x180F                    // Mongolian free variation selectors
        || r.Value is >= 0xFE00 and <= 0xFE0F                    // variation selectors
        || r.Value is >= 0xE0100 and <= 0xE01EF;                 // variation selectors supplement

    /// <summary>The first invisible character in the text, as "U+200B", or null when there is none.</summary>
    public static string? FirstInvisible(string? value)
    {
        if (value is null) return null;
        // Most names are plain ASCII, where nothing is invisible: no rune walk for them.
        if (System.Text.Ascii.IsValid(value)) return null;
        foreach (var r in value.EnumerateRunes())
            if (IsInvisible(r)) return $"U+{r.Value:X4}";
        return null;
    }

    private static string InvisibleMessage(string? value) =>
        "'{PropertyName}' contains an invisible or formatting character (" + FirstInvisible(value) +
        "), such as a zero-width space, soft hyphen or byte-order mark; retype it without.";

    /// <summary>
    /// A name or title people tell apart by reading it (a member's, a round's, a bid's, a criterion's):
    /// plain text, and nothing invisible in it that would make two names that read the same differ.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> RequiredName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.RequiredText()
            .Must(s => FirstInvisible(s) is null).WithMessage((_, s) => InvisibleMessage(s));

    public static IRuleBuilderOptions<T, string?> OptionalName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.OptionalText(ShortText)
            .Must(s => FirstInvisible(s) is null).WithMessage((_, s) => InvisibleMessage(s));

    /// <summary>
    /// An organisation's name, which the conflict rules compare (<see cref="Organisations"/>): a name
    /// and, further, letters from one alphabet only, so that Cyrillic 'о' or Greek 'ο' cannot stand in
    /// for Latin 'o' and make a look-alike of a member's organisation.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> RequiredOrganisation<T>(this IRuleBuilder<T, string?> rule) =>
        rule.RequiredName()
            .Must(s => s is null || Organisations.MixedAlphabets(s) is null)
            .WithMessage((_, s) => "'{PropertyName}' mixes letters from different alphabets (" + Organisations.MixedAlphabets(s!) +
                         "); write the organisation's name in one alphabet.");

    public static IRuleBuilderOptions<T, string?> RequiredText<T>(this IRuleBuilder<T, string?> rule, int max = ShortText) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.")
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.")
            .MaximumLength(max)
            .Must(IsPlainText).WithMessage("'{PropertyName}' contains control or direction-override characters.");

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int max = LongText) =>
        rule.MaximumLength(max)
            .Must(IsPlainText).WithMessage("'{PropertyName}' contains control or direction-override characters.");

    public static IRuleBuilderOptions<T, string?> OptionalId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(id => id is null || Ids.IsValid(id)).WithMessage("'{PropertyName}' " + Ids.Rule + ".");

    public static IRuleBuilderOptions<T, string?> RequiredId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.")
            .Must(Ids.IsValid).WithMessage("'{PropertyName}' " + Ids.Rule + ".");

    /// <summary>An email address, when one is given (an empty one removes it): one plain address, as a mail server takes it.</summary>
    public static IRuleBuilderOptions<T, string?> OptionalEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(254)
            .Must(e => string.IsNullOrWhiteSpace(e) || IsEmail(e.Trim()))
            .WithMessage("'{PropertyName}' must be one email address, such as name@example.org.");

    private static bool IsEmail(string value) =>
        IsPlainText(value) && FirstInvisible(value) is null && !value.Any(char.IsWhiteSpace)
        && System.Net.Mail.MailAddress.TryCreate(value, out var address) && address.Address == value && address.DisplayName.Length == 0
        && address.Host.Contains('.');

    /// <summary>Why a correction was made (issue 14): required, plain text, kept by the audit.</summary>
    public static IRuleBuilderOptions<T, string?> Reason<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("Give a reason for the correction: the audit keeps it.")
            .Must(r => r is null || r.Trim().Length <= LongText && IsPlainText(r))
            .WithMessage($"'{{PropertyName}}' must be plain text of at most {LongText} characters.");

    public static IRuleBuilderOptions<T, decimal?> Money<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.NotNull().WithMessage("'{PropertyName}' is required.")
            .GreaterThan(0m).WithMessage("'{PropertyName}' must be more than zero.")
            .LessThanOrEqualTo(Domain.Money.Maximum)
            .Must(m => m is null || Domain.Money.HasAtMostTwoDecimals(m.Value))
            .WithMessage("'{PropertyName}' must have at most two decimal places (pounds and pence).");
}

/// <summary>
/// Base of every command validator: error keys and messages use the JSON's camelCase field names,
/// so a caller reads 'fundingCap', not 'Funding Cap'.
/// </summary>
public abstract class CommandValidator<T> : AbstractValidator<T>
{
    static CommandValidator()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : Camel(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : Camel(member.Name);
    }

    // FluentValidation asks for the name on every rule it runs, valid or not: each is made once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> CamelNames = new(StringComparer.Ordinal);

    private static string Camel(string name) =>
        CamelNames.GetOrAdd(name, static n => n.Length == 0 ? n : char.ToLowerInvariant(n[0]) + n[1..]);
}

public static class Validate
{
    /// <summary>Runs a validator and refuses the command with field-keyed errors.</summary>
    public static T Check<T>(IValidator<T> validator, T? command, string bodyName = "body")
    {
        if (command is null) throw DomainException.Invalid(bodyName, "A request body is required.");
        var result = validator.Validate(command);
        if (result.IsValid) return command;
        var errors = result.Errors
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        throw new DomainException(Refusal.Invalid, "One or more fields are invalid.", errors);
    }
}
