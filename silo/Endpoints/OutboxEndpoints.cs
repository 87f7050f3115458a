using Prioritise.Grains;

namespace Prioritise.Silo.Endpoints;

/// <summary>One message in <c>GET /api/outbox</c> (issue 17).</summary>
/// <param name="State">"pending", "sent" or "failed" (the last attempt was refused; tried again at <paramref name="NextAttemptAt"/>).</param>
/// <param name="LastError">The SMTP server's reply to the last failed attempt.</param>
public sealed record OutboxMessageResponse(
    string MessageId, string Kind, string? RoundId, string? MemberId, string To, string Subject,
    string State, int Attempts, string? LastError, DateTimeOffset QueuedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? SentAt)
{
    public static OutboxMessageResponse From(OutboxEntry e) => new(
        e.Letter.MessageId, e.Letter.Kind, e.Letter.RoundId, e.Letter.MemberId, e.Letter.To, e.Letter.Subject,
        StateName(e.State), e.Attempts, e.LastError, e.QueuedAt, e.State == OutboxState.Sent ? null : e.NextAttemptAt, e.SentAt);

    public static string StateName(OutboxState state) => state switch
    {
        OutboxState.Sent => "sent",
        OutboxState.Failed => "failed",
        _ => "pending",
    };
}

public static class OutboxEndpoints
{
    /// <summary>GET /api/outbox: every message the service owes or sent, newest first (the administrator's).</summary>
    public static void MapOutbox(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/outbox", async ([AsParameters] ApiServices api) =>
        {
            var messages = await api.Grains.Outbox().List(api.Caller);
            return TypedResults.Ok(messages.Select(OutboxMessageResponse.From).ToList());
        }).WithTags("Notifications")
            .WithSummary("The outbox: each message, its recipient, its state (pending, sent, failed with the SMTP reply) and attempts. Administrator only.")
            .ProducesProblems(401, 403);
}
