namespace Prioritise.Silo;

/// <summary>
/// In a cluster, the few seconds after a silo dies, before the survivors declare it dead, are spent
/// with calls to the grains it held failing (<see cref="TransientFailures"/>). For an idempotent
/// request (GET, HEAD, PUT, DELETE: sending it twice has the effect of sending it once; the API's
/// PUTs replace a score sheet or a committee member's roles) the silo waits a moment and runs it
/// again itself, for up to about 3.5 s, so the client (or nginx) sees a slower answer rather than a
/// 503. A POST is never run again here: a transient failure does not say whether it took effect
/// (the silo holding the grain may have applied it and died before answering), so it gets the 503
/// and its sender decides (a repeated create answers 409; an Idempotency-Key makes it exact).
/// Nothing is retried once the answer has started.
/// </summary>
public static class TransientRetry
{
    /// <summary>The pauses before each new attempt: 5 more attempts over 3.4 s.</summary>
    public static readonly TimeSpan[] Pauses =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)];

    public static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);

    public static IApplicationBuilder UseTransientRetry(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TransientRetry));
        return app.Use(async (context, next) =>
        {
            if (!IsIdempotent(context.Request.Method))
            {
                await next(context);
                return;
            }
            // The body is read again on each attempt (at most 1 MiB: the API's limit).
            context.Request.EnableBuffering();
            var headers = context.Response.Headers.ToList();
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await next(context);
                    return;
                }
                catch (Exception e) when (TransientFailures.Is(e) && attempt < Pauses.Length
                                          && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
                {
                    logger.LogInformation("Transient cluster failure on {Method} {Path} ({Error}); attempt {Attempt} again in {Pause} ms",
                        context.Request.Method, context.Request.Path, e.GetType().Name, attempt + 2, Pauses[attempt].TotalMilliseconds);
                    await Task.Delay(Pauses[attempt], context.RequestAborted);
                    context.Request.Body.Position = 0;
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    context.Response.Headers.Clear();
                    foreach (var (name, value) in headers) context.Response.Headers[name] = value;
                }
            }
        });
    }
}
