using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Prioritise.Domain.Governance;
using Prioritise.Domain.Mail;

namespace Prioritise.Reports;

/// <summary>
/// The outcome letter as a Word document (issue 16 item 5), saying what the mailed letter and the
/// applicant's page say (<see cref="Letters.OutcomeLines"/>): written with the Open XML SDK, text as text.
/// </summary>
public static class OutcomeLetterDocument
{
    public static byte[] Write(ApplicationOutcome outcome, string applicantName)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            body.Append(Heading(outcome.Funded ? $"Your bid has been funded: {outcome.RoundName}" : $"Your bid has not been funded: {outcome.RoundName}"));
            body.Append(Line($"Dear {applicantName},"));
            foreach (var line in Letters.OutcomeLines(outcome))
            {
                if (line.Length == 0) continue;
                body.Append(line.StartsWith("- ", StringComparison.Ordinal) ? Line("• " + line[2..]) : Line(line));
            }
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static Paragraph Heading(string text) =>
        new(new ParagraphProperties(new SpacingBetweenLines { After = "240" }),
            new Run(new RunProperties(new Bold(), new FontSize { Val = "32" }), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static Paragraph Line(string text) =>
        new(new ParagraphProperties(new SpacingBetweenLines { After = "120" }),
            new Run(new RunProperties(new FontSize { Val = "24" }), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
}
