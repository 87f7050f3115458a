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

/// <summary>A 200 answer written by a generated serializer; the endpoint declares its type for OpenAPI.</summary>
public sealed class SourceGeneratedJson<T>(T value, JsonTypeInfo<T> typeInfo) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        // Written whole into the response pipe's pooled buffers, then sent.
        using (var writer = new Utf8JsonWriter(http.Response.BodyWriter))
            JsonSerializer.Serialize(writer, value, typeInfo);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }
}

public static class LargeAnswerResults
{
    public static JsonTypeInfo<ResultsResponse> ResultsType => LargeAnswers.Default.ResultsResponse;

    public static SourceGeneratedJson<ResultsResponse> Results(ResultsResponse value) => new(value, ResultsType);
}
