using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Prioritise.Domain;
using Prioritise.Domain.Applications;
using Prioritise.Domain.Validation;
using Prioritise.Grains;

namespace Prioritise.Silo.Endpoints;

/// <summary>
/// The call for bids and applications (issue 15; docs/api.md "Calls for bids and applications"):
/// the form, the call, applications, screening and attachments. Thin: bind, call the grain, answer.
/// </summary>
public static class ApplicationEndpoints
{
    /// <summary>An upload's own limit: the largest attachment and room for the multipart framing around it.</summary>
    public const long UploadLimit = AttachmentTypes.MaxBytes + 64 * 1024;

    public static void MapApplications(this IEndpointRouteBuilder app)
    {
        var rounds = app.MapGroup("/api/rounds/{r}").WithTags("Calls for bids and applications").WithRouteIdChecks();

        rounds.MapPut("/application-form", async (string r, SetApplicationForm? body, [AsParameters] ApiServices api) =>
            TypedResults.Ok(FormResponse.From(await api.Round(r).SetApplicationForm(api.Caller,
                body ?? throw DomainException.Invalid("body", "A request body is required.")))))
            .WithSummary("Set the round's application form (secretary, administrator; only in setup).")
            .ProducesProblems(400, 403, 404, 409, 413);

        rounds.MapGet("/application-form", async (string r, [AsParameters] ApiServices api) =>
            TypedResults.Ok(FormResponse.From(await api.Round(r).GetApplicationForm(api.Caller))))
            .WithSummary("The application form in force: the secretary's, or the default (the 2018 BCF short-list template).")
            .ProducesProblems(400, 403, 404);

        rounds.MapPost("/call", async (string r, OpenCall? body, [AsParameters] ApiServices api) =>
            TypedResults.Ok(RoundResponse.From(await api.Round(r).OpenCall(api.Caller,
                body ?? throw DomainException.Invalid("body", "A request body is required.")))))
            .WithSummary("Open the call for applications with its closing date (secretary, administrator).")
            .ProducesProblems(400, 403, 404, 409, 413);

        rounds.MapPost("/call/close", async (string r, [AsParameters] ApiServices api) =>
            TypedResults.Ok(RoundResponse.From(await api.Round(r).CloseCall(api.Caller))))
            .WithSummary("Close the call for applications (secretary, administrator).")
            .ProducesProblems(400, 403, 404, 409);

        rounds.MapPost("/applications", async (string r, ApplicationBody? body, [AsParameters] ApiServices api) =>
        {
            var command = (body ?? throw DomainException.Invalid("body", "A request body is required.")).ToCommand();
            var id = command.Id is null ? Ids.New() : RouteIds.Check(command.Id, "id");
            var view = await api.Grains.Application(r, id).Save(api.Caller, command with { Id = id }, creating: true);
            return TypedResults.Created($"/api/rounds/{r}/applications/{id}", ApplicationResponse.From(view));
        })
            .WithSummary("Start an application (an applicant on the round, while the call is open); \"submit\": true submits it.")
            .ProducesProblems(400, 403, 404, 409, 413);

        rounds.MapGet("/applications", async (string r, [AsParameters] ApiServices api) =>
            TypedResults.Ok((await api.Round(r).ListApplications(api.Caller)).Select(ApplicationSummaryResponse.From).ToList()))
            .WithSummary("The applications: all of them (secretary, chair, administrator), or an applicant's own, with their status.")
            .ProducesProblems(400, 403, 404);

        rounds.MapGet("/applications/{a}", async (string r, string a, [AsParameters] ApiServices api) =>
            TypedResults.Ok(ApplicationResponse.From(await api.Grains.Application(r, a).Get(api.Caller))))
            .WithSummary("The whole application: answers, attachments and the screening history with reasons.")
            .ProducesProblems(400, 403, 404);

        rounds.MapPut("/applications/{a}", async (string r, string a, ApplicationBody? body, [AsParameters] ApiServices api) =>
        {
            var command = (body ?? throw DomainException.Invalid("body", "A request body is required.")).ToCommand();
            return TypedResults.Ok(ApplicationResponse.From(await api.Grains.Application(r, a).Save(api.Caller, command, creating: false)));
        })
            .WithSummary("Change an application (its applicant, while draft or returned); \"submit\": true submits it.")
            .ProducesProblems(400, 403, 404, 409, 413);

        rounds.MapPost("/applications/{a}/screening", async (string r, string a, ScreenApplication? body, [AsParameters] ApiServices api) =>
        {
            var view = await api.Grains.Application(r, a).Screen(api.Caller, body ?? throw DomainException.Invalid("body", "A request body is required."));
            return TypedResults.Ok(ApplicationResponse.From(view));
        })
            .WithSummary("Screen a submitted application (secretary, administrator): accept (it becomes a bid), return with a reason, or reject with a reason.")
            .ProducesProblems(400, 403, 404, 409, 413);

        rounds.MapPost("/applications/{a}/attachments", async (string r, string a, [AsParameters] ApiServices api) =>
        {
            var (name, bytes) = await ReadUpload(api.Http);
            var info = await api.Grains.Application(r, a).Attach(api.Caller, name, bytes);
            return TypedResults.Created($"/api/rounds/{r}/applications/{a}/attachments/{info.Id}", AttachmentResponse.From(info));
        })
            .WithSummary("Attach a file (its applicant, while draft or returned; multipart/form-data with one 'file'): PDF, DOCX, XLSX, CSV, PNG or JPEG up to 10 MiB, the type judged by content.")
            .ProducesProblems(400, 403, 404, 409, 413, 415);

        rounds.MapGet("/applications/{a}/attachments/{id}", async (string r, string a, string id, [AsParameters] ApiServices api) =>
        {
            var content = await api.Grains.Application(r, a).GetAttachment(api.Caller, id);
            return TypedResults.File(content.Bytes, content.Info.ContentType, content.Info.Name);
        })
            .WithSummary("An attachment, byte for byte (its applicant, secretary, chair, scorers not conflicted on it, administrator).")
            .ProducesFile("application/octet-stream")
            .ProducesProblems(400, 403, 404);
    }

    /// <summary>
    /// The one file of a multipart upload. The body may be larger than the JSON limit (1 MiB): this
    /// request alone is given the upload's limit before anything is read; past it, 413.
    /// </summary>
    private static async Task<(string? Name, byte[] Bytes)> ReadUpload(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = UploadLimit;
        if (http.Request.ContentLength > UploadLimit)
            throw DomainException.TooLarge("file", "A file may be at most 10 MiB.");
        if (!http.Request.HasFormContentType || !(http.Request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw DomainException.UnsupportedType("body", "Send the file as multipart/form-data, in a part named 'file'.");
        IFormCollection form;
        try { form = await http.Request.ReadFormAsync(); }
        catch (InvalidDataException e) { throw DomainException.Invalid("file", $"The upload could not be read: {e.Message}"); }
        if (form.Files.Count != 1 || form.Files[0].Name != "file")
            throw DomainException.Invalid("file", "Send exactly one file, in a part named 'file'.");
        var file = form.Files[0];
        if (file.Length > AttachmentTypes.MaxBytes) throw DomainException.TooLarge("file", "A file may be at most 10 MiB.");
        if (file.Length == 0) throw DomainException.Invalid("file", "The file is empty.");
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer);
        return (file.FileName, buffer.ToArray());
    }
}

/// <summary>
/// An application as it arrives: the answers as raw JSON, each turned into an
/// <see cref="AnswerInput"/> here, at the edge, so the form (not the JSON binder) says what a
/// section takes and a wrong answer is refused naming its section.
/// </summary>
public sealed record ApplicationBody(
    string? Id, string? Title, string? Workstream, string? SponsoringOrganisation, IReadOnlyList<string>? RecipientOrganisations,
    decimal? AmountRequested, Dictionary<string, JsonElement>? Answers, bool? Submit)
{
    public SaveApplication ToCommand() => new(Id, Title, Workstream, SponsoringOrganisation, RecipientOrganisations, AmountRequested,
        Answers?.ToDictionary(kv => kv.Key, kv => ToInput(kv.Value), StringComparer.Ordinal), Submit);

    public static AnswerInput? ToInput(JsonElement value) => AnswerInput.FromJson(value);
}
