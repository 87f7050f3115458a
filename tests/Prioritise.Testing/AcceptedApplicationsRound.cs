using System.Net;

namespace Prioritise.Testing;

/// <summary>
/// (issue 16) A round whose bids came from accepted applications, scored and closed, so it sits in
/// moderation for a decision: a secretary, a chair, finance, one scorer and one applicant per scheme,
/// with the governance the test names, the call run by the secretary and every application accepted.
/// Criteria as <see cref="ApiClient.TwoCriteria"/> (impact weight 3, cost weight 1).
/// </summary>
public sealed record AcceptedApplicationsRound(
    string RoundId, string SecretaryKey, string ChairKey, string FinanceKey, string ScorerId, string ScorerKey,
    IReadOnlyDictionary<string, (string MemberId, string Key)> Applicants)
{
    /// <param name="Impact">The scorer's score on impact; <paramref name="Cost"/> on cost.</param>
    public sealed record Scheme(string Id, string Title, decimal Amount, string Organisation, int Impact, int Cost);

    public string Path(string tail = "") => $"/api/rounds/{RoundId}{tail}";

    public static async Task<AcceptedApplicationsRound> Build(ApiClient api, IReadOnlyList<Scheme> schemes, object governance, decimal cap = 100_000m)
    {
        var round = TestIds.New("applied");
        string secretary = TestIds.New("sec"), chair = TestIds.New("chair"), finance = TestIds.New("fin"), scorer = TestIds.New("scorer");
        var secretaryKey = await api.CreateMember(secretary, "City and Hackney CCG");
        var chairKey = await api.CreateMember(chair, "London Borough of Hackney");
        var financeKey = await api.CreateMember(finance, "City and Hackney CCG");
        var scorerKey = await api.CreateMember(scorer, "Healthwatch Hackney");
        await api.CreateRound(round, cap);
        await api.Appoint(round, secretary, "secretary");
        await api.Appoint(round, chair, "chair");
        await api.Appoint(round, finance, "finance");
        await api.Appoint(round, scorer, "scorer");
        var applicants = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var scheme in schemes)
        {
            var applicant = TestIds.New("appl");
            applicants[scheme.Id] = (applicant, await api.CreateMember(applicant, scheme.Organisation));
            await api.Appoint(round, applicant, "applicant");
        }
        var r = $"/api/rounds/{round}";
        (await api.Put($"{r}/governance", secretaryKey, governance)).Is(HttpStatusCode.OK);
        (await api.Post($"{r}/call", secretaryKey, new { closesAt = DateTimeOffset.UtcNow.AddDays(14) })).Is(HttpStatusCode.OK);
        foreach (var scheme in schemes)
        {
            (await api.Post($"{r}/applications", applicants[scheme.Id].Item2, new
            {
                id = scheme.Id, title = scheme.Title, workstream = "Unplanned Care", sponsoringOrganisation = scheme.Organisation,
                recipientOrganisations = new[] { scheme.Organisation }, amountRequested = scheme.Amount, submit = true,
                answers = Answers(scheme.Title),
            })).Is(HttpStatusCode.Created);
            (await api.Post($"{r}/applications/{scheme.Id}/screening", secretaryKey, new { outcome = "accept" })).Is(HttpStatusCode.OK);
        }
        await api.OpenScoring(round, chairKey);
        foreach (var scheme in schemes) await api.Submit(round, scheme.Id, scorer, scorerKey, scheme.Impact, scheme.Cost);
        await api.CloseScoring(round, chairKey);
        return new AcceptedApplicationsRound(round, secretaryKey, chairKey, financeKey, scorer, scorerKey, applicants);
    }

    /// <summary>A complete answer to every required section of the default form.</summary>
    public static Dictionary<string, object?> Answers(string title) => new()
    {
        ["title"] = title,
        ["sponsoringOrganisation"] = "Unplanned Care Workstream",
        ["summary"] = "A worker takes patients home from hospital and settles them in.",
        ["caseForChange"] = "Delayed discharges rose last winter.",
        ["expectedImpact"] = new Dictionary<string, string> { ["impact"] = "Fewer readmissions.", ["cost"] = "Saves bed days." },
        ["startDate"] = "2018-10-01",
    };
}
