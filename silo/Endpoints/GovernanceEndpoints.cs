using Prioritise.Domain;
using Prioritise.Domain.Validation;
using Prioritise.Grains;
using Prioritise.Reports;

namespace Prioritise.Silo.Endpoints;

/// <summary>After the decision (issue 16; docs/api.md "After the decision"): bind, call the governance grain, answer.</summary>
public static class GovernanceEndpoints
{
    public static void MapGovernance(this IEndpointRouteBuilder app)
    {
        var round = app.MapGroup("/api/rounds/{r}").WithTags("After the decision").WithRouteIdChecks();

        round.MapGet("/governance", async (string r, [AsParameters] ApiServices api) =>
                TypedResults.Ok(GovernanceResponse.From(await api.Governance(r).Get(api.Caller))))
            .WithSummary("The bodies the round's decisions pass through, in order, and where each decision stands.")
            .ProducesProblems(400, 403, 404);

        round.MapPut("/governance", async (string r, SetGovernance? body, [AsParameters] ApiServices api) =>
                TypedResults.Ok(GovernanceResponse.From(await api.Governance(r).Set(api.Caller, Required(body)))))
            .WithSummary("Name the bodies (in order, each endorsing or approving) the decision passes through (secretary, admin); until a decision is approved.")
            .ProducesProblems(400, 403, 404, 409, 413);

        round.MapPost("/decisions/{n:int}/resolutions", async (string r, int n, RecordResolution? body, [AsParameters] ApiServices api) =>
            {
                var standing = await api.Governance(r).Resolve(api.Caller, n, Required(body));
                return TypedResults.Created($"/api/rounds/{r}/decisions/{n}", StandingResponse.From(standing));
            })
            .WithSummary("Record a body's resolution on a decision (secretary, admin): endorsed, approved, declined or deferred.")
            .ProducesProblems(400, 403, 404, 409, 413);

        round.MapGet("/conditions", async (string r, [AsParameters] ApiServices api) =>
                TypedResults.Ok(await api.Governance(r).Conditions(api.Caller)))
            .WithSummary("Every condition of the decision in force, one per bid: open, met (with evidence) or waived (with a reason).")
            .ProducesProblems(400, 403, 404);

        round.MapPost("/conditions/{c}/discharge", async (string r, string c, DischargeCondition? body, [AsParameters] ApiServices api) =>
                TypedResults.Ok(await api.Governance(r).Discharge(api.Caller, c, Required(body))))
            .WithSummary("Record a condition met, with the evidence, or waived, with the reason (chair, finance).")
            .ProducesProblems(400, 403, 404, 409, 413);

        round.MapPost("/releases", async (string r, ReleaseFunds? body, [AsParameters] ApiServices api) =>
            {
                var release = await api.Governance(r).Release(api.Caller, Required(body));
                return TypedResults.Created($"/api/rounds/{r}/funding", release);
            })
            .WithSummary("Record money released to a funded scheme (finance): refused before approval, while its conditions are open, or beyond its award.")
            .ProducesProblems(400, 403, 404, 409, 413);

        round.MapGet("/funding", async (string r, [AsParameters] ApiServices api) =>
                TypedResults.Ok(FundingResponse.From(await api.Governance(r).Funding(api.Caller))))
            .WithSummary("Per funded scheme of the decision in force: award, released, spent (from returns) and conditions, with the totals against the pot.")
            .ProducesProblems(400, 403, 404);

        round.MapPost("/bids/{b}/returns", async (string r, string b, FileReturn? body, [AsParameters] ApiServices api) =>
            {
                var filed = await api.Governance(r).FileReturn(api.Caller, b, Required(body));
                return TypedResults.Created($"/api/rounds/{r}/funding", filed);
            })
            .WithSummary("File a funded scheme's monitoring return (the scheme's applicant): period, spend and named metrics.")
            .ProducesProblems(400, 403, 404, 409, 413);

        round.MapPut("/bids/{b}/feedback", async (string r, string b, WriteFeedback? body, [AsParameters] ApiServices api) =>
                TypedResults.Ok(await api.Governance(r).WriteFeedback(api.Caller, b, Required(body))))
            .WithSummary("Write the chair's feedback on a bid for its applicant; release: true lets the applicant read it once the decision is approved.")
            .ProducesProblems(400, 403, 404, 409, 413);

        round.MapGet("/feedback", async (string r, [AsParameters] ApiServices api) =>
                TypedResults.Ok(await api.Governance(r).Feedback(api.Caller)))
            .WithSummary("The chair's feedback on every bid, released or not (chair, finance, secretary, admin).")
            .ProducesProblems(400, 403, 404);

        round.MapGet("/applications/{a}/outcome", async (string r, string a, [AsParameters] ApiServices api) =>
                TypedResults.Ok(OutcomeResponse.From(await api.Governance(r).Outcome(api.Caller, a))))
            .WithSummary("The application's outcome (its applicant, once the decision is approved): funded or not, the award, the conditions, the chair's released feedback.")
            .ProducesProblems(400, 403, 404, 409);

        round.MapGet("/applications/{a}/outcome.docx", async (string r, string a, [AsParameters] ApiServices api) =>
            {
                var outcome = await api.Governance(r).Outcome(api.Caller, a);
                var name = (await api.Member(api.Caller.Id).GetProfile())?.Name ?? api.Caller.Id;
                return TypedResults.File(OutcomeLetterDocument.Write(outcome, name), BoardPaperDocument.ContentType, $"{r}-{a}-outcome.docx");
            })
            .WithSummary("The outcome letter as a Word document (its applicant, once the decision is approved).")
            .ProducesFile(BoardPaperDocument.ContentType)
            .ProducesProblems(400, 403, 404, 409);

        round.MapGet("/decisions/{n:int}/paper.docx", async (string r, int n, [AsParameters] ApiServices api) =>
                TypedResults.File(BoardPaperDocument.Write(await api.Governance(r).Paper(api.Caller, n)), BoardPaperDocument.ContentType, $"{r}-decision-{n}-paper.docx"))
            .WithSummary("The board paper of a decision, as seed paper 003's item 6 (chair, finance, secretary, admin).")
            .ProducesFile(BoardPaperDocument.ContentType)
            .ProducesProblems(400, 403, 404);
    }

    private static T Required<T>(T? body) where T : class => body ?? throw DomainException.Invalid("body", "A request body is required.");
}
