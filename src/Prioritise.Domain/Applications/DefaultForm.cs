namespace Prioritise.Domain.Applications;

/// <summary>
/// The form a round uses until its secretary sets one: the PIC short-list template as the City and
/// Hackney BCF partnership amended it for the 2018/19 underspend (seed paper 003, "2018/19 BCF
/// Transformation Scheme underspend Funding Application Form"), row for row, with its guidance.
/// </summary>
/// <remarks>
/// Two rows of the paper's template are split here because a form must say what kind of answer it
/// takes: "Cost of Scheme (Breakdown)" becomes the amount (money) and its breakdown (text), and
/// "Signed / Name and Contact details / Date" becomes the contact (text) and the date signed.
/// Word limits are the service's own: the template sets none, and every answer in the paper fits.
/// </remarks>
public static class DefaultForm
{
    public const string Title = "title";
    public const string SponsoringOrganisation = "sponsoringOrganisation";
    public const string Summary = "summary";
    public const string Cost = "cost";
    public const string CostBreakdown = "costBreakdown";
    public const string StartDate = "startDate";
    public const string CaseForChange = "caseForChange";
    public const string ExpectedImpact = "expectedImpact";
    public const string Metrics = "metrics";
    public const string Inequalities = "inequalities";
    public const string CareAct = "careAct";
    public const string Contact = "contact";
    public const string SignedOn = "signedOn";

    public static ApplicationForm Form { get; } = new(
    [
        Text(Title, "Scheme title", "", required: true, words: 30),
        Text(SponsoringOrganisation, "Sponsoring organisation (CCG; LBH; Other)", "", required: true, words: 30),
        Text(Summary, "Summary of scheme",
            Bullets("Is this a new scheme?", "What will be provided", "How this will be provided (model, pathway, provider etc)",
                "Contracting mechanism (if known)"),
            required: true, words: 1000),
        new FormSection(Cost, "Cost of scheme", "The amount asked for, in pounds.", SectionKind.Money, true, null, []),
        Text(CostBreakdown, "Cost of scheme (breakdown)", "How the cost is made up: posts, months, rates, other costs.", required: false, words: 500),
        new FormSection(StartDate, "Anticipated start date", "", SectionKind.Date, false, null, []),
        Text(CaseForChange, "Case for change",
            Bullets("Evidence for current need/gap", "Performance/outcomes data", "Patient/practitioner feedback",
                "What is impact of not starting the scheme? What risk to not having scheme in place?"),
            required: true, words: 1500),
        new FormSection(ExpectedImpact, "What is expected impact",
            Bullets("Health outcomes (mental and physical)", "Health inequalities", "Contribution to prevention", "Social value",
                "Patient empowerment", "Equity of access"),
            SectionKind.Criterion, true, 1000, []),
        Text(Metrics, "How does this scheme link to one or more of the BCF Metrics",
            Bullets("A reduction in the number of unplanned acute admissions to hospital.",
                "Reducing inappropriate admissions of older people (65+) in to residential care",
                "Increase in effectiveness of reablement and rehabilitation services",
                "Effective joint working of hospital services and community-based care in facilitating timely and appropriate transfer from all hospitals (Reduction in DToC)"),
            required: false, words: 1000),
        Text(Inequalities,
            "How does the activities in the scheme address health inequalities in the area in line with duties in the Health and Social Care Act and reduce inequalities between people from protected groups in line with the Equality Act 2010",
            "", required: false, words: 1000),
        Text(CareAct,
            "How does the activities support the Care Act 2014, and the responsibility to provide both a preventative offer, and for NHS and social care services to work together locally",
            "Ref: http://www.legislation.gov.uk/ukpga/2014/23/section/1/enacted", required: false, words: 1000),
        Text(Contact, "Name and contact details", "Who signs the application for the sponsoring organisation.", required: false, words: 60),
        new FormSection(SignedOn, "Date signed", "", SectionKind.Date, false, null, []),
    ]);

    private static FormSection Text(string id, string title, string guidance, bool required, int words) =>
        new(id, title, guidance, SectionKind.Text, required, words, []);

    /// <summary>The template's bullet points, one per line, as the form shows them.</summary>
    private static string Bullets(params string[] points) => string.Join("\n", points.Select(p => "• " + p));
}
