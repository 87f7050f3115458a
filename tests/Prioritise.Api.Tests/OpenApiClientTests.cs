using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace Prioritise.Api.Tests;

/// <summary>
/// The OpenAPI document is one a client generator can use: NSwag reads it and writes a C# client
/// that compiles, and the document says what a generator needs (the Bearer scheme, a summary and
/// the problem-details refusals on every operation, the reports' content types, no dashboard).
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class OpenApiClientTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    /// <summary>The operations that need no key.</summary>
    private static readonly string[] Anonymous = ["/health", "/alive"];

    private async Task<string> DocumentText()
    {
        var reply = await _api.Get("/openapi/v1.json", key: null);
        reply.Is(HttpStatusCode.OK);
        return reply.Text;
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonNode document) =>
        from path in document["paths"]!.AsObject()
        from op in path.Value!.AsObject()
        where op.Key is "get" or "post" or "put" or "patch" or "delete"
        select (path.Key, op.Key, op.Value!.AsObject());

    [Fact]
    public async Task NSwag_generates_a_csharp_client_from_the_document_and_it_compiles()
    {
        var document = await OpenApiDocument.FromJsonAsync(await DocumentText());
        Assert.Contains("Bearer", document.SecurityDefinitions.Keys);
        Assert.Equal(OpenApiSecuritySchemeType.Http, document.SecurityDefinitions["Bearer"].Type);

        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "PrioritiseClient",
            OperationNameGenerator = new SingleClientFromPathSegmentsOperationNameGenerator(),
            CSharpGeneratorSettings = { Namespace = "Prioritise.Generated", JsonLibrary = CSharpJsonLibrary.SystemTextJson },
        };
        var code = new CSharpClientGenerator(document, settings).GenerateFile();

        var methods = Regex.Matches(code, @"public virtual async System\.Threading\.Tasks\.Task(?:<[^>]+(?:<[^>]+>)?>)? (\w+)Async\(")
            .Select(m => m.Groups[1].Value).ToHashSet();
        foreach (var fragment in new[] { "Results", "Actions", "Decisions", "Sheets", "Analysis", "Report" })
            Assert.True(methods.Any(m => m.Contains(fragment, StringComparison.OrdinalIgnoreCase)),
                $"no client method for {fragment} among {string.Join(", ", methods.Order())}");
        Assert.Contains("class ProblemDetails", code);
        Assert.Contains("class CreateRound", code);

        var compilation = CSharpCompilation.Create("Prioritise.Generated",
            [CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest))],
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var output = new MemoryStream();
        var emitted = compilation.Emit(output);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(emitted.Success, string.Join("\n", errors.Take(20)));
    }

    [Fact]
    public async Task Every_operation_has_a_summary_the_bearer_requirement_and_its_refusals_as_problem_details()
    {
        var document = JsonNode.Parse(await DocumentText())!;
        Assert.Equal("http", (string?)document["components"]!["securitySchemes"]!["Bearer"]!["type"]);
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]);

        var operations = Operations(document).ToList();
        Assert.True(operations.Count >= 30, $"only {operations.Count} operations");
        foreach (var (path, method, op) in operations)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            Assert.False(string.IsNullOrWhiteSpace((string?)op["summary"]), $"{name} has no summary");
            var schemes = (op["security"] as JsonArray ?? []).SelectMany(r => r!.AsObject().Select(kv => kv.Key)).ToList();
            if (Anonymous.Contains(path))
            {
                Assert.Empty(schemes);
                continue;
            }
            Assert.True(schemes.Contains("Bearer"), $"{name} lacks the Bearer requirement");
            var refusals = op["responses"]!.AsObject()
                .Where(r => r.Key.StartsWith('4') && r.Value?["content"]?["application/problem+json"] is not null).Select(r => r.Key).ToList();
            Assert.True(refusals.Count > 0, $"{name} lists no 4xx problem details");
            Assert.Contains("401", refusals);
        }

        Assert.DoesNotContain(operations, o => o.Path.StartsWith("/dashboard", StringComparison.OrdinalIgnoreCase));
        var actions = operations.Single(o => o.Path == "/api/rounds/{r}/moderation/actions" && o.Method == "post").Operation;
        Assert.NotNull(actions["responses"]!["422"]);
        var analysis = operations.Single(o => o.Path == "/api/rounds/{r}/analysis").Operation;
        Assert.NotNull(analysis["responses"]!["429"]);
    }

    [Theory]
    [InlineData("csv", "text/csv")]
    [InlineData("md", "text/markdown")]
    [InlineData("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    public async Task Report_routes_answer_files_of_their_content_types(string extension, string contentType)
    {
        var document = JsonNode.Parse(await DocumentText())!;
        var content = document["paths"]![$"/api/rounds/{{r}}/report.{extension}"]!["get"]!["responses"]!["200"]!["content"]!.AsObject();
        var (type, media) = Assert.Single(content);
        Assert.StartsWith(contentType, type);
        Assert.Equal("string", (string?)media!["schema"]!["type"]);
        Assert.Equal("binary", (string?)media["schema"]!["format"]);
    }

    [Fact]
    public async Task Optional_request_fields_are_not_required()
    {
        var document = JsonNode.Parse(await DocumentText())!;
        var schemas = document["components"]!["schemas"]!;
        var body = document["paths"]!["/api/rounds"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!.ToJsonString();
        Assert.Contains("#/components/schemas/CreateRound", body);
        var required = (schemas["CreateRound"]!["required"] as JsonArray ?? []).Select(n => (string?)n).ToList();
        foreach (var optional in new[] { "id", "scale", "agreement", "fundingLinePolicy" })
            Assert.DoesNotContain(optional, required);
        foreach (var command in new[] { "CreateMember", "AddBid", "SaveSheet", "ModerationCommand", "ConfirmCommand" })
            Assert.Null(schemas[command]!["required"]);
        // Answers keep theirs: every field of a round is always there.
        Assert.Contains("status", (schemas["RoundResponse"]!["required"] as JsonArray)!.Select(n => (string?)n));
    }
}
