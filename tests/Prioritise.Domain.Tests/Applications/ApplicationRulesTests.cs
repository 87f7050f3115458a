using Prioritise.Domain;
using Prioritise.Domain.Applications;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;

namespace Prioritise.Domain.Tests.Applications;

public sealed class ApplicationRulesTests
{
    private static readonly IReadOnlyList<Criterion> Criteria =
    [
        new("physical-health", "Physical health gain", 15),
        new("prevention", "Supporting focus on prevention", 10),
    ];

    private static readonly ApplicationForm Form = DefaultForm.Form;

    private static Dictionary<string, AnswerInput?> Complete() => new()
    {
        [DefaultForm.Title] = AnswerInput.Of("Take Home and Settle Service"),
        [DefaultForm.SponsoringOrganisation] = AnswerInput.Of("Age UK East London"),
        [DefaultForm.Summary] = AnswerInput.Of("A hospital discharge service for older people."),
        [DefaultForm.Cost] = AnswerInput.Of(60_000m),
        [DefaultForm.CaseForChange] = AnswerInput.Of("536 patients supported in 2017/18."),
        [DefaultForm.ExpectedImpact] = AnswerInput.Of(new Dictionary<string, string?>
        {
            ["physical-health"] = "Fewer readmissions.",
            ["prevention"] = "Less social isolation.",
        }),
    };

    private static DomainException Refused(Dictionary<string, AnswerInput?> answers, bool submitting = true) =>
        Assert.Throws<DomainException>(() => ApplicationRules.Check(Form, Criteria, answers, submitting));

    [Fact]
    public void The_default_form_is_the_2018_template_row_for_row()
    {
        Assert.Equal(
            [
                "title", "sponsoringOrganisation", "summary", "cost", "costBreakdown", "startDate", "caseForChange",
                "expectedImpact", "metrics", "inequalities", "careAct", "contact", "signedOn",
            ],
            Form.Sections.Select(s => s.Id));
        Assert.Equal(
            ["title", "sponsoringOrganisation", "summary", "cost", "caseForChange", "expectedImpact"],
            Form.Sections.Where(s => s.Required).Select(s => s.Id));
        var summary = Form.Find(DefaultForm.Summary)!;
        Assert.Equal("Summary of scheme", summary.Title);
        Assert.Contains("• Is this a new scheme?", summary.Guidance);
        Assert.Contains("• Contracting mechanism (if known)", summary.Guidance);
        Assert.Equal(SectionKind.Criterion, Form.Find(DefaultForm.ExpectedImpact)!.Kind);
        Assert.Equal(SectionKind.Money, Form.Find(DefaultForm.Cost)!.Kind);
        Assert.Equal(SectionKind.Date, Form.Find(DefaultForm.StartDate)!.Kind);
    }

    [Fact]
    public void A_complete_application_is_kept_as_typed_answers()
    {
        var kept = ApplicationRules.Check(Form, Criteria, Complete(), submitting: true);
        Assert.Equal(60_000m, kept[DefaultForm.Cost].Money);
        Assert.Equal("Take Home and Settle Service", kept[DefaultForm.Title].Text);
        Assert.Equal("Less social isolation.", kept[DefaultForm.ExpectedImpact].ByCriterion!["prevention"]);
    }

    [Fact]
    public void A_draft_may_leave_anything_out_but_a_submission_may_not()
    {
        var answers = Complete();
        answers.Remove(DefaultForm.CaseForChange);
        answers[DefaultForm.Summary] = AnswerInput.Of("   ");
        Assert.Equal(4, ApplicationRules.Check(Form, Criteria, answers, submitting: false).Count);
        var e = Refused(answers);
        Assert.Equal(["answers.caseForChange", "answers.summary"], e.Errors.Keys.Order());
        Assert.Equal("'Case for change' must be answered before the application is submitted.", e.Errors["answers.caseForChange"].Single());
    }

    [Fact]
    public void Expected_impact_needs_every_criterion_or_one_answer_for_all()
    {
        var answers = Complete();
        answers[DefaultForm.ExpectedImpact] = AnswerInput.Of(new Dictionary<string, string?> { ["physical-health"] = "Fewer falls." });
        Assert.Equal(
            "'What is expected impact': answer against 'Supporting focus on prevention', or once for all the criteria together.",
            Refused(answers).Errors["answers.expectedImpact"].Single());

        // The 2018 forms answered the impact once, under the template's bullets.
        answers[DefaultForm.ExpectedImpact] = AnswerInput.Of("Older people return home sooner.");
        var kept = ApplicationRules.Check(Form, Criteria, answers, submitting: true);
        Assert.Equal("Older people return home sooner.", kept[DefaultForm.ExpectedImpact].ByCriterion![Answer.Overall]);
    }

    [Fact]
    public void A_criterion_answer_must_name_one_of_the_rounds_criteria()
    {
        var answers = Complete();
        answers[DefaultForm.ExpectedImpact] = AnswerInput.Of(new Dictionary<string, string?> { ["social-value"] = "Volunteers." });
        var e = Refused(answers, submitting: false);
        Assert.Equal(
            "'What is expected impact' asks about 'Physical health gain' and 'Supporting focus on prevention', not 'social-value'.",
            e.Errors["answers.expectedImpact.social-value"].Single());
    }

    [Fact]
    public void An_answer_over_its_word_limit_names_the_section_and_the_count()
    {
        var answers = Complete();
        answers[DefaultForm.Title] = AnswerInput.Of(string.Join(' ', Enumerable.Repeat("word", 31)));
        Assert.Equal("'Scheme title' has 31 words; the limit is 30.", Refused(answers, submitting: false).Errors["answers.title"].Single());
        answers[DefaultForm.Title] = AnswerInput.Of(string.Join("  \n", Enumerable.Repeat("word", 30)));
        ApplicationRules.Check(Form, Criteria, answers, submitting: true);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("one", 1)]
    [InlineData(" 536 patients,\tsupported — in 2017/18. ", 6)]
    [InlineData("line one\nline two", 4)]
    public void Words_are_counted_between_spaces(string text, int words) => Assert.Equal(words, ApplicationRules.Words(text));

    [Fact]
    public void Each_kind_takes_only_its_own_answer()
    {
        var answers = new Dictionary<string, AnswerInput?>
        {
            [DefaultForm.Cost] = AnswerInput.Of("sixty thousand"),
            [DefaultForm.StartDate] = AnswerInput.Of("1st October 2018"),
            [DefaultForm.Summary] = AnswerInput.Of(12m),
            [DefaultForm.CaseForChange] = AnswerInput.Malformed,
        };
        var e = Refused(answers, submitting: false);
        Assert.Equal("'Cost of scheme' takes an amount in pounds, as a number.", e.Errors["answers.cost"].Single());
        Assert.Equal("'Anticipated start date' must be a date written as YYYY-MM-DD, such as 2018-10-01.", e.Errors["answers.startDate"].Single());
        Assert.Equal("'Summary of scheme' takes text.", e.Errors["answers.summary"].Single());
        Assert.Equal("'Case for change' takes text.", e.Errors["answers.caseForChange"].Single());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0.005")]
    [InlineData("2000000000000")]
    public void Money_is_pounds_and_pence_not_below_zero(string amount)
    {
        var answers = new Dictionary<string, AnswerInput?> { [DefaultForm.Cost] = AnswerInput.Of(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)) };
        Assert.Equal("'Cost of scheme' must be an amount in pounds and pence, not less than zero.", Refused(answers, false).Errors["answers.cost"].Single());
    }

    [Fact]
    public void A_date_is_kept_as_a_date()
    {
        var answers = new Dictionary<string, AnswerInput?> { [DefaultForm.StartDate] = AnswerInput.Of("2018-10-01") };
        Assert.Equal(new DateOnly(2018, 10, 1), ApplicationRules.Check(Form, Criteria, answers, false)[DefaultForm.StartDate].Date);
    }

    [Theory]
    [InlineData("Falls\u200Bprevention")]
    [InlineData("Falls \u202Eprevention")]
    [InlineData("Falls\u0007")]
    public void Text_with_invisible_or_control_characters_is_refused(string text)
    {
        var answers = new Dictionary<string, AnswerInput?> { [DefaultForm.Summary] = AnswerInput.Of(text) };
        Assert.Equal(
            "'Summary of scheme' contains characters that cannot be shown (control, direction or invisible characters).",
            Refused(answers, false).Errors["answers.summary"].Single());
    }

    [Fact]
    public void An_unknown_section_is_named()
    {
        var answers = new Dictionary<string, AnswerInput?> { ["budgetCode"] = AnswerInput.Of("X1") };
        Assert.Equal("The form has no section 'budgetCode'.", Refused(answers, false).Errors["answers.budgetCode"].Single());
    }

    [Fact]
    public void A_choice_must_be_one_of_the_sections_choices()
    {
        var form = new ApplicationForm([new FormSection("sponsor", "Sponsoring organisation", "", SectionKind.Choice, true, null, ["CCG", "LBH", "Other"])]);
        Assert.Equal("LBH", ApplicationRules.Check(form, Criteria, new Dictionary<string, AnswerInput?> { ["sponsor"] = AnswerInput.Of(" LBH ") }, true)["sponsor"].Text);
        var e = Assert.Throws<DomainException>(() =>
            ApplicationRules.Check(form, Criteria, new Dictionary<string, AnswerInput?> { ["sponsor"] = AnswerInput.Of("NHS England") }, true));
        Assert.Equal("'Sponsoring organisation' must be one of: CCG, LBH, Other.", e.Errors["answers.sponsor"].Single());
    }

    [Fact]
    public void A_form_is_checked_section_by_section()
    {
        var bad = new SetApplicationForm(
        [
            new SectionInput("impact", "Impact", null, SectionKind.Criterion, true, 500, null, "no-such"),
            new SectionInput("sponsor", "Sponsor", null, SectionKind.Choice, true, null, [], null),
            new SectionInput("cost", "Cost", null, SectionKind.Money, true, 100, null, null),
            new SectionInput("cost", "Again", null, SectionKind.Text, false, null, ["a"], null),
            new SectionInput("kindless", "No kind", null, null, false, null, null, null),
        ]);
        var e = Assert.Throws<DomainException>(() => Validate.Check(new SetApplicationFormValidator(Criteria), bad));
        Assert.Equal("The round has no criterion 'no-such'.", e.Errors["sections[0].criterionId"].Single());
        Assert.Equal("A choice section needs at least one choice.", e.Errors["sections[1].choices"].Single());
        Assert.Equal("Only text and criterion sections have a word limit.", e.Errors["sections[2].maxLength"].Single());
        Assert.Equal("Only a choice section has choices.", e.Errors["sections[3].choices"].Single());
        Assert.Equal("Section ids must be unique.", e.Errors["sections"].Single());
        Assert.Contains("Say what kind of answer the section takes: text, money, date, choice or criterion.", e.Errors["sections[4].kind"]);
    }

    [Fact]
    public void The_default_form_passes_its_own_validator_and_maps_back_unchanged()
    {
        var command = DefaultForm.Form.ToCommand();
        Validate.Check(new SetApplicationFormValidator(Criteria), command);
        Assert.Equal(DefaultForm.Form.Sections, command.ToForm().Sections, new SectionComparer());
    }

    private sealed class SectionComparer : IEqualityComparer<FormSection>
    {
        public bool Equals(FormSection? x, FormSection? y) =>
            x is not null && y is not null && x with { Choices = [] } == y with { Choices = [] } && x.Choices.SequenceEqual(y.Choices);
        public int GetHashCode(FormSection obj) => obj.Id.GetHashCode();
    }
}
