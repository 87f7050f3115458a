using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Prioritise.Reports.Imports;

/// <summary>
/// One thing wrong with an import: the line of the file (null for the file as a whole), the
/// column (null when it is the row or the file) and what is wrong, in words.
/// </summary>
public sealed record ImportProblem(int? Line, string? Field, string Message)
{
    /// <summary>The command line's form: "line 3: amountRequested: ...".</summary>
    public override string ToString() =>
        (Line is { } line ? $"line {line}: " : "") + (Field is { } field ? $"{field}: " : "") + Message;
}

/// <summary>Bad input in a file: every problem found, each with its line, and nothing was changed (the CLI's exit code 1, the page's list).</summary>
public sealed class InputException(string file, IReadOnlyList<ImportProblem> problems)
    : Exception($"{file}: {problems.Count} problem(s); nothing was imported.")
{
    public InputException(string file, string problem) : this(file, [new ImportProblem(null, null, problem)]) { }

    public string File { get; } = file;
    public IReadOnlyList<ImportProblem> Details { get; } = problems;
    public IReadOnlyList<string> Problems => Details.Select(p => p.ToString()).ToList();
}

/// <summary>One data row of a CSV file, by column name, with the line it came from.</summary>
public sealed record CsvRow(int Line, IReadOnlyDictionary<string, string?> Fields)
{
    /// <summary>The field, or null when the column is absent or the cell is blank.</summary>
    public string? this[string column] =>
        Fields.TryGetValue(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
}

/// <summary>
/// Reads the imports' CSV (the command line's files and the set-up page's upload or paste alike):
/// one home for the format, so both accept and refuse the same files.
/// </summary>
public static class CsvInput
{
    /// <summary>Files bigger than this are refused before they are read: an import is a committee's list, not a data dump.</summary>
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 10_000;

    public static IReadOnlyList<CsvRow> Read(string path, IReadOnlyList<string> columns, IReadOnlyList<string> required)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new InputException(path, "The file does not exist.");
        if (info.Length > MaxBytes) throw new InputException(path, $"The file is {info.Length:N0} bytes; at most {MaxBytes:N0} are accepted.");
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path, columns, required);
    }

    /// <summary>
    /// Reads CSV with a header row (comma-separated, quoted fields as spreadsheets write them).
    /// Column names match case-insensitively; an unknown or missing column is an error, since a
    /// misspelt header would otherwise drop a field without a word. The caller bounds the size.
    /// </summary>
    /// <param name="source">What the problems name: the file's path, or "the pasted text".</param>
    public static IReadOnlyList<CsvRow> Read(TextReader reader, string source, IReadOnlyList<string> columns, IReadOnlyList<string> required)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            TrimOptions = TrimOptions.None,
            BadDataFound = null, // reported below through the parser's exception instead
            MissingFieldFound = null,
            IgnoreBlankLines = true,
        };
        using var csv = new CsvReader(reader, config);
        var problems = new List<ImportProblem>();
        var rows = new List<CsvRow>();
        try
        {
            if (!csv.Read()) throw new InputException(source, "The file is empty: the first line must name the columns.");
            csv.ReadHeader();
            var header = csv.HeaderRecord!.Select(h => h.Trim()).ToArray();
            var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Length; i++)
            {
                var known = columns.FirstOrDefault(c => c.Equals(header[i], StringComparison.OrdinalIgnoreCase));
                if (known is null)
                    problems.Add(new(1, null, $"unknown column '{header[i]}'; the columns are {string.Join(", ", columns)}."));
                else if (!byName.TryAdd(known, i))
                    problems.Add(new(1, null, $"column '{known}' appears twice."));
            }
            foreach (var column in required.Where(c => !byName.ContainsKey(c)))
                problems.Add(new(1, null, $"the required column '{column}' is missing."));
            if (problems.Count > 0) throw new InputException(source, problems);

            while (csv.Read())
            {
                var line = csv.Parser.RawRow;
                if (rows.Count >= MaxRows) throw new InputException(source, $"More than {MaxRows:N0} rows.");
                if (csv.Parser.Count > header.Length)
                {
                    problems.Add(new(line, null, $"{csv.Parser.Count} fields, but the header names {header.Length}."));
                    continue;
                }
                var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var (name, index) in byName)
                    fields[name] = index < csv.Parser.Count ? csv.Parser[index] : null;
                rows.Add(new CsvRow(line, fields));
            }
        }
        catch (CsvHelperException e)
        {
            problems.Add(new(e.Context?.Parser?.RawRow, null, $"the CSV is malformed ({e.GetType().Name})."));
        }
        if (problems.Count > 0) throw new InputException(source, problems);
        if (rows.Count == 0) throw new InputException(source, "The file has a header but no rows.");
        return rows;
    }

    /// <summary>"a; b ;c" as ["a", "b", "c"]: lists inside one cell.</summary>
    public static IReadOnlyList<string> List(string? cell) =>
        cell is null ? [] : cell.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
