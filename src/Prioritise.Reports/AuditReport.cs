using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Prioritise.Domain.Audit;

namespace Prioritise.Reports;

/// <summary>
/// (issue 14) The audit trail as CSV, exactly the entries the reader was given (the round grain
/// applies <c>Disclosure.Audit</c> before anything reaches here): one row per entry with its place
/// in the whole trail. Every text cell that a spreadsheet would read as a formula is neutralised
/// (<see cref="ExportText.Spreadsheet"/>) and quoted.
/// </summary>
public static class AuditReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly IReadOnlyList<string> Headings =
        ["Entry", "When (UTC)", "Who", "Who (kind)", "Kind", "What", "Why", "Bid", "Member"];

    public static byte[] Csv(IReadOnlyList<(int Position, AuditEvent Event)> entries)
    {
        using var text = new StringWriter(Invariant);
        var config = new CsvConfiguration(Invariant)
        {
            // Our own neutralising, as the board table's CSV does.
            InjectionOptions = InjectionOptions.None,
            ShouldQuote = args => ConfigurationFunctions.ShouldQuote(args)
                                  || (args.FieldType == typeof(string) && args.Field?.StartsWith('\'') == true),
        };
        using (var csv = new CsvWriter(text, config))
        {
            void Text(string? s) => csv.WriteField(ExportText.Spreadsheet(s ?? ""));
            foreach (var heading in Headings) Text(heading);
            csv.NextRecord();
            foreach (var (position, e) in entries)
            {
                csv.WriteField(position);
                csv.WriteField(e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Invariant));
                Text(AuditActors.Label(e.Actor));
                Text(AuditActors.Kind(e.Actor));
                Text(AuditFilter.KindName(e.Action));
                Text(e.What);
                Text(e.Why);
                Text(e.BidId);
                Text(e.MemberId);
                csv.NextRecord();
            }
        }
        return new System.Text.UTF8Encoding(false).GetBytes(text.ToString());
    }
}
