using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Reports;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Reports;

namespace Prioritise.Api.Tests;

/// <summary>The board paper's Word layout, opened back with the Open XML SDK (issue 16).</summary>
public sealed class BoardPaperDocumentTests
{
    private static ModeratedRow Row(int position, string title, decimal award, double mean, double sd, bool funded, decimal? cumulative, params string[] conditions) =>
        new(position, new BidResult(title.ToLowerInvariant().Replace(' ', '-'), title, award, 3, mean, sd, AgreementBands.Default.Classify(sd),
            mean / (double)(award / 1000m), new Dictionary<string, double>(), mean - 1, mean + 1), position, award, funded, false, cumulative, null, null, conditions);

    /// <summary>Cap GBP 100,000: Falls (40k, funded), Housing (65k, funded, with a condition: 105k, 5k over), Gym (20k, below the line).</summary>
    private static readonly Decision Decision = new(1, new DateTimeOffset(2018, 8, 15, 16, 0, 0, TimeSpan.Zero), "fran", 100_000m, 105_000m, 0m, 5_000m, true,
        "Housing is ready to start; the over-commitment is met from slippage.", "housing",
    [
        Row(1, "Falls prevention", 40_000m, 8.7, 1.0, true, 40_000m),
        Row(2, "Housing First", 65_000m, 8.6, 1.4, true, 105_000m, "reframe it as a health promoting intervention"),
        Row(3, "=cmd|' /C calc'!A0", 20_000m, 6.0, 4.2, false, null),
    ], 4);

    private static readonly RoundDefinition Round = new("r", "Test committee", 100_000m, ScoreScale.Default,
        [new Criterion("impact", "Physical health gain", 15m), new Criterion("cost", "Financial sustainability", 30m)],
        AgreementBands.Default, FundingLinePolicy.StopAtFirstMiss);

    private static readonly CommitteeSeat[] Seats =
    [
        new("a", "Alex", "City and Hackney CCG", [], [CommitteeRole.Scorer, CommitteeRole.Chair]),
        new("b", "Sam", "City and Hackney CCG", [], [CommitteeRole.Scorer]),
        new("c", "Kim", "Healthwatch Hackney", [], [CommitteeRole.Scorer]),
    ];

    private static WordprocessingDocument Open(BoardPaper paper) =>
        WordprocessingDocument.Open(new MemoryStream(BoardPaperDocument.Write(paper)), false);

    private static BoardPaper Paper(PaperDetails? details = null) =>
        BoardPaper.For(details, Round, Seats, Decision, BoardTable.From("Test committee", Decision));

    [Fact]
    public void The_paper_has_the_cover_the_sections_and_the_published_table()
    {
        using var doc = Open(Paper(new PaperDetails(Title: "Recommendations from the test committee", LeadOfficer: "Yashoda Patel", Author: "Anna Garner",
            Committees: "Integrated Commissioning Board, 14 September 2018 – for endorsement")));
        var body = doc.MainDocumentPart!.Document.Body!;
        var tables = body.Elements<Table>().ToList();
        Assert.Equal(3, tables.Count); // cover, committee, ranked list

        string[][] Cells(Table t) => t.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToArray();
        var cover = Cells(tables[0]);
        Assert.Equal(["Title:", "Recommendations from the test committee"], cover[0]);
        Assert.Equal(["Date:", "15 August 2018"], cover[1]);
        Assert.Equal(["Lead Officer:", "Yashoda Patel"], cover[2]);
        Assert.Equal(["Public / Non-public", "Public"], cover[5]);

        Assert.Equal([["Organisation", "Members", "Roles"], ["City and Hackney CCG", "2", "scorer, chair"], ["Healthwatch Hackney", "1", "scorer"]], Cells(tables[1]));

        var ranked = Cells(tables[2]);
        Assert.Equal(BoardPaper.PublishedHeadings, ranked[0]);
        Assert.Equal(["Falls prevention", "40", "8.7", "0.22", "1.0", "High", "£40"], ranked[1]);
        Assert.Equal(["Housing First", "65", "8.6", "0.13", "1.4", "High", "£105"], ranked[2]);
        // Text stays text: a would-be formula is shown as written, and nothing in the document is a field.
        Assert.Equal(["=cmd|' /C calc'!A0", "20", "6.0", "0.30", "4.2", "Low", "-"], ranked[3]);
        Assert.Empty(body.Descendants<FieldCode>());
        Assert.Empty(body.Descendants<SimpleField>());

        var text = body.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Contains("- Physical health gain (15)", text);
        Assert.Contains("- Financial sustainability (30)", text);
        Assert.Contains(BoardPaper.ConditionsHeading, text);
        Assert.Contains("- Housing First: reframe it as a health promoting intervention", text);
        Assert.Contains("Schemes recommended for funding: £105k against the £100k available, £5k over, which finance accepted: Housing is ready to start; the over-commitment is met from slippage.", text);
    }

    [Fact]
    public void Sections_are_real_headings()
    {
        using var doc = Open(Paper());
        var headings = doc.MainDocumentPart!.Document.Body!.Elements<Paragraph>()
            .Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value is "Heading1" or "Heading2")
            .Select(p => p.InnerText).ToList();
        Assert.Equal(
        [
            "Executive Summary:", "Recommendations:", "Main Report", "1. Process developed to prioritise funding bids",
            "2. Final ranked list of schemes including which to be funded (following moderation at meeting)",
        ], headings);
        Assert.NotNull(doc.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<Style>().SingleOrDefault(s => s.StyleId == "Heading1"));
    }

    [Fact]
    public void A_paper_without_details_is_written_from_the_round()
    {
        var paper = Paper();
        Assert.Equal("Recommendations from Test committee for funding", paper.Title);
        Assert.Equal(new DateOnly(2018, 8, 15), paper.Date);
        Assert.Equal("a. The process developed to prioritise funding bids to allow best value use of £100k", paper.ExecutiveSummary[1]);
        Assert.StartsWith("Terms of Reference for group agreed including policy that individuals will not score bids where funding would be awarded to their own organisation.", paper.ConflictsPolicy);
    }
}
