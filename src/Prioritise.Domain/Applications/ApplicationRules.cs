using System.Globalization;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;

namespace Prioritise.Domain.Applications;

/// <summary>
/// Whether an application's answers fit the round's form: each answer of the kind its section
/// takes, within its word limit, plain text; and, when it is submitted, every required section
/// answered. Errors are keyed <c>answers.&lt;sectionId&gt;</c> (a criterion's answer
/// <c>answers.&lt;sectionId&gt;.&lt;criterionId&gt;</c>) so the form can show each beside its section.
/// </summary>
public static class ApplicationRules
{
    /// <summary>Words as a reader counts them: runs of letters, digits or punctuation between spaces.</summary>
    public static int Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return 0;
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) inWord = false;
            else if (!inWord) { inWord = true; words++; }
        }
        return words;
    }

    /// <summary>
    /// The answers as the service keeps them (empty answers dropped), or a refusal naming every
    /// section that is wrong. A draft may leave anything out; a submission may not leave out a
    /// required section.
    /// </summary>
    public static IReadOnlyDictionary<string, Answer> Check(
        ApplicationForm form, IReadOnlyList<Criterion> criteria, IReadOnlyDictionary<string, AnswerInput?>? answers, bool submitting)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Fail(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
            list.Add(message);
        }

        var kept = new Dictionary<string, Answer>(StringComparer.Ordinal);
        foreach (var (sectionId, input) in answers ?? new Dictionary<string, AnswerInput?>())
        {
            var key = "answers." + sectionId;
            if (form.Find(sectionId) is not { } section)
            {
                Fail(key, $"The form has no section '{sectionId}'.");
                continue;
            }
            if (input is null) continue;
            if (Read(section, criteria, input, key, Fail) is { IsEmpty: false } answer) kept[section.Id] = answer;
        }

        if (submitting)
            foreach (var section in form.Sections.Where(s => s.Required))
            {
                var key = "answers." + section.Id;
                if (errors.ContainsKey(key)) continue;
                if (!kept.TryGetValue(section.Id, out var answer))
                    Fail(key, $"'{section.Title}' must be answered before the application is submitted.");
                else if (section.Kind == SectionKind.Criterion && MissingCriteria(section, criteria, answer) is { Count: > 0 } missing)
                    Fail(key, $"'{section.Title}': answer against {Names(missing)}, or once for all the criteria together.");
            }

        if (errors.Count > 0)
            throw new DomainException(Refusal.Invalid, "Some answers need attention.", errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        return kept;
    }

    /// <summary>The criteria a section asks about: its own one, or all of the round's.</summary>
    public static IReadOnlyList<Criterion> CriteriaOf(FormSection section, IReadOnlyList<Criterion> criteria) =>
        section.CriterionId is { } id ? criteria.Where(c => c.Id == id).ToList() : criteria;

    private static List<Criterion> MissingCriteria(FormSection section, IReadOnlyList<Criterion> criteria, Answer answer)
    {
        var given = answer.ByCriterion ?? new Dictionary<string, string>();
        if (given.ContainsKey(Answer.Overall)) return [];
        return CriteriaOf(section, criteria).Where(c => !given.ContainsKey(c.Id)).ToList();
    }

    private static string Names(List<Criterion> missing) =>
        missing.Count == 1 ? $"'{missing[0].Name}'" : string.Join(", ", missing.SkipLast(1).Select(c => $"'{c.Name}'")) + $" and '{missing[^1].Name}'";

    private static Answer? Read(FormSection section, IReadOnlyList<Criterion> criteria, AnswerInput input, string key, Action<string, string> fail)
    {
        if (input.Unreadable)
        {
            fail(key, $"'{section.Title}' takes {Takes(section.Kind)}.");
            return null;
        }
        switch (section.Kind)
        {
            case SectionKind.Text:
            case SectionKind.Choice:
                if (input.Text is not { } text) { fail(key, $"'{section.Title}' takes {Takes(section.Kind)}."); return null; }
                text = text.Trim();
                if (text.Length == 0) return null;
                if (!CheckText(section, text, key, fail)) return null;
                if (section.Kind == SectionKind.Choice && !section.Choices.Contains(text, StringComparer.Ordinal))
                {
                    fail(key, $"'{section.Title}' must be one of: {string.Join(", ", section.Choices)}.");
                    return null;
                }
                return new Answer(Text: text);

            case SectionKind.Money:
                if (input.Number is not { } amount) { fail(key, $"'{section.Title}' takes {Takes(section.Kind)}."); return null; }
                if (amount < 0 || amount > Money.Maximum || decimal.Round(amount, 2) != amount)
                {
                    fail(key, $"'{section.Title}' must be an amount in pounds and pence, not less than zero.");
                    return null;
                }
                return new Answer(Money: amount);

            case SectionKind.Date:
                if (input.Text is not { } raw) { fail(key, $"'{section.Title}' takes {Takes(section.Kind)}."); return null; }
                if (raw.Trim().Length == 0) return null;
                if (!DateOnly.TryParseExact(raw.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    fail(key, $"'{section.Title}' must be a date written as YYYY-MM-DD, such as 2018-10-01.");
                    return null;
                }
                return new Answer(Date: date);

            case SectionKind.Criterion:
                // One text for the section is an answer to all its criteria together.
                var byKey = input.ByKey ?? (input.Text is { } all ? new Dictionary<string, string?> { [Answer.Overall] = all } : null);
                if (byKey is null) { fail(key, $"'{section.Title}' takes {Takes(section.Kind)}."); return null; }
                var asked = CriteriaOf(section, criteria);
                var kept = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (criterionId, value) in byKey)
                {
                    var subKey = key + "." + criterionId;
                    if (criterionId != Answer.Overall && asked.All(c => c.Id != criterionId))
                    {
                        fail(subKey, $"'{section.Title}' asks about {(asked.Count == 0 ? "no criteria" : Names(asked.ToList()))}, not '{criterionId}'.");
                        continue;
                    }
                    var written = value?.Trim() ?? "";
                    if (written.Length == 0) continue;
                    if (CheckText(section, written, subKey, fail)) kept[criterionId] = written;
                }
                return new Answer(ByCriterion: kept);

            default:
                throw new ArgumentOutOfRangeException(nameof(section), section.Kind, null);
        }
    }

    private static bool CheckText(FormSection section, string text, string key, Action<string, string> fail)
    {
        if (!TextRules.IsPlainText(text) || TextRules.FirstInvisible(text) is not null)
        {
            fail(key, $"'{section.Title}' contains characters that cannot be shown (control, direction or invisible characters).");
            return false;
        }
        if (section.MaxLength is { } limit && Words(text) is var words && words > limit)
        {
            fail(key, $"'{section.Title}' has {words:N0} words; the limit is {limit:N0}.");
            return false;
        }
        if (text.Length > MaxCharacters)
        {
            fail(key, $"'{section.Title}' is longer than {MaxCharacters:N0} characters.");
            return false;
        }
        return true;
    }

    /// <summary>However many words a section allows, one answer stays small enough to keep and show.</summary>
    public const int MaxCharacters = 50_000;

    private static string Takes(SectionKind kind) => kind switch
    {
        SectionKind.Text => "text",
        SectionKind.Choice => "one of its choices, as text",
        SectionKind.Money => "an amount in pounds, as a number",
        SectionKind.Date => "a date written as YYYY-MM-DD",
        SectionKind.Criterion => "an answer against each criterion (an object keyed by criterion id), or one text for all of them",
        _ => kind.ToString(),
    };
}
