using Prioritise.Domain.Scoring;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Prioritise.Silo;

/// <summary>The API's JSON, both ways.</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MaxDepth = 32;
        // "8" is not 8: a number sent as a string is bad input, not something to guess at.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
    }
}

/// <summary>
/// The large answers, serialised by System.Text.Json's generated code. The results of a 2,000-bid
/// round are about 1 MB of JSON, read every few seconds by a chair watching scoring; written by
/// reflection that cost a stack frame per nested object. These types carry no enums and no custom
/// converters, so the generated fast path writes exactly what the API's options would
/// (<c>SourceGeneratedJsonTests</c> compares the two byte for byte).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ResultsResponse))]
internal sealed partial class LargeAnswers : JsonSerializerContext;

/// <summary>A 200 answer of JSON already written; the endpoint declares its type for OpenAPI.</summary>
public sealed class SerializedJson(byte[] utf8) : IResult
{
    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = utf8.Length;
        return http.Response.Body.WriteAsync(utf8, http.RequestAborted).AsTask();
    }
}

public static class LargeAnswerResults
{
    public static JsonTypeInfo<ResultsResponse> ResultsType => LargeAnswers.Default.ResultsResponse;

    // The round grain hands out the same results instance while nothing has changed, so the JSON
    // written for it once serves every reader of a settled round; it goes when the instance does.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RoundResults, byte[]> Written = new();

    public static SerializedJson Results(string roundId, RoundResults results) =>
        new(Written.GetValue(results, r => JsonSerializer.SerializeToUtf8Bytes(ResultsResponse.From(roundId, r), ResultsType)));
}
