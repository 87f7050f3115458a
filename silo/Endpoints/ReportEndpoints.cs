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
            })
            .WithSummary($"The board table as {Names[extension]}: the current moderation, or a confirmed decision with ?decision=N.")
            .ProducesFile(BoardReports.Formats[extension].ContentType)
            .ProducesProblems(400, 403, 404);

        // (issue 14) The audit trail as a file: what GET .../audit gives this reader, optionally narrowed.
        reports.MapGet("/audit.csv", async (string r, string? bidId, string? memberId, string? kind, [AsParameters] ApiServices api) =>
            {
                var trail = await api.Round(r).GetAudit(api.Caller);
                var entries = new Domain.Audit.AuditFilter(Blank(bidId), Blank(memberId), Blank(kind)).Apply(trail);
                return TypedResults.File(AuditReport.Csv(entries), AuditReport.ContentType, $"{r}-audit.csv");
            })
            .WithSummary("The round's audit trail as CSV (chair, finance, secretary, admin), as GET .../audit gives it; ?bidId, ?memberId and ?kind narrow it.")
            .ProducesFile(AuditReport.ContentType)
            .ProducesProblems(400, 403, 404);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static readonly Dictionary<string, string> Names = new()
    {
        ["csv"] = "CSV", ["md"] = "Markdown", ["xlsx"] = "an Excel workbook (with the decision analytics on a second sheet)",
    };
}
