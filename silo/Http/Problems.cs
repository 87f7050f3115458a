using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Prioritise.Domain;

namespace Prioritise.Silo;

/// <summary>Every refusal leaves as RFC 7807 problem details, validation errors keyed by field.</summary>
public static class Problems
{
    public static int StatusOf(Refusal refusal) => refusal switch
    {
        Refusal.Invalid => StatusCodes.Status400BadRequest,
        Refusal.Forbidden => StatusCodes.Status403Forbidden,
        Refusal.NotFound => StatusCodes.Status404NotFound,
        Refusal.Conflict => StatusCodes.Status409Conflict,
        Refusal.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        Refusal.UnsupportedType => StatusCodes.Status415UnsupportedMediaType,
        Refusal.TooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status400BadRequest,
    };

    public static Task Write(HttpContext context, int status, string title, string? detail,
        IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var problem = errors is { Count: > 0 }
            ? new ValidationProblemDetails(errors.ToDictionary(kv => kv.Key, kv => kv.Value))
            : new ProblemDetails();
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        problem.Type = $"https://httpstatuses.io/{status}";
        problem.Instance = context.Request.Path;
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }
}

/// <summary>
/// Refusals are problem details whatever the Accept header says. ASP.NET Core's own writer declines
/// a request whose Accept names neither JSON nor problem+json ("Accept: text/html"); then the key
/// challenge (401, 429), the forbidden answer and the exception handler could not write their
/// refusal and the answer became an empty 500, and the /api status pages (404, 405, 413, 415) fell
/// back to text/plain. Registered after the default writer, this one answers only what that one
/// declines, in the same shape.
/// </summary>
public sealed class FallbackProblemDetailsWriter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problem.Type ??= $"https://httpstatuses.io/{problem.Status}";
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json"));
    }
}

/// <summary>Maps the exceptions that mean "your request was refused" to their 4xx answers.</summary>
public sealed class RefusalExceptionHandler(ILogger<RefusalExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case DomainException refused:
                var status = Problems.StatusOf(refused.Refusal);
                await Problems.Write(context, status, Title(status), refused.Message, refused.Errors);
                return true;
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                // An upload has its own limit (issue 15): past it, the file is what is too large.
                var upload = context.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;
                var tooLarge = upload ? "A file may be at most 10 MiB." : "The body must be at most 1 MiB.";
                await Problems.Write(context, 413, "Request body too large.", tooLarge,
                    new Dictionary<string, string[]> { [upload ? "file" : "body"] = [tooLarge] });
                return true;
            case BadHttpRequestException bad when FindJsonError(bad) is { } json:
                var field = FieldOf(json.Path);
                var message = $"The JSON is malformed or has the wrong type at '{field}'.";
                await Problems.Write(context, 400, "Invalid JSON.", message,
                    new Dictionary<string, string[]> { [field] = [message] });
                return true;
            case BadHttpRequestException bad:
                await Problems.Write(context, bad.StatusCode, "Bad request.", bad.Message,
                    new Dictionary<string, string[]> { ["body"] = [bad.Message] });
                return true;
            case var transient when TransientFailures.Is(transient):
                logger.LogWarning(transient, "Transient cluster failure on {Method} {Path}", context.Request.Method, context.Request.Path);
                context.Response.Headers.RetryAfter = "1";
                await Problems.Write(context, StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable.",
                    "A silo of the cluster stopped or a grain is moving to another silo. Send the same request again in a " +
                    "moment: if it had already taken effect, a repeated sheet replaces itself and a repeated create answers 409.");
                return true;
            default:
                logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                return false;
        }
    }

    /// <summary>"$.criteria[0].weight" becomes "criteria[0].weight", the same key validation errors use.</summary>
    private static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.StartsWith("$.") ? jsonPath[2..] : jsonPath;

    private static JsonException? FindJsonError(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is JsonException json) return json;
        return null;
    }

    private static string Title(int status) => status switch
    {
        400 => "Invalid request.",
        403 => "Not allowed.",
        404 => "Not found.",
        409 => "Conflicts with the current state.",
        413 => "Too large.",
        415 => "Unsupported file type.",
        422 => "Cannot be taken as it stands.",
        _ => "Request refused.",
    };
}
