using Prioritise.Grains;
using Prioritise.Reports;

namespace Prioritise.Silo.Endpoints;

public static class ReportEndpoints
{
    /// <summary>
    /// The board table for the current moderation, or for a confirmed decision with ?decision=N.
    /// </summary>
    public static void MapReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/rounds/{r}").WithTags("Reports").WithRouteIdChecks();
        foreach (var extension in BoardReports.Formats.Keys)
            reports.MapGet($"/report.{extension}", async (string r, int? decision, [AsParameters] ApiServices api) =>
            {
                var (content, contentType, name) = await BoardReports.Render(api.Grains, api.Caller, r, decision, extension);
                return TypedResults.File(content, contentType, name);
            });
    }
}
