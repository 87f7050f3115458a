using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Prioritise.Reliability.Tests.Support;

public static class Http
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>POST a moderation action as the given chair, with an Idempotency-Key when given.</summary>
    public static Task<Reply> Act(this ApiClient api, string roundId, string chairKey, object action, string? idempotencyKey = null) =>
        api.SendWith(HttpMethod.Post, $"/api/rounds/{roundId}/moderation/actions", chairKey, action,
            idempotencyKey is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });

    /// <summary>True for the ways a request can end without an answer: the process died under it.</summary>
    public static bool NoAnswer(Exception e) => e is HttpRequestException or TaskCanceledException or IOException;
}
