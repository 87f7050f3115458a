using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;
using Prioritise.Domain.Analytics;
using Prioritise.Domain.Reports;
using Prioritise.Grains;

namespace Prioritise.Reports;

/// <summary>The board table in the three formats boards ask for. The layout is the domain's; these only write it.</summary>
public static class BoardReports
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public sealed record ReportFormat(string ContentType, bool WithAnalysis, Func<BoardTable, RoundAnalysis?, byte[]> Write);

    public static readonly IReadOnlyDictionary<string, ReportFormat> Formats = new Dictionary<string, ReportFormat>
    {
        ["csv"] = new("text/csv; charset=utf-8", false, (table, _) => Csv(table)),
        ["md"] = new("text/markdown; charset=utf-8", false, (table, _) => Markdown(table)),
        // The workbook also carries the decision analytics on a second sheet, "Analysis".
        ["xlsx"] = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true, Excel),
    };

    /// <summary>A report as a file: the content, its type and its name.</summary>
    public static async Task<(byte[] Content, string ContentType, string FileName)> Render(
        IGrainFactory grains, Caller caller, string roundId, int? decision, string extension)
    {
        var format = Formats[extension];
        var (table, name) = await Table(grains, caller, roundId, decision);
        // The analysis is of the scores before moderation, so it is the same for every decision.
        // A round without scoring (issue 16) has no scores to analyse.
        var analysis = format.WithAnalysis && (await grains.Round(roundId).Get(caller)).Definition.Scoring == Domain.Rounds.ScoringMode.Scored
            ? await grains.Round(roundId).GetAnalysis(caller, AnalysisOptions.Default) : null;
        return (format.Write(table, analysis), format.ContentType, $"{name}.{extension}");
    }

    /// <summary>
    /// The board table the caller may see: the current moderated list, or a confirmed decision.
    /// The grains decide who may read it. Returns the table and a file name without extension.
    /// </summary>
    public static async Task<(BoardTable Table, string Name)> Table(IGrainFactory grains, Caller caller, string roundId, int? decision)
    {
        var round = grains.Round(roundId);
        var definition = (await round.Get(caller)).Definition;
        var name = definition.Name;
        var moderation = grains.Moderation(roundId);
        BoardTable table;
        IReadOnlyList<Domain.Moderation.ModeratedRow> rows;
        string file;
        if (decision is { } n)
        {
            var frozen = await moderation.GetDecision(caller, n);
            (table, rows, file) = (BoardTable.From($"{name}: decision {n}", frozen), frozen.Rows, $"{roundId}-decision-{n}");
        }
        else
        {
            var view = await moderation.Get(caller);
            (table, rows, file) = (BoardTable.From($"{name}: {(view.Confirmed ? "confirmed" : "moderated")} list", view.List), view.List.Rows, $"{roundId}-moderation");
        }
        if (definition.Scoring == Domain.Rounds.ScoringMode.None) table = table.WithoutScores();
        // The appendix of members' comments: none unless the grain lets this reader see them.
        return (table.WithComments(rows, await round.GetComments(caller)), file);
    }

    /// <summary>
    /// The table as CSV. Text cells (titles, agreement, conditions, labels) that start with a
    /// character a spreadsheet reads as a formula are prefixed with a single quote and quoted
    /// (<see cref="ExportText.Spreadsheet"/>). Figures are plain numbers without a thousands
    /// separator ("1091", "8.7"), so a spreadsheet reads them as numbers; "-" marks no cumulative.
    /// </summary>
    public static byte[] Csv(BoardTable table)
    {
        using var text = new StringWriter(Invariant);
        var config = new CsvConfiguration(Invariant)
        {
            // Our own neutralising below; CsvHelper's would also escape a negative number.
            InjectionOptions = InjectionOptions.None,
            // Quoted where RFC 4180 needs it and wherever a quote was put before a formula, as OWASP
            // advises; the heading line stays as api.md documents it.
            ShouldQuote = args => ConfigurationFunctions.ShouldQuote(args)
                                  || (args.FieldType == typeof(string) && args.Field?.StartsWith('\'') == true),
        };
        using (var csv = new CsvWriter(text, config))
        {
            void Text(string s) => csv.WriteField(ExportText.Spreadsheet(s));
            void Figure(string formatted)
            {
                if (decimal.TryParse(formatted, NumberStyles.Number, Invariant, out var value)) csv.WriteField(value);
                // The table's own mark for no cumulative funding: not text from a round, and no formula.
                else if (formatted == "-") csv.WriteField(formatted);
                else Text(formatted);
            }
            foreach (var heading in BoardTable.Headings) Text(heading);
            csv.NextRecord();
            foreach (var row in table.Rows)
            {
                var fields = Fields(row);
                for (var c = 0; c < fields.Length; c++)
                    if (c is 0 or 5) Text(fields[c]);
                    else Figure(fields[c]);
                csv.NextRecord();
            }
            csv.NextRecord();
            Text("Conditions");
            csv.NextRecord();
            foreach (var condition in table.Conditions)
            {
                Text(condition);
                csv.NextRecord();
            }
            csv.NextRecord();
            foreach (var (label, value) in Totals(table))
            {
                Text(label);
                Figure(value);
                csv.NextRecord();
            }
            if (table.Comments.Count > 0)
            {
                csv.NextRecord();
                Text("Appendix: scorers' comments");
                csv.NextRecord();
                Text("Proposal");
                Text("Scorer");
                Text("Comment");
                csv.NextRecord();
                foreach (var comment in table.Comments)
                {
                    Text(comment.Proposal);
                    Text(comment.Scorer);
                    Text(comment.Comment);
                    csv.NextRecord();
                }
            }
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// The table as Markdown. Every piece of text from a round (its name, titles, conditions) goes
    /// through <see cref="ExportText.MarkdownCell"/> or <see cref="ExportText.MarkdownInline"/>, so
    /// no input can add a heading, list item, table row, link, code block or HTML.
    /// </summary>
    public static byte[] Markdown(BoardTable table)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {ExportText.MarkdownInline(table.Title)}").AppendLine();
        md.AppendLine("| " + string.Join(" | ", BoardTable.Headings.Select(ExportText.MarkdownCell)) + " |");
        md.AppendLine("|" + string.Join("|", BoardTable.Headings.Select((_, i) => i is 0 or 5 ? "---" : "---:")) + "|");
        foreach (var row in table.Rows)
            md.AppendLine("| " + string.Join(" | ", Fields(row).Select(ExportText.MarkdownCell)) + " |");
        md.AppendLine().AppendLine("## Conditions").AppendLine();
        foreach (var condition in table.Conditions) md.AppendLine($"- {ExportText.MarkdownInline(condition)}");
        if (table.Conditions.Count == 0) md.AppendLine("None.");
        md.AppendLine().AppendLine("## Totals").AppendLine();
        foreach (var (label, value) in Totals(table)) md.AppendLine($"- {ExportText.MarkdownInline(label)}: {ExportText.MarkdownInline(value)}");
        if (table.Comments.Count > 0)
        {
            md.AppendLine().AppendLine("## Appendix: scorers' comments").AppendLine();
            foreach (var comment in table.Comments)
                md.AppendLine($"- {ExportText.MarkdownInline(comment.Proposal)}, {ExportText.MarkdownInline(comment.Scorer)}: {ExportText.MarkdownInline(comment.Comment)}");
        }
        return Encoding.UTF8.GetBytes(md.ToString());
    }

    public static byte[] Excel(BoardTable table, RoundAnalysis? analysis = null)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Board table");
        Text(sheet.Cell(1, 1), table.Title);
        sheet.Cell(1, 1).Style.Font.Bold = true;
        for (var c = 0; c < BoardTable.Headings.Count; c++)
        {
            Text(sheet.Cell(3, c + 1), BoardTable.Headings[c]);
            sheet.Cell(3, c + 1).Style.Font.Bold = true;
        }
        var r = 4;
        foreach (var row in table.Rows)
        {
            var fields = Fields(row);
            Text(sheet.Cell(r, 1), fields[0]);
            Number(sheet.Cell(r, 2), fields[1], "#,##0");
            Number(sheet.Cell(r, 3), fields[2], "0.0");
            Number(sheet.Cell(r, 4), fields[3], "0.00");
            Number(sheet.Cell(r, 5), fields[4], "0.0");
            Text(sheet.Cell(r, 6), fields[5]);
            Number(sheet.Cell(r, 7), fields[6], "#,##0");
            r++;
        }
        r++;
        Text(sheet.Cell(r++, 1), "Conditions");
        foreach (var condition in table.Conditions) Text(sheet.Cell(r++, 1), condition);
        r++;
        foreach (var (label, value) in Totals(table))
        {
            Text(sheet.Cell(r, 1), label);
            Number(sheet.Cell(r, 2), value, "#,##0");
            r++;
        }
        if (table.Comments.Count > 0)
        {
            r++;
            Text(sheet.Cell(r++, 1), "Appendix: scorers' comments");
            foreach (var (heading, c) in new[] { ("Proposal", 1), ("Scorer", 2), ("Comment", 3) }) Text(sheet.Cell(r, c), heading);
            r++;
            foreach (var comment in table.Comments)
            {
                Text(sheet.Cell(r, 1), comment.Proposal);
                Text(sheet.Cell(r, 2), comment.Scorer);
                Text(sheet.Cell(r, 3), comment.Comment);
                r++;
            }
        }
        // Fixed widths: ClosedXML's auto-fit measures text through System.Drawing (libgdiplus),
        // which a Linux server does not have.
        sheet.Column(1).Width = 48;
        sheet.Columns(2, 7).Width = 18;
        if (analysis is not null) AnalysisSheet(workbook.Worksheets.Add("Analysis"), analysis);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// The decision analytics beside the board table: one section per analysis, each a heading, a
    /// row of column headings and its rows, a blank row between sections. Figures are numbers.
    /// </summary>
    public static void AnalysisSheet(IXLWorksheet sheet, RoundAnalysis a)
    {
        var titles = a.Funding.Bids.ToDictionary(b => b.BidId, b => b.Title);
        string Names(IEnumerable<string> ids) => string.Join("; ", ids.Select(id => titles.GetValueOrDefault(id, id)));
        var r = 1;
        void Heading(string text)
        {
            Text(sheet.Cell(r, 1), text);
            sheet.Cell(r, 1).Style.Font.Bold = true;
            r++;
        }
        void Columns(params string[] names)
        {
            for (var c = 0; c < names.Length; c++)
            {
                Text(sheet.Cell(r, c + 1), names[c]);
                sheet.Cell(r, c + 1).Style.Font.Bold = true;
            }
            r++;
        }
        void Put(int column, object? value, string? format = null)
        {
            var cell = sheet.Cell(r, column);
            switch (value)
            {
                case null: break;
                case double d: cell.Value = d; break;
                case decimal m: cell.Value = m; break;
                case int i: cell.Value = i; break;
                case bool b: Text(cell, b ? "Yes" : "No"); break;
                default: Text(cell, value.ToString() ?? ""); break;
            }
            if (format is not null && value is double or decimal or int) cell.Style.NumberFormat.Format = format;
        }

        Heading("Decision analytics: advice beside the committee's list, on the scores before moderation");
        Put(1, $"{a.Options.Draws:N0} draws, seed {a.Options.Seed}; weights perturbed at concentration {a.Options.Concentration:G}; intervals {a.Funding.IntervalLevel:P0}.");
        r += 2;

        Heading("Probability of funding (bootstrap of each bid's sheets)");
        Columns("Proposal", "Rank", "Funded by the line", "Weighted mean", "Chance of funding", "Rank interval",
            "Mean interval", "For discussion", "Chance, weights perturbed", "In best portfolio");
        var perturbed = a.Weights.Perturbed.ToDictionary(p => p.BidId, p => p.ProbabilityFunded);
        var best = (a.Portfolio.Best?.BidIds ?? []).ToHashSet();
        foreach (var b in a.Funding.Bids)
        {
            Put(1, b.Title);
            Put(2, b.Rank);
            Put(3, b.Funded);
            Put(4, b.WeightedMean, "0.0");
            Put(5, b.ProbabilityFunded, "0%");
            Put(6, b.RankInterval is { } ri ? $"{ri.Lower} to {ri.Upper}" : null);
            Put(7, b.MeanInterval is { } mi ? $"{mi.Lower.ToString("0.0", Invariant)} to {mi.Upper.ToString("0.0", Invariant)}" : null);
            Put(8, b.ForDiscussion);
            Put(9, perturbed[b.BidId], "0%");
            Put(10, best.Contains(b.BidId));
            r++;
        }
        r++;

        Heading("Weight sensitivity (one criterion at a time, the others held)");
        Columns("Criterion", "Weight", "Lowest weight that holds", "Change", "Then crosses the line", "Highest weight that holds", "Change", "Then crosses the line");
        foreach (var c in a.Weights.Criteria)
        {
            Put(1, c.Name);
            Put(2, c.Weight, "0.##");
            if (c.Lower is { } lower)
            {
                Put(3, lower.Weight, "0.00");
                Put(4, lower.Change, "0%");
                Put(5, Crossing(lower));
            }
            else Put(3, "any");
            if (c.Upper is { } upper)
            {
                Put(6, upper.Weight, "0.00");
                Put(7, upper.Change, "0%");
                Put(8, Crossing(upper));
            }
            else Put(6, "any");
            r++;
        }
        string Crossing(WeightThreshold t) =>
            string.Join("; ", new[] { t.Entering.Count > 0 ? "in: " + Names(t.Entering) : null, t.Leaving.Count > 0 ? "out: " + Names(t.Leaving) : null }
                .Where(x => x is not null));
        r++;

        Heading("Disagreement: what drives the spread on low-agreement bids");
        Columns("Proposal", "Std. Dev.", "Driver", "Driver's share of the spread", "Driver's Std. Dev.");
        foreach (var d in a.Disagreement)
        {
            var driver = d.Criteria.FirstOrDefault(c => c.CriterionId == d.Driver);
            Put(1, d.Title);
            Put(2, d.StandardDeviation, "0.0");
            Put(3, driver?.Name);
            Put(4, driver?.ShareOfSpread, "0%");
            Put(5, driver?.StandardDeviation, "0.0");
            r++;
        }
        if (a.Disagreement.Count == 0) Put(1, "No bid has low agreement.");
        r += 2;

        Heading("Scorer calibration");
        Columns("Member", "Sheets", "Leniency", "Consistency (SD)");
        foreach (var s in a.Calibration.Scorers)
        {
            Put(1, s.Name);
            Put(2, s.Sheets);
            Put(3, s.Leniency, "+0.00;-0.00;0.00");
            Put(4, s.Consistency, "0.00");
            r++;
        }
        r++;
        var icc = a.Calibration.Reliability.Icc;
        var w = a.Calibration.Reliability.KendallsW;
        Columns("Panel reliability", "Value", "Lower 95%", "Upper 95%", "About");
        Put(1, "ICC(1), one member");
        Put(2, icc?.Single, "0.00"); Put(3, icc?.SingleLower, "0.00"); Put(4, icc?.SingleUpper, "0.00");
        Put(5, icc is null ? "not enough sheets" : $"one-way random effects; {icc.Bids} bids, {icc.Sheets} sheets");
        r++;
        Put(1, "ICC(1,k), mean of k0 members");
        Put(2, icc?.Average, "0.00"); Put(3, icc?.AverageLower, "0.00"); Put(4, icc?.AverageUpper, "0.00");
        Put(5, icc is null ? null : $"k0 = {icc.K0.ToString("0.0", Invariant)}");
        r++;
        Put(1, "Kendall's W");
        Put(2, w?.W, "0.00");
        Put(5, w is null ? "no complete block of 2 members and 2 bids" : $"{w.Members.Count} members x {w.Bids.Count} bids; p = {w.PValue.ToString("0.000", Invariant)}");
        r += 2;

        Heading("Best portfolio under the cap (advice)");
        Put(1, a.Portfolio.ValueDefinition);
        r++;
        Columns("View", "Bids", "Cost (GBP 000s)", "Value", "Headroom (GBP 000s)", "Proposals");
        foreach (var (view, p) in new[] { ("The committee's list", a.Portfolio.Committee), ("Best under the cap", a.Portfolio.Best), ("Value for money order", a.Portfolio.ValueForMoney) })
        {
            Put(1, view);
            if (p is null)
            {
                Put(2, a.Portfolio.NotSolved);
                r++;
                continue;
            }
            Put(2, p.BidIds.Count);
            Put(3, Domain.Display.Thousands(p.Cost), "#,##0");
            Put(4, p.Value, "0.0");
            Put(5, Domain.Display.Thousands(p.Headroom), "#,##0");
            Put(6, Names(p.BidIds));
            r++;
        }
        sheet.Column(1).Width = 48;
        sheet.Columns(2, 9).Width = 16;
        sheet.Column(10).Width = 16;
    }

    private static string[] Fields(BoardTableRow row) =>
        [row.Proposal, row.Funding, row.WeightedMean, row.ValuePerPound, row.StandardDeviation, row.Agreement, row.Cumulative];

    private static IEnumerable<(string Label, string Value)> Totals(BoardTable table) =>
    [
        ("Funding cap (GBP 000s)", Domain.Display.ThousandsText(table.FundingCap)),
        ("Funded total (GBP 000s)", Domain.Display.ThousandsText(table.FundedTotal)),
        ("Over-commitment (GBP 000s)", Domain.Display.ThousandsText(table.OverCommitment)),
        ("Headroom (GBP 000s)", Domain.Display.ThousandsText(table.Headroom)),
    ];


    /// <summary>Figures go into the workbook as numbers with the table's format, so they stay usable in a spreadsheet.</summary>
    private static void Number(IXLCell cell, string formatted, string format)
    {
        if (decimal.TryParse(formatted, NumberStyles.Number, Invariant, out var value))
        {
            cell.Value = value;
            cell.Style.NumberFormat.Format = format;
        }
        else
        {
            Text(cell, formatted);
        }
    }

    /// <summary>
    /// Text goes into the workbook as text, never parsed: ClosedXML's <c>Value</c> setter would
    /// read "1e5" as a number, "2020-01-01" as a date and drop a leading quote, so text is set
    /// with <c>SetValue&lt;string&gt;</c>, which stores it as a string as it is. Text a
    /// spreadsheet would take for a formula if retyped also carries Excel's quote prefix.
    /// </summary>
    private static void Text(IXLCell cell, string text)
    {
        cell.SetValue(text);
        if (ExportText.LooksLikeFormula(text)) cell.Style.IncludeQuotePrefix = true;
    }
}
