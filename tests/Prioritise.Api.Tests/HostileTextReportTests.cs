using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;
using Prioritise.Domain.Reports;
using Prioritise.Reports;

namespace Prioritise.Api.Tests;

/// <summary>
/// Reports of a round whose titles and conditions are hostile: formulas for the CSV and the
/// workbook, structure and HTML for the Markdown. The round is built over HTTP, scored, closed and
/// moderated with conditions; the three reports are read back with CsvHelper, line by line and
/// with ClosedXML.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed partial class HostileTextReportTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private const string Hyperlink = "=HYPERLINK(\"http://example.invalid/x\",\"Open\")";

    /// <summary>Cap GBP 2,000k: a, b, c and d are funded (cumulative 900, 1500, 1900, 2000), the line stops at e.</summary>
    private static readonly (string Id, decimal Amount, int Score, string Title)[] Bids =
    [
        ("a", 900_000m, 9, "=1+1"),
        ("b", 600_000m, 8, "+SUM(A1)"),
        ("c", 400_000m, 7, "-2+3"),
        ("d", 100_000m, 6, "@cmd"),
        ("e", 500_000m, 5, "\t=1"), // stored trimmed, as "=1"
        ("f", 50_000m, 4, "<script>alert(1)</script>"),
        ("g", 50_000m, 3, "Clinic\n| fake | row |"),
        ("h", 50_000m, 2, Hyperlink),
        ("i", 50_000m, 1, "\uFF1D1+1 full width"),
    ];

    private static readonly (string BidId, string Text)[] Conditions =
    [
        ("a", "\n\n## Totals\n| x | y |"),
        ("b", "<!-- the real totals are hidden"),
        ("c", "=cmd|' /C calc'!A0"),
        ("d", "Report quarterly\n# Fake heading\n- fake item\n1. one\n> quote\n```\ncode\n```\n[link](http://example.invalid) ![image](http://example.invalid/i.png) <b>bold</b> *em* _em_"),
    ];

    private static readonly string[] Cumulative = ["900", "1500", "1900", "2000", "-", "-", "-", "-", "-"];

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '\n', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

    private static bool StartsLikeFormula(string s) => s.Length > 0 && FormulaStarts.Contains(s[0]);

    /// <summary>A title as the service stores it: trimmed (so "\t=1" is kept as "=1").</summary>
    private static string Title(int i) => Bids[i].Title.Trim();

    private static string ConditionLine((string BidId, string Text) c) => $"{Bids.Single(b => b.Id == c.BidId).Title.Trim()}: {c.Text.Trim()}";

    private async Task<ModerationRound> Build()
    {
        var m = await ModerationRound.Build(_api, bids: Bids, cap: 2_000_000m);
        foreach (var (bidId, text) in Conditions) await m.Take(new { type = "condition", bidId, text });
        return m;
    }

    [Fact]
    public async Task Report_csv_quotes_every_formula_like_text_cell_and_writes_figures_as_plain_numbers()
    {
        var m = await Build();
        var reply = await _api.Get(m.Path("/report.csv"), _api.AdminKey);
        reply.Is(HttpStatusCode.OK);

        var records = new List<string[]>();
        using (var csv = new CsvReader(new StringReader(reply.Text), new CsvConfiguration(Invariant) { HasHeaderRecord = false }))
            while (csv.Read()) records.Add(csv.Parser.Record!);

        Assert.Equal(BoardTable.Headings, records[0]);
        var rows = records.Skip(1).Take(Bids.Length).ToList();
        Assert.Equal("Conditions", records[1 + Bids.Length].Single());
        for (var i = 0; i < Bids.Length; i++)
        {
            var (amount, title) = (Bids[i].Amount, Title(i));
            var row = rows[i];
            Assert.Equal(7, row.Length);
            Assert.Equal(StartsLikeFormula(title) ? "'" + title : title, row[0]);
            Assert.Equal((amount / 1000m).ToString("0", Invariant), row[1]);
            foreach (var figure in new[] { row[1], row[2], row[3], row[4] })
                Assert.True(decimal.TryParse(figure, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, Invariant, out _), $"{title}: '{figure}' is not a plain number");
            Assert.Equal(Cumulative[i], row[6]);
        }

        var conditions = records.Skip(2 + Bids.Length).Take(Conditions.Length).Select(r => r.Single()).ToList();
        Assert.Equal(Conditions.Select(c => "'" + ConditionLine(c)), conditions);

        // Then the totals, then (the administrator reads the members' comments) the appendix of comments.
        var totals = records.Skip(2 + Bids.Length + Conditions.Length).Take(4).ToList();
        Assert.Equal(["Funding cap (GBP 000s)", "Funded total (GBP 000s)", "Over-commitment (GBP 000s)", "Headroom (GBP 000s)"], totals.Select(t => t[0]));
        Assert.Equal(["2000", "2000", "0", "0"], totals.Select(t => t[1]));

        // No cell anywhere starts a formula; "-" (no cumulative funding) is the writer's own mark.
        foreach (var cell in records.SelectMany(r => r).Where(c => c != "-"))
            Assert.False(StartsLikeFormula(cell), $"A cell starts like a formula: '{cell}'");
        // The figures are unquoted numbers: a spreadsheet reads them as numbers.
        Assert.Matches(@",(High|Medium|Low),1500\r?\n", reply.Text);
        // Each neutralised cell is quoted too; the heading line is as api.md documents it.
        Assert.Contains("\"'=1+1\",900,", reply.Text);
        Assert.StartsWith("Proposal,Funding GBP 000s,Weighted Mean Total Value Score,Mean Value Score per £,Std. Dev.,Agreement,Cumulative Funding\r\n", reply.Text);
        Assert.DoesNotContain("\"1,500\"", reply.Text);
    }

    [Fact]
    public async Task Report_md_has_only_the_reports_own_headings_rows_and_items_and_no_html()
    {
        var m = await Build();
        var reply = await _api.Get(m.Path("/report.md"), _api.AdminKey);
        reply.Is(HttpStatusCode.OK);
        var text = reply.Text;
        var lines = text.Replace("\r", "").Split('\n');

        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<!--", text);
        Assert.DoesNotContain("<b>", text);
        Assert.Equal(["# ", "## Conditions", "## Totals", "## Appendix: scorers' comments"], lines.Where(l => l.StartsWith('#')).Select(l => l.StartsWith("# ") ? "# " : l));
        // The heading row, the delimiter row and one row a bid.
        Assert.Equal(Bids.Length + 2, lines.Count(l => l.StartsWith('|')));
        // Four conditions and four totals, and no other list item, quote, fence or indented block.
        var appendix = Array.IndexOf(lines, "## Appendix: scorers' comments");
        Assert.Equal(Conditions.Length + 4, lines.Take(appendix).Count(l => l.StartsWith("- ")));
        Assert.DoesNotContain(lines, l => Regex.IsMatch(l, @"^(\s|>|\*|\+|\d+[.)]|```|~~~|===|---|<)"));
        // No unescaped link, image, code span or emphasis opener.
        Assert.DoesNotContain(lines, l => Regex.IsMatch(l, @"(?<!\\)[\[\]`*_]"));

        var table = BoardTableReader.Markdown(text);
        BoardTableReader.AssertHeadings(table.Headings);
        Assert.Equal(Bids.Select((_, i) => OneLine(Title(i))), table.Rows.Select(r => r[0]));
        Assert.Equal(Cumulative.Select(c => c == "-" ? c : decimal.Parse(c, Invariant).ToString("N0", Invariant)), table.Rows.Select(r => r[6]));
        Assert.Equal(Conditions.Select(c => OneLine(ConditionLine(c))), table.Conditions);
    }

    [Fact]
    public async Task Report_xlsx_stores_hostile_titles_and_conditions_as_text_not_formulas()
    {
        var m = await Build();
        var (status, _, body) = await _api.GetBytes(m.Path("/report.xlsx"), _api.AdminKey);
        Assert.Equal(HttpStatusCode.OK, status);

        // No formula anywhere in the package.
        using (var zip = new ZipArchive(new MemoryStream(body)))
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(entry.Open());
                Assert.DoesNotMatch(@"<(\w+:)?f[ >]", reader.ReadToEnd());
            }

        using var workbook = new XLWorkbook(new MemoryStream(body));
        var sheet = workbook.Worksheet("Board table");
        Assert.DoesNotContain(sheet.CellsUsed(), c => c.HasFormula);
        for (var i = 0; i < Bids.Length; i++)
        {
            var cell = sheet.Cell(4 + i, 1);
            Assert.Equal(XLDataType.Text, cell.DataType);
            Assert.Equal(Title(i), cell.GetString());
        }
        var hyperlink = sheet.Cell(4 + Array.FindIndex(Bids, b => b.Title == Hyperlink), 1);
        Assert.False(hyperlink.HasFormula);
        Assert.Equal("", hyperlink.FormulaA1);
        Assert.Equal(Hyperlink, hyperlink.GetString());
        Assert.True(hyperlink.Style.IncludeQuotePrefix);
        var conditionsAt = 4 + Bids.Length + 1;
        Assert.Equal("Conditions", sheet.Cell(conditionsAt, 1).GetString());
        for (var i = 0; i < Conditions.Length; i++)
            Assert.Equal(ConditionLine(Conditions[i]), sheet.Cell(conditionsAt + 1 + i, 1).GetString());
        Assert.DoesNotContain(workbook.Worksheet("Analysis").CellsUsed(), c => c.HasFormula);
    }

    [Fact]
    public void Csv_keeps_a_negative_figure_a_number_and_neutralises_only_text()
    {
        var table = new BoardTable("Round", [new BoardTableRow("-5 schemes", "-5", "-1.5", "0.02", "1.0", "@Low", "1,234")],
            ["+ a condition"], 1_000_000m, 1_234_000m, 234_000m, 0m);
        var text = System.Text.Encoding.UTF8.GetString(BoardReports.Csv(table));
        var lines = text.Split("\r\n");
        Assert.Equal("\"'-5 schemes\",-5,-1.5,0.02,1.0,\"'@Low\",1234", lines[1]);
        Assert.Contains("\"'+ a condition\"", lines);
        Assert.Contains("Funding cap (GBP 000s),1000", lines);
    }

    [Fact]
    public void Excel_sets_text_as_text_even_where_it_reads_as_a_number_a_date_or_a_quoted_value()
    {
        string[] titles = [Hyperlink, "1e5", "2020-01-01", "TRUE", "'quoted"];
        var table = new BoardTable("=Round", titles.Select(t => new BoardTableRow(t, "1", "1.0", "1.00", "0.0", "High", "1")).ToList(),
            [], 1_000m, 1_000m, 0m, 0m);
        using var workbook = new XLWorkbook(new MemoryStream(BoardReports.Excel(table)));
        var sheet = workbook.Worksheets.First();
        Assert.Equal("=Round", sheet.Cell(1, 1).GetString());
        Assert.False(sheet.Cell(1, 1).HasFormula);
        for (var i = 0; i < titles.Length; i++)
        {
            var cell = sheet.Cell(4 + i, 1);
            Assert.False(cell.HasFormula, titles[i]);
            Assert.Equal(XLDataType.Text, cell.DataType);
            Assert.Equal(titles[i], cell.GetString());
        }
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+SUM(A1)", "'+SUM(A1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("\uFF1D1", "'\uFF1D1")]
    [InlineData("\uFF0B1", "'\uFF0B1")]
    [InlineData("\uFF0D1", "'\uFF0D1")]
    [InlineData("\uFF20x", "'\uFF20x")]
    [InlineData("Falls prevention", "Falls prevention")]
    [InlineData("62-day hotline", "62-day hotline")]
    public void Spreadsheet_text_starting_a_formula_gets_a_single_quote(string text, string expected) =>
        Assert.Equal(expected, ExportText.Spreadsheet(text));

    [Theory]
    [InlineData("# Heading", "\\# Heading")]
    [InlineData("- item", "\\- item")]
    [InlineData("+ item", "\\+ item")]
    [InlineData("* item", "\\* item")]
    [InlineData("12. item", "12\\. item")]
    [InlineData("3) item", "3\\) item")]
    [InlineData("---", "\\---")]
    [InlineData("===", "\\===")]
    [InlineData("```", "\\`\\`\\`")]
    [InlineData("> quote", "&gt; quote")]
    [InlineData("    indented code", "indented code")]
    [InlineData("a\n\n## Totals\n| x | y |", "a \\#\\# Totals \\| x \\| y \\|")]
    [InlineData("<!-- hide", "&lt;!-- hide")]
    [InlineData("[link](http://x) ![i](y)", "\\[link\\](http://x) !\\[i\\](y)")]
    [InlineData("a & b \"c\"", "a &amp; b &quot;c&quot;")]
    [InlineData("back\\slash _em_", "back\\\\slash \\_em\\_")]
    [InlineData("62-day 1.5 hotline", "62-day 1.5 hotline")]
    public void Markdown_text_cannot_open_a_block_or_inline_markup(string text, string expected) =>
        Assert.Equal(expected, ExportText.MarkdownInline(text));

    private static string OneLine(string s) => Regex.Replace(s, @"\s+", " ").Trim();
}
