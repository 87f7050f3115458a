using System.Globalization;
using Prioritise.Domain;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;

namespace Prioritise.Cli;

/// <summary>Where rounds stand: their status, and while scoring, who has scored what.</summary>
public static class Status
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> Rounds(IGrainFactory grains, TextWriter output)
    {
        var ids = await grains.Registry().List();
        var views = (await Task.WhenAll(ids.Select(id => grains.Round(id).Find()))).OfType<RoundView>().ToList();
        if (views.Count == 0)
        {
            output.WriteLine("No rounds yet.");
            return 0;
        }
        Table(output, ["round", "status", "bids", "committee", "name"],
            views.OrderBy(v => v.Definition.Id, StringComparer.Ordinal).Select(v => new[]
            {
                v.Definition.Id, Lower(v.Status), v.Bids.ToString(Invariant), v.CommitteeMembers.ToString(Invariant), v.Definition.Name,
            }));
        return 0;
    }

    public static async Task<int> Round(IGrainFactory grains, string roundId, TextWriter output)
    {
        Ids.Require(roundId, "round");
        var round = grains.Round(roundId);
        var view = await round.Get(Program.CliCaller);
        var committee = await round.GetCommittee(Program.CliCaller);
        var bids = await round.GetBids(Program.CliCaller);
        var results = await round.GetResults(Program.CliCaller);

        var scorers = committee.Where(c => c.Seat.Has(CommitteeRole.Scorer)).ToList();
        var submitted = scorers.Sum(c => c.SheetsSubmitted);
        var expected = scorers.Sum(c => c.SheetsExpected);
        output.WriteLine($"Round {view.Definition.Id}: {view.Definition.Name}");
        output.WriteLine($"Status: {Lower(view.Status)}");
        output.WriteLine($"Funding cap: GBP {view.Definition.FundingCap.ToString("N2", Invariant)}; {view.Bids} bid(s); {view.CommitteeMembers} committee member(s), {scorers.Count} scoring");
        output.WriteLine($"Scoring progress: {submitted} of {expected} sheet(s) submitted{Percent(submitted, expected)}");
        output.WriteLine();

        if (scorers.Count > 0)
        {
            Table(output, ["scorer", "submitted", "expected", "conflicted on"], scorers.Select(c => new[]
            {
                c.Seat.MemberId, c.SheetsSubmitted.ToString(Invariant), c.SheetsExpected.ToString(Invariant),
                c.Conflicts.Count == 0 ? "-" : string.Join(" ", c.Conflicts.Select(x => x.BidId)),
            }));
            output.WriteLine();
        }

        // Per bid: the sheets that count now, of the scorers who may score it.
        var counted = results.Bids.ToDictionary(b => b.Result.BidId, b => b.Result.Sheets, StringComparer.Ordinal);
        if (bids.Count > 0)
        {
            Table(output, ["bid", "sheets", "expected", "GBP requested", "title"], bids.Select(b =>
            {
                var eligible = scorers.Count(c => c.Conflicts.All(x => x.BidId != b.Bid.Id));
                return new[]
                {
                    b.Bid.Id, counted.GetValueOrDefault(b.Bid.Id).ToString(Invariant), eligible.ToString(Invariant),
                    b.Bid.AmountRequested.ToString("N2", Invariant), b.Bid.Title,
                };
            }));
        }
        return 0;
    }

    private static string Percent(int done, int of) =>
        of == 0 ? "" : $" ({(100.0 * done / of).ToString("0", Invariant)}%)";

    private static string Lower(RoundStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Columns padded to their widest cell; the last column is left ragged.</summary>
    private static void Table(TextWriter output, string[] headings, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { headings };
        all.AddRange(rows);
        var widths = headings.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
    }
}
