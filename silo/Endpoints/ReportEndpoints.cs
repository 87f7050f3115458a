using Prioritise.Domain.Analytics;
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
            Report(r, decision, http, grains, (t, _) => BoardReports.Csv(t), "text/csv; charset=utf-8", "csv"));
        reports.MapGet("/report.md", (string r, int? decision, HttpContext http, IGrainFactory grains) =>
            Report(r, decision, http, grains, (t, _) => BoardReports.Markdown(t), "text/markdown; charset=utf-8", "md"));
        // The workbook also carries the decision analytics on a second sheet, "Analysis".
        reports.MapGet("/report.xlsx", (string r, int? decision, HttpContext http, IGrainFactory grains) =>
            Report(r, decision, http, grains, BoardReports.Excel, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
                withAnalysis: true));
    }

    private static async Task<IResult> Report(string r, int? decisionNumber, HttpContext http, IGrainFactory grains,
        Func<BoardTable, RoundAnalysis?, byte[]> write, string contentType, string extension, bool withAnalysis = false)
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
        // The analysis is of the scores before moderation, so it is the same for every decision.
        var analysis = withAnalysis ? await grains.Round(r).GetAnalysis(caller, AnalysisOptions.Default) : null;
        return TypedResults.File(write(table, analysis), contentType, $"{r}-{suffix}.{extension}");
    }
}
