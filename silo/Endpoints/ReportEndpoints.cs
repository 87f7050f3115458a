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
        foreach (var (extension, format) in BoardReports.Formats)
            reports.MapGet($"/report.{extension}", (string r, int? decision, HttpContext http, IGrainFactory grains) =>
                Report(r, decision, http, grains, format.Write, format.ContentType, extension));
    }

    private static async Task<IResult> Report(string r, int? decisionNumber, HttpContext http, IGrainFactory grains,
        Func<BoardTable, byte[]> write, string contentType, string extension)
    {
        var (table, name) = await BoardReports.Table(grains, http.User.Caller(), RouteIds.Check(r, "roundId"), decisionNumber);
        return TypedResults.File(write(table), contentType, $"{name}.{extension}");
    }
}
