using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using Prioritise.Domain.Reports;
using Prioritise.Grains;

namespace Prioritise.Silo.Reports;

/// <summary>The board table in the three formats boards ask for. The layout is the domain's; these only write it.</summary>
public static class BoardReports
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static readonly IReadOnlyDictionary<string, (Func<BoardTable, byte[]> Write, string ContentType)> Formats =
        new Dictionary<string, (Func<BoardTable, byte[]>, string)>
        {
            ["csv"] = (Csv, "text/csv; charset=utf-8"),
            ["md"] = (Markdown, "text/markdown; charset=utf-8"),
            ["xlsx"] = (Excel, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        };

    /// <summary>
    /// The board table the caller may see: the current moderated list, or a confirmed decision.
    /// The grains decide who may read it. Returns the table and a file name without extension.
    /// </summary>
    public static async Task<(BoardTable Table, string Name)> Table(IGrainFactory grains, Caller caller, string roundId, int? decision)
    {
        var round = await grains.Round(roundId).Get(caller);
        var moderation = grains.Moderation(roundId);
        if (decision is { } n)
            return (BoardTable.From($"{round.Definition.Name}: decision {n}", await moderation.GetDecision(caller, n)), $"{roundId}-decision-{n}");
        var view = await moderation.Get(caller);
        return (BoardTable.From($"{round.Definition.Name}: {(view.Confirmed ? "confirmed" : "moderated")} list", view.List), $"{roundId}-moderation");
    }

    public static byte[] Csv(BoardTable table)
    {
        using var text = new StringWriter(Invariant);
        using (var csv = new CsvWriter(text, Invariant))
        {
            foreach (var heading in BoardTable.Headings) csv.WriteField(heading);
            csv.NextRecord();
            foreach (var row in table.Rows)
            {
                foreach (var field in Fields(row)) csv.WriteField(field);
                csv.NextRecord();
            }
            csv.NextRecord();
            csv.WriteField("Conditions");
            csv.NextRecord();
            foreach (var condition in table.Conditions)
            {
                csv.WriteField(condition);
                csv.NextRecord();
            }
            csv.NextRecord();
            foreach (var (label, value) in Totals(table))
            {
                csv.WriteField(label);
                csv.WriteField(value);
                csv.NextRecord();
            }
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] Markdown(BoardTable table)
    {
        static string Cell(string s) => s.Replace("|", "\\|");
        var md = new StringBuilder();
        md.AppendLine($"# {table.Title}").AppendLine();
        md.AppendLine("| " + string.Join(" | ", BoardTable.Headings) + " |");
        md.AppendLine("|" + string.Join("|", BoardTable.Headings.Select((_, i) => i is 0 or 5 ? "---" : "---:")) + "|");
        foreach (var row in table.Rows)
            md.AppendLine("| " + string.Join(" | ", Fields(row).Select(Cell)) + " |");
        md.AppendLine().AppendLine("## Conditions").AppendLine();
        foreach (var condition in table.Conditions) md.AppendLine($"- {condition}");
        if (table.Conditions.Count == 0) md.AppendLine("None.");
        md.AppendLine().AppendLine("## Totals").AppendLine();
        foreach (var (label, value) in Totals(table)) md.AppendLine($"- {label}: {value}");
        return Encoding.UTF8.GetBytes(md.ToString());
    }

    public static byte[] Excel(BoardTable table)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Board table");
        sheet.Cell(1, 1).Value = table.Title;
        sheet.Cell(1, 1).Style.Font.Bold = true;
        for (var c = 0; c < BoardTable.Headings.Count; c++)
        {
            sheet.Cell(3, c + 1).Value = BoardTable.Headings[c];
            sheet.Cell(3, c + 1).Style.Font.Bold = true;
        }
        var r = 4;
        foreach (var row in table.Rows)
        {
            var fields = Fields(row);
            sheet.Cell(r, 1).Value = fields[0];
            Number(sheet.Cell(r, 2), fields[1], "#,##0");
            Number(sheet.Cell(r, 3), fields[2], "0.0");
            Number(sheet.Cell(r, 4), fields[3], "0.00");
            Number(sheet.Cell(r, 5), fields[4], "0.0");
            sheet.Cell(r, 6).Value = fields[5];
            Number(sheet.Cell(r, 7), fields[6], "#,##0");
            r++;
        }
        r++;
        sheet.Cell(r++, 1).Value = "Conditions";
        foreach (var condition in table.Conditions) sheet.Cell(r++, 1).Value = condition;
        r++;
        foreach (var (label, value) in Totals(table))
        {
            sheet.Cell(r, 1).Value = label;
            Number(sheet.Cell(r, 2), value, "#,##0");
            r++;
        }
        // Fixed widths: ClosedXML's auto-fit measures text through System.Drawing (libgdiplus),
        // which a Linux server does not have.
        sheet.Column(1).Width = 48;
        sheet.Columns(2, 7).Width = 18;
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static string[] Fields(BoardTableRow row) =>
        [row.Proposal, row.Funding, row.WeightedMean, row.ValuePerPound, row.StandardDeviation, row.Agreement, row.Cumulative];

    private static IEnumerable<(string Label, string Value)> Totals(BoardTable table) =>
    [
        ("Funding cap (GBP 000s)", Thousands(table.FundingCap)),
        ("Funded total (GBP 000s)", Thousands(table.FundedTotal)),
        ("Over-commitment (GBP 000s)", Thousands(table.OverCommitment)),
        ("Headroom (GBP 000s)", Thousands(table.Headroom)),
    ];

    private static string Thousands(decimal pounds) => Domain.Display.Thousands(pounds).ToString("N0", Invariant);

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
            cell.Value = formatted;
        }
    }
}
