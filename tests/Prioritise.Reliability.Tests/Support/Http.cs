using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Prioritise.Reliability.Tests.Support;

public static class Http
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>As <see cref="ApiClient.Send"/>, with extra request headers (Idempotency-Key).</summary>
    public static async Task<Reply> SendWith(this ApiClient api, HttpMethod method, string path, string? key, object? body,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.Add(name, value);
        if (body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
        using var response = await api.Http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return new Reply(method, path, response.StatusCode, response.Content.Headers.ContentType?.MediaType, content, response.Headers.Location);
    }

    /// <summary>POST a moderation action as the given chair, with an Idempotency-Key when given.</summary>
    public static Task<Reply> Act(this ApiClient api, string roundId, string chairKey, object action, string? idempotencyKey = null) =>
        api.SendWith(HttpMethod.Post, $"/api/rounds/{roundId}/moderation/actions", chairKey, action,
            idempotencyKey is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });

    /// <summary>True for the ways a request can end without an answer: the process died under it.</summary>
    public static bool NoAnswer(Exception e) => e is HttpRequestException or TaskCanceledException or IOException;
}
