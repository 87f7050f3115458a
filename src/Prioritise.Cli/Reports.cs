using System.Globalization;
using Prioritise.Domain;
using Prioritise.Domain.Reports;
using Prioritise.Grains;
using Prioritise.Silo.Reports;

namespace Prioritise.Cli;

public static class Reports
{
    /// <summary>
    /// The board table of a round, as GET /api/rounds/{r}/report.{csv,md,xlsx} gives it: for the
    /// current moderation, or for a confirmed decision.
    /// </summary>
    public static async Task<int> Export(IGrainFactory grains, string roundId, string format, int? decisionNumber, string? outPath, Stream stdout)
    {
        Ids.Require(roundId, "round");
        Func<BoardTable, byte[]> write = format switch
        {
            "csv" => BoardReports.Csv,
            "md" => BoardReports.Markdown,
            "xlsx" => BoardReports.Excel,
            _ => throw new UsageException($"--format must be csv, md or xlsx; '{format}' is not."),
        };
        if (format == "xlsx" && outPath is null)
            throw new UsageException("An xlsx report is a binary file: name it with --out FILE.xlsx.");

        var round = await grains.Round(roundId).Get(Program.CliCaller);
        var moderation = grains.Moderation(roundId);
        BoardTable table;
        if (decisionNumber is { } n)
        {
            var decision = await moderation.GetDecision(Program.CliCaller, n);
            table = BoardTable.From($"{round.Definition.Name}: decision {n}", decision);
        }
        else
        {
            var view = await moderation.Get(Program.CliCaller);
            table = BoardTable.From($"{round.Definition.Name}: {(view.Confirmed ? "confirmed" : "moderated")} list", view.List);
        }

        var bytes = write(table);
        if (outPath is null)
        {
            await stdout.WriteAsync(bytes);
            await stdout.FlushAsync();
        }
        else
        {
            await File.WriteAllBytesAsync(outPath, bytes);
            Console.Error.WriteLine($"wrote {bytes.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes to {outPath}");
        }
        return 0;
    }
}
