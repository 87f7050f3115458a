namespace Prioritise.Domain;

/// <summary>What kind of refusal a rule produced; the HTTP layer maps each to one status code.</summary>
public enum Refusal
{
    Invalid,      // 400: the request itself is wrong
    Forbidden,    // 403: role, acting for someone else, conflict of interest
    NotFound,     // 404
    Conflict,     // 409: wrong state, duplicate id, stale version
    Unprocessable, // 422: well formed, but cannot be taken as it stands (an idempotency key reused for another body)
    UnsupportedType, // 415: a file of a kind the service does not take (issue 15: judged by its content)
    TooLarge,     // 413: a file over its limit (issue 15: attachments)
}

/// <summary>
/// A committee rule refused a command. Carries field-keyed errors so the caller can say exactly
/// what was wrong; nothing was changed when this is thrown.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(Refusal refusal, string message, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(message)
    {
        Refusal = refusal;
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    public Refusal Refusal { get; }
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public static DomainException Invalid(string field, string message) =>
        new(Refusal.Invalid, message, new Dictionary<string, string[]> { [field] = [message] });
    public static DomainException NotFound(string field, string message) =>
        new(Refusal.NotFound, message, new Dictionary<string, string[]> { [field] = [message] });
    public static DomainException Conflict(string field, string message) =>
        new(Refusal.Conflict, message, new Dictionary<string, string[]> { [field] = [message] });
    public static DomainException Forbidden(string message) => new(Refusal.Forbidden, message);
    public static DomainException UnsupportedType(string field, string message) =>
        new(Refusal.UnsupportedType, message, new Dictionary<string, string[]> { [field] = [message] });
    public static DomainException TooLarge(string field, string message) =>
        new(Refusal.TooLarge, message, new Dictionary<string, string[]> { [field] = [message] });
    public static DomainException Unprocessable(string field, string message) =>
        new(Refusal.Unprocessable, message, new Dictionary<string, string[]> { [field] = [message] });
}
