using Prioritise.Domain.Reports;
using Prioritise.Grains;
using Prioritise.Silo.Auth;
using Prioritise.Silo.Reports;

namespace Prioritise.Silo.Endpoints;

public static class ReportEndpoints
{
    /// <summary>
    /// The board table for the current moderation, or for a confirmed decision with ?decision=N.
    /// </summary>
    public static void MapReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/rounds/{r}").WithTags("Reports");
        reports.MapGet("/report.csv", (string r, int? decision, HttpContext http, IGrainFactory grains) =>
            Report(r, decision, http, grains, BoardReports.Csv, "text/csv; charset=utf-8", "csv"));
        reports.MapGet("/report.md", (string r, int? decision, HttpContext http, IGrainFactory grains) =>
            Report(r, decision, http, grains, BoardReports.Markdown, "text/markdown; charset=utf-8", "md"));
        reports.MapGet("/report.xlsx", (string r, int? decision, HttpContext http, IGrainFactory grains) =>
            Report(r, decision, http, grains, BoardReports.Excel, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"));
    }

    private static async Task<IResult> Report(string r, int? decisionNumber, HttpContext http, IGrainFactory grains,
        Func<BoardTable, byte[]> write, string contentType, string extension)
    {
        var moderation = ModerationEndpoints.Moderation(grains, r);
        var caller = http.User.Caller();
        var round = await grains.Round(r).Get(caller);
        BoardTable table;
        string suffix;
        if (decisionNumber is { } n)
        {
            var decision = await moderation.GetDecision(caller, n);
            table = BoardTable.From($"{round.Definition.Name}: decision {n}", decision);
            suffix = $"decision-{n}";
        }
        else
        {
            var view = await moderation.Get(caller);
            table = BoardTable.From($"{round.Definition.Name}: {(view.Confirmed ? "confirmed" : "moderated")} list", view.List);
            suffix = "moderation";
        }
        return TypedResults.File(write(table), contentType, $"{r}-{suffix}.{extension}");
    }
}
