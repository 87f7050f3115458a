using System.Globalization;
using Prioritise.Domain.Applications;
using Prioritise.Grains;

namespace Prioritise.Silo;

// What the call-for-bids and application routes (ApplicationEndpoints) return (issue 15).

public sealed record FormSectionResponse(
    string Id, string Title, string Guidance, SectionKind Kind, bool Required, int? MaxLength, IReadOnlyList<string> Choices, string? CriterionId);

public sealed record FormResponse(IReadOnlyList<FormSectionResponse> Sections)
{
    public static FormResponse From(ApplicationForm form) => new(form.Sections
        .Select(s => new FormSectionResponse(s.Id, s.Title, s.Guidance, s.Kind, s.Required, s.MaxLength, s.Choices, s.CriterionId)).ToList());
}

public sealed record CallResponse(bool Open, DateTimeOffset? ClosesAt)
{
    public static CallResponse? From(CallForBids? call) => call is null ? null : new(call.Open, call.ClosesAt);
}

public sealed record ScreeningStepResponse(ApplicationStatus Status, string By, DateTimeOffset At, string? Reason);

public sealed record AttachmentResponse(string Id, string Name, long Size, string Sha256, string ContentType, DateTimeOffset AddedAt)
{
    public static AttachmentResponse From(AttachmentInfo a) => new(a.Id, a.Name, a.Size, a.Sha256, a.ContentType, a.AddedAt);
}

public sealed record ApplicationSummaryResponse(
    string Id, string ApplicantId, string? Title, ApplicationStatus Status, decimal? AmountRequested, DateTimeOffset? SubmittedAt, long Version)
{
    public static ApplicationSummaryResponse From(ApplicationSummary s) =>
        new(s.Id, s.ApplicantId, s.Title, s.Status, s.AmountRequested, s.SubmittedAt, s.Version);
}

/// <param name="Answers">By section id, each as it was sent: text and choice a string, money a
/// number, a date "YYYY-MM-DD", a criterion section an object keyed by criterion id ("overall" for
/// one answer to all of them).</param>
public sealed record ApplicationResponse(
    string Id, string ApplicantId, string? Title, string? Workstream, string? SponsoringOrganisation,
    IReadOnlyList<string> RecipientOrganisations, decimal? AmountRequested, IReadOnlyDictionary<string, object> Answers,
    ApplicationStatus Status, IReadOnlyList<ScreeningStepResponse> History, IReadOnlyList<AttachmentResponse> Attachments,
    long Version, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, string? BidId)
{
    public static ApplicationResponse From(ApplicationView v) => new(
        v.Id, v.ApplicantId, v.Title, v.Workstream, v.SponsoringOrganisation, v.RecipientOrganisations, v.AmountRequested,
        v.Answers.ToDictionary(kv => kv.Key, kv => Value(kv.Value)),
        v.Status, v.History.Select(h => new ScreeningStepResponse(h.Became, h.By, h.At, h.Reason)).ToList(),
        v.Attachments.Select(AttachmentResponse.From).ToList(), v.Version, v.CreatedAt, v.SubmittedAt, v.BidId);

    public static object Value(Answer a) =>
        a.Money is { } money ? money
        : a.Date is { } date ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : a.ByCriterion is { } byCriterion ? byCriterion
        : a.Text ?? "";
}
