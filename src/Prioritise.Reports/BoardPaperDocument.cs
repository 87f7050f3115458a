using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Prioritise.Domain.Reports;

namespace Prioritise.Reports;

/// <summary>
/// Lays a <see cref="BoardPaper"/> out as a Word document with the Open XML SDK: real heading
/// styles (so a screen reader and Word's navigation pane find the sections), real tables with a
/// header row, and text set as text (never markup or fields, so nothing in a title runs).
/// </summary>
public static class BoardPaperDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static byte[] Write(BoardPaper paper)
    {
        using var buffer = new MemoryStream();
        using (var document = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = paper.Title;
            document.PackageProperties.Creator = "Prioritise";
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = Styles();
            var body = new Body();
            main.Document = new Document(body);

            body.Append(Heading(paper.Title, "Title"));
            body.Append(Grid(["", ""],
            [
                ["Title:", paper.Title],
                ["Date:", paper.Date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)],
                ["Lead Officer:", paper.LeadOfficer],
                ["Author:", paper.Author],
                ["Committee(s):", paper.Committees],
                ["Public / Non-public", paper.Public ? "Public" : "Non-public"],
            ], headerRow: false));

            body.Append(Heading("Executive Summary:", "Heading1"));
            foreach (var line in paper.ExecutiveSummary) body.Append(Para(line));

            body.Append(Heading("Recommendations:", "Heading1"));
            foreach (var line in paper.Recommendations) body.Append(Para("- " + line));

            body.Append(Heading("Main Report", "Heading1"));
            body.Append(Heading("1. Process developed to prioritise funding bids", "Heading2"));
            body.Append(Para($"Involved development of {paper.Criteria.Count} value criteria (with the Weighting in brackets):"));
            foreach (var c in paper.Criteria) body.Append(Para("- " + BoardPaper.Weighted(c)));
            body.Append(Para("The scoring committee, by organisation:"));
            body.Append(Grid(["Organisation", "Members", "Roles"],
                paper.Committee.Select(m => new[] { m.Organisation, m.Members.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", m.Roles) }).ToList(),
                headerRow: true));
            body.Append(Para(paper.ConflictsPolicy));

            body.Append(Heading("2. Final ranked list of schemes including which to be funded (following moderation at meeting)", "Heading2"));
            body.Append(Grid(BoardPaper.PublishedHeadings.ToArray(),
                paper.Table.Rows.Select(r => new[]
                {
                    r.Proposal, r.Funding, r.WeightedMean, r.ValuePerPound, r.StandardDeviation, r.Agreement, BoardPaper.Cumulative(r),
                }).ToList(),
                headerRow: true));
            body.Append(Para(paper.Totals));

            if (paper.Table.Conditions.Count > 0)
            {
                body.Append(Para(BoardPaper.ConditionsHeading));
                foreach (var condition in paper.Table.Conditions) body.Append(Para("- " + condition));
            }
            body.Append(Para(paper.NonRecurrentNote));
            body.Append(new SectionProperties(new PageSize { Width = 11906, Height = 16838 }, new PageMargin { Top = 1134, Bottom = 1134, Left = 1134, Right = 1134 }));
            main.Document.Save();
        }
        return buffer.ToArray();
    }

    private static Paragraph Para(string text) =>
        new(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static Paragraph Heading(string text, string style) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text)));

    private static Table Grid(string[] headings, IReadOnlyList<string[]> rows, bool headerRow)
    {
        var borders = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(borders, new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
        if (headerRow)
            // Repeated at the top of each page, and marked as the header for assistive technology.
            table.Append(new TableRow(new OpenXmlElement[] { new TableRowProperties(new TableHeader()) }.Concat(headings.Select(h => Cell(h, bold: true)))));
        foreach (var row in rows) table.Append(new TableRow(row.Select(v => Cell(v, bold: false))));
        return table;
    }

    private static TableCell Cell(string text, bool bold)
    {
        var run = new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        if (bold) run.PrependChild(new RunProperties(new Bold()));
        return new TableCell(new Paragraph(run));
    }

    private static Styles Styles()
    {
        Style HeadingStyle(string id, string name, int halfPoints, int level) => new(
            new StyleName { Val = name },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new PrimaryStyle(),
            new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" }, new OutlineLevel { Val = level }),
            new StyleRunProperties(new Bold(), new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        { Type = StyleValues.Paragraph, StyleId = id };

        return new Styles(
            new DocDefaults(new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = "Arial", HighAnsi = "Arial", ComplexScript = "Arial" }, new FontSize { Val = "22" }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle(),
                new StyleParagraphProperties(new SpacingBetweenLines { After = "120" }))
            { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            HeadingStyle("Title", "Title", 36, 0),
            HeadingStyle("Heading1", "heading 1", 28, 0),
            HeadingStyle("Heading2", "heading 2", 24, 1));
    }
}
