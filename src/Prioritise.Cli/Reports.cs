using System.Globalization;
using Prioritise.Domain;
using Prioritise.Grains;
using Prioritise.Reports;

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
        if (!BoardReports.Formats.ContainsKey(format))
            throw new UsageException($"--format must be csv, md or xlsx; '{format}' is not.");
        if (format == "xlsx" && outPath is null)
            throw new UsageException("An xlsx report is a binary file: name it with --out FILE.xlsx.");

        var (bytes, _, _) = await BoardReports.Render(grains, Program.CliCaller, roundId, decisionNumber, format);
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
