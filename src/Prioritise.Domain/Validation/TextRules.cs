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
