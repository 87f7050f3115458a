using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Prioritise.Silo.Hosting;

namespace Prioritise.Silo;

/// <summary>
/// The OpenAPI document at /openapi/v1.json, shaped for client generators: the Bearer scheme
/// declared and required by every operation that is not anonymous, refusals listed as problem
/// details, reports as files of their content types, commands with no field marked required
/// (their validators say what is missing), and no dashboard routes.
/// </summary>
public static class OpenApiDocs
{
    public const string Bearer = "Bearer";
    public const string ProblemJson = "application/problem+json";

    public static void Configure(OpenApiOptions options)
    {
        // The Orleans dashboard is an administrator's page, not part of the API.
        options.ShouldInclude = description =>
            !("/" + description.RelativePath).StartsWith(DashboardSetup.Path, StringComparison.OrdinalIgnoreCase);
        options.AddOperationTransformer(MarkAnonymous);
        options.AddOperationTransformer(FilesAsBinary);
        options.AddSchemaTransformer(CommandsRequireNothing);
        options.AddDocumentTransformer(DeclareBearer);
    }

    /// <summary>The refusals an endpoint (or a whole group) may answer, as problem details.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemJson]));
        return builder;
    }

    /// <summary>A file answer (a report): its content type, as a binary string.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder, string contentType) =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(FileContent), [contentType]));

    /// <summary>Stands for a file's bytes in the document (a binary string); never serialised.</summary>
    public sealed class FileContent;

    // Anonymous operations (the health check) say so with an empty security list; the rest get the Bearer requirement.
    private static Task MarkAnonymous(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
            operation.Security = [];
        return Task.CompletedTask;
    }

    private static Task FilesAsBinary(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        if (!context.Description.SupportedResponseTypes.Any(r => r.Type == typeof(FileContent)) || operation.Responses is null)
            return Task.CompletedTask;
        foreach (var response in operation.Responses.Values)
        {
            if (response.Content is null) continue;
            foreach (var type in response.Content.Keys.Where(t => t is not "application/json" and not ProblemJson).ToList())
                response.Content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        }
        return Task.CompletedTask;
    }

    // A command is a record of nullable properties; what must be there is its validator's business
    // (400 naming the field), so a generator must not make a client send every field.
    private static Task CommandsRequireNothing(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var info = context.JsonTypeInfo;
        if (context.JsonPropertyInfo is null && schema.Required is { Count: > 0 } && info.Properties.Count > 0 &&
            info.Properties.All(Nullable))
            schema.Required.Clear();
        if (context.JsonTypeInfo.Type == typeof(FileContent))
        {
            schema.Type = JsonSchemaType.String;
            schema.Format = "binary";
            schema.Properties?.Clear();
        }
        return Task.CompletedTask;
    }

    private static bool Nullable(System.Text.Json.Serialization.Metadata.JsonPropertyInfo p) =>
        System.Nullable.GetUnderlyingType(p.PropertyType) is not null || (!p.PropertyType.IsValueType && p.IsSetNullable);

    private static Task DeclareBearer(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken _)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The administrator key or a member's personal key: Authorization: Bearer <key>.",
        };
        foreach (var path in document.Paths.Values)
        foreach (var operation in path.Operations?.Values.ToList() ?? [])
        {
            if (operation.Security is not null) continue; // anonymous
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] }];
            operation.Responses ??= new OpenApiResponses();
            if (!operation.Responses.ContainsKey("401"))
                operation.Responses["401"] = Problem(document, "No key, or a key that is not known.");
        }
        return Task.CompletedTask;
    }

    private static OpenApiResponse Problem(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ProblemJson] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), document) },
        },
    };
}
