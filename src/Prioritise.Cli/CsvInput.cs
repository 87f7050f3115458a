using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Prioritise.Cli;

/// <summary>Bad input in a file: every problem found, each with its line, and nothing was changed (exit code 1).</summary>
public sealed class InputException(string file, IReadOnlyList<string> problems)
    : Exception($"{file}: {problems.Count} problem(s); nothing was imported.")
{
    public string File { get; } = file;
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>One data row of a CSV file, by column name, with the line it came from.</summary>
public sealed record CsvRow(int Line, IReadOnlyDictionary<string, string?> Fields)
{
    /// <summary>The field, or null when the column is absent or the cell is blank.</summary>
    public string? this[string column] =>
        Fields.TryGetValue(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
}

public static class CsvInput
{
    /// <summary>Files bigger than this are refused before they are read: an import is a committee's list, not a data dump.</summary>
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 10_000;

    /// <summary>
    /// Reads a CSV file with a header row (comma-separated, UTF-8, quoted fields as spreadsheets
    /// write them). Column names match case-insensitively; an unknown or missing column is an
    /// error, since a misspelt header would otherwise drop a field without a word.
    /// </summary>
    public static IReadOnlyList<CsvRow> Read(string path, IReadOnlyList<string> columns, IReadOnlyList<string> required)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new InputException(path, ["The file does not exist."]);
        if (info.Length > MaxBytes) throw new InputException(path, [$"The file is {info.Length:N0} bytes; at most {MaxBytes:N0} are accepted."]);

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            TrimOptions = TrimOptions.None,
            BadDataFound = null, // reported below through the parser's exception instead
            MissingFieldFound = null,
            IgnoreBlankLines = true,
        };
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, config);
        var problems = new List<string>();
        var rows = new List<CsvRow>();
        try
        {
            if (!csv.Read()) throw new InputException(path, ["The file is empty: the first line must name the columns."]);
            csv.ReadHeader();
            var header = csv.HeaderRecord!.Select(h => h.Trim()).ToArray();
            var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Length; i++)
            {
                var known = columns.FirstOrDefault(c => c.Equals(header[i], StringComparison.OrdinalIgnoreCase));
                if (known is null)
                    problems.Add($"line 1: unknown column '{header[i]}'; the columns are {string.Join(", ", columns)}.");
                else if (!byName.TryAdd(known, i))
                    problems.Add($"line 1: column '{known}' appears twice.");
            }
            foreach (var column in required.Where(c => !byName.ContainsKey(c)))
                problems.Add($"line 1: the required column '{column}' is missing.");
            if (problems.Count > 0) throw new InputException(path, problems);

            while (csv.Read())
            {
                var line = csv.Parser.RawRow;
                if (rows.Count >= MaxRows) throw new InputException(path, [$"More than {MaxRows:N0} rows."]);
                if (csv.Parser.Count > header.Length)
                {
                    problems.Add($"line {line}: {csv.Parser.Count} fields, but the header names {header.Length}.");
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
            problems.Add($"line {e.Context?.Parser?.RawRow}: the CSV is malformed ({e.GetType().Name}).");
        }
        if (problems.Count > 0) throw new InputException(path, problems);
        if (rows.Count == 0) throw new InputException(path, ["The file has a header but no rows."]);
        return rows;
    }

    /// <summary>"a; b ;c" as ["a", "b", "c"]: lists inside one cell.</summary>
    public static IReadOnlyList<string> List(string? cell) =>
        cell is null ? [] : cell.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
