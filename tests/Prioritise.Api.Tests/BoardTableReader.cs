using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ClosedXML.Excel;

namespace Prioritise.Api.Tests;

/// <summary>The board table as a report shows it: headings, rows of seven formatted cells, then the conditions.</summary>
public sealed record BoardTableRead(IReadOnlyList<string> Headings, IReadOnlyList<string[]> Rows, IReadOnlyList<string> Conditions)
{
    public string Describe() =>
        string.Join(Environment.NewLine, new[] { string.Join(" | ", Headings) }
            .Concat(Rows.Select(r => string.Join(" | ", r)))
            .Append("Conditions:")
            .Concat(Conditions));
}

/// <summary>Reads report.csv, report.md and report.xlsx back with nothing from the service's own writers.</summary>
public static class BoardTableReader
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // ---- CSV (RFC 4180: commas, double quotes doubled inside quoted fields) ----

    public static List<List<string>> CsvRecords(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var fieldStarted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
                continue;
            }
            switch (ch)
            {
                case '"': quoted = true; fieldStarted = true; break;
                case ',': record.Add(field.ToString()); field.Clear(); fieldStarted = true; break;
                case '\r': break;
                case '\n':
                    if (fieldStarted || field.Length > 0 || record.Count > 0) record.Add(field.ToString());
                    records.Add(record);
                    record = [];
                    field.Clear();
                    fieldStarted = false;
                    break;
                default: field.Append(ch); fieldStarted = true; break;
            }
        }
        if (fieldStarted || field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }
        Assert.False(quoted, "The CSV ends inside a quoted field.");
        return records;
    }

    public static BoardTableRead Csv(string text)
    {
        var records = CsvRecords(text.TrimStart('\uFEFF'));
        var start = records.FindIndex(r => r.Count > 0 && r[0] == "Proposal");
        Assert.True(start >= 0, $"No 'Proposal' heading row in the CSV:{Environment.NewLine}{text}");
        var headings = records[start];
        var rows = new List<string[]>();
        var i = start + 1;
        for (; i < records.Count && !Blank(records[i]); i++)
        {
            Assert.True(records[i].Count == headings.Count, $"Row {i + 1} of the CSV has {records[i].Count} fields, not {headings.Count}: {string.Join(",", records[i])}");
            rows.Add(records[i].ToArray());
        }
        while (i < records.Count && Blank(records[i])) i++;
        var conditions = new List<string>();
        Assert.True(i < records.Count && IsConditionsHeading(records[i][0]),
            $"The CSV table is not followed by a 'Conditions' heading:{Environment.NewLine}{text}");
        for (i++; i < records.Count && !Blank(records[i]); i++) conditions.Add(string.Join(",", records[i].Where(f => f.Length > 0)));
        return new BoardTableRead(headings, rows, conditions);
    }

    private static bool Blank(List<string> record) => record.All(string.IsNullOrWhiteSpace);

    private static bool IsConditionsHeading(string s) => s.Trim().TrimStart('#').Trim().TrimEnd(':').Equals("Conditions", StringComparison.OrdinalIgnoreCase);

    // ---- Markdown (a pipe table, then a Conditions heading and a bullet list) ----

    public static BoardTableRead Markdown(string text)
    {
        var lines = text.Replace("\r", "").Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith('|'));
        Assert.True(start >= 0, $"No table in the Markdown:{Environment.NewLine}{text}");
        var headings = Cells(lines[start]);
        Assert.Matches(@"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$", lines[start + 1].Trim());
        var rows = new List<string[]>();
        var i = start + 2;
        for (; i < lines.Length && lines[i].TrimStart().StartsWith('|'); i++)
        {
            var cells = Cells(lines[i]);
            Assert.True(cells.Count == headings.Count, $"Markdown row has {cells.Count} cells, not {headings.Count}: {lines[i]}");
            rows.Add(cells.ToArray());
        }
        while (i < lines.Length && string.IsNullOrWhiteSpace(lines[i])) i++;
        Assert.True(i < lines.Length && IsConditionsHeading(lines[i]),
            $"The Markdown table is not followed by a 'Conditions' heading:{Environment.NewLine}{text}");
        i++;
        while (i < lines.Length && string.IsNullOrWhiteSpace(lines[i])) i++;
        var conditions = new List<string>();
        for (; i < lines.Length && (lines[i].StartsWith("- ") || lines[i].StartsWith("* ")); i++)
            conditions.Add(Unescape(lines[i][2..].Trim()));
        return new BoardTableRead(headings, rows, conditions);
    }

    private static List<string> Cells(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.StartsWith('|')) trimmed = trimmed[1..];
        if (trimmed.EndsWith('|') && !trimmed.EndsWith("\\|")) trimmed = trimmed[..^1];
        var cells = new List<string>();
        var cell = new StringBuilder();
        for (var i = 0; i < trimmed.Length; i++)
        {
            // A backslash escapes the next character, a pipe included (GFM: it does not end the cell).
            if (trimmed[i] == '\\' && i + 1 < trimmed.Length) { cell.Append(trimmed, i, 2); i++; }
            else if (trimmed[i] == '|') { cells.Add(Unescape(cell.ToString().Trim())); cell.Clear(); }
            else cell.Append(trimmed[i]);
        }
        cells.Add(Unescape(cell.ToString().Trim()));
        return cells;
    }

    /// <summary>Text as a Markdown renderer shows it: backslash escapes of ASCII punctuation (CommonMark 2.4) and HTML entities resolved.</summary>
    public static string Unescape(string markdown)
    {
        var text = new StringBuilder(markdown.Length);
        for (var i = 0; i < markdown.Length; i++)
        {
            if (markdown[i] == '\\' && i + 1 < markdown.Length && char.IsAscii(markdown[i + 1]) && (char.IsPunctuation(markdown[i + 1]) || char.IsSymbol(markdown[i + 1])))
            {
                text.Append(markdown[i + 1]);
                i++;
            }
            else text.Append(markdown[i]);
        }
        return System.Net.WebUtility.HtmlDecode(text.ToString());
    }

    // ---- Excel (the first worksheet; cells compared as Excel would display them) ----

    public static BoardTableRead Excel(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var workbook = new XLWorkbook(stream);
        var sheet = workbook.Worksheets.First();
        var last = sheet.LastRowUsed()?.RowNumber() ?? 0;
        string Text(int row, int column) => Shown(sheet.Cell(row, column)).Trim();
        bool BlankRow(int row) => Enumerable.Range(1, 7).All(c => Text(row, c).Length == 0);

        var start = Enumerable.Range(1, last).FirstOrDefault(r => Text(r, 1) == "Proposal");
        Assert.True(start > 0, "No 'Proposal' heading in the first worksheet.");
        var headings = Enumerable.Range(1, 7).Select(c => Text(start, c)).ToList();
        Assert.Equal("", Text(start, 8));
        var rows = new List<string[]>();
        var r = start + 1;
        for (; r <= last && !BlankRow(r); r++) rows.Add(Enumerable.Range(1, 7).Select(c => Text(r, c)).ToArray());
        while (r <= last && BlankRow(r)) r++;
        Assert.True(r <= last && IsConditionsHeading(Text(r, 1)), $"The worksheet's table is not followed by 'Conditions' (row {r}: '{(r <= last ? Text(r, 1) : "")}').");
        var conditions = new List<string>();
        for (r++; r <= last && Text(r, 1).Length > 0; r++) conditions.Add(Text(r, 1));
        return new BoardTableRead(headings, rows, conditions);
    }

    /// <summary>
    /// The cell as Excel displays it: a number through its number format (ExcelNumberFormat, the
    /// formatter ClosedXML uses), anything else as ClosedXML formats it. ClosedXML 0.95.4's own
    /// GetFormattedString silently ignores the format when ExcelNumberFormat 1.1 is resolved
    /// (MissingMethodException inside, NU1603), so numbers are formatted here.
    /// </summary>
    public static string Shown(IXLCell cell)
    {
        if (cell.DataType != XLDataType.Number) return cell.GetFormattedString();
        var format = cell.Style.NumberFormat.Format;
        if (string.IsNullOrEmpty(format))
            format = cell.Style.NumberFormat.NumberFormatId switch
            {
                1 => "0",
                2 => "0.00",
                3 => "#,##0",
                4 => "#,##0.00",
                _ => "General",
            };
        var formatter = new ExcelNumberFormat.NumberFormat(format);
        Assert.True(formatter.IsValid, $"Cell {cell.Address} has an invalid number format '{format}'.");
        return formatter.Format(cell.GetDouble(), Invariant);
    }

    // ---- expectations ----

    /// <summary>The headings exactly as api.md (Reports) names them.</summary>
    public static void AssertHeadings(IReadOnlyList<string> headings)
    {
        Assert.Equal(7, headings.Count);
        Assert.Equal("Proposal", headings[0]);
        Assert.Equal("Funding GBP 000s", headings[1]);
        Assert.Equal("Weighted Mean Total Value Score", headings[2]);
        Assert.Equal("Mean Value Score per £", headings[3]);
        Assert.Equal("Std. Dev.", headings[4]);
        Assert.Equal("Agreement", headings[5]);
        Assert.Equal("Cumulative Funding", headings[6]);
    }

    public static void AssertRows(IReadOnlyList<string[]> expected, IReadOnlyList<string[]> actual, string what)
    {
        var problems = new List<string>();
        if (expected.Count != actual.Count) problems.Add($"{actual.Count} rows, expected {expected.Count}");
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
            if (!expected[i].SequenceEqual(actual[i]))
                problems.Add($"row {i + 1}: expected {string.Join(" | ", expected[i])}; got {string.Join(" | ", actual[i])}");
        Assert.True(problems.Count == 0, $"{what}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    /// <summary>
    /// Each condition must appear once, as one line naming its bid(s) (a joint award's condition
    /// names both) and carrying the text, and no other line may appear.
    /// </summary>
    public static void AssertConditions(IReadOnlyList<(string[] Titles, string Text)> expected, IReadOnlyList<string> actual, string what)
    {
        Assert.True(expected.Count == actual.Count,
            $"{what}: {actual.Count} conditions, expected {expected.Count}:{Environment.NewLine}{string.Join(Environment.NewLine, actual)}");
        foreach (var (titles, text) in expected)
        {
            var matches = actual.Where(line => line.Contains(text, StringComparison.Ordinal)
                                               && titles.All(t => line.Contains(t, StringComparison.Ordinal))).ToList();
            Assert.True(matches.Count == 1,
                $"{what}: no single condition line names {string.Join(" + ", titles)} with '{text}':{Environment.NewLine}{string.Join(Environment.NewLine, actual)}");
        }
    }

    /// <summary>A decision's (or the moderation's) rows as the board table prints them, derived from the JSON.</summary>
    public static List<string[]> FromJsonRows(JsonArray rows) =>
        rows.Select(n => n!.AsObject()).Select(r => new[]
        {
            (string)r["title"]!,
            Thousands((decimal)r["award"]!),
            Fixed((double)r["weightedMean"]!, 1),
            Fixed((double)r["valuePerThousand"]!, 2),
            Fixed((double)r["standardDeviation"]!, 1),
            (string)r["agreement"]!,
            r["cumulative"] is null ? "-" : Thousands((decimal)r["cumulative"]!),
        }).ToList();

    /// <summary>
    /// Printed rows as report.csv writes them: the figures (every column but the proposal and the
    /// agreement) without the thousands separator, so a spreadsheet reads them as numbers.
    /// </summary>
    public static List<string[]> CsvFigures(IEnumerable<string[]> printed) =>
        printed.Select(row => row.Select((cell, c) => c is 0 or 5 ? cell : cell.Replace(",", "")).ToArray()).ToList();

    /// <summary>Printed rows as report.{format} shows them: <see cref="CsvFigures"/> for "csv", as printed for the others.</summary>
    public static List<string[]> As(string format, IEnumerable<string[]> printed) =>
        format == "csv" ? CsvFigures(printed) : printed.ToList();

    public static string Thousands(decimal pounds) =>
        Math.Round(pounds / 1000m, 0, MidpointRounding.AwayFromZero).ToString("N0", Invariant);

    public static string Fixed(double value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, Invariant);
}
