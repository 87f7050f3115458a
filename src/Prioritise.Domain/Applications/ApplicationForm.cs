namespace Prioritise.Domain.Applications;

/// <summary>What kind of answer a section of the application form takes.</summary>
public enum SectionKind
{
    /// <summary>Free text, limited in words (<see cref="FormSection.MaxLength"/>).</summary>
    Text,
    /// <summary>An amount in pounds, to the penny.</summary>
    Money,
    /// <summary>A calendar date ("YYYY-MM-DD").</summary>
    Date,
    /// <summary>One of the section's <see cref="FormSection.Choices"/>.</summary>
    Choice,
    /// <summary>One text answer per value criterion of the round ("what is the expected impact" against each).</summary>
    Criterion,
}

/// <summary>
/// One section of a round's application form, as the applicant sees it: a title, the guidance the
/// template gives under it (the bullet points of the PIC short-list template), and its rules.
/// </summary>
/// <param name="MaxLength">For text and criterion sections, the most words an answer (each
/// criterion's answer) may have; null for no limit. Words, because forms state limits in words.</param>
/// <param name="CriterionId">For a criterion section, the one criterion it asks about; null asks
/// about every criterion of the round.</param>
public sealed record FormSection(
    string Id,
    string Title,
    string Guidance,
    SectionKind Kind,
    bool Required,
    int? MaxLength,
    IReadOnlyList<string> Choices,
    string? CriterionId = null);

/// <summary>A round's application form: its sections in the order the applicant fills them in.</summary>
public sealed record ApplicationForm(IReadOnlyList<FormSection> Sections)
{
    public FormSection? Find(string sectionId)
    {
        foreach (var s in Sections)
            if (s.Id == sectionId) return s;
        return null;
    }
}
