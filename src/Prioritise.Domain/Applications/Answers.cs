namespace Prioritise.Domain.Applications;

/// <summary>
/// An answer as it arrives, before the form says what it should be: a string, a number, or an
/// object of strings (a criterion section's answers keyed by criterion id). Whatever else the JSON
/// held is <see cref="Unreadable"/>, so the section can be named in the refusal.
/// </summary>
public sealed record AnswerInput(string? Text = null, decimal? Number = null, IReadOnlyDictionary<string, string?>? ByKey = null, bool Unreadable = false)
{
    public static AnswerInput Of(string text) => new(Text: text);
    public static AnswerInput Of(decimal number) => new(Number: number);
    public static AnswerInput Of(IReadOnlyDictionary<string, string?> byKey) => new(ByKey: byKey);
    public static readonly AnswerInput Malformed = new(Unreadable: true);

    /// <summary>
    /// An answer as JSON holds it (the API's body, a seed file): a string, a number, an object of
    /// strings, or null for no answer; anything else is <see cref="Malformed"/>.
    /// </summary>
    public static AnswerInput? FromJson(System.Text.Json.JsonElement value)
    {
        switch (value.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Null:
            case System.Text.Json.JsonValueKind.Undefined:
                return null;
            case System.Text.Json.JsonValueKind.String:
                return Of(value.GetString()!);
            case System.Text.Json.JsonValueKind.Number:
                return value.TryGetDecimal(out var number) ? Of(number) : Malformed;
            case System.Text.Json.JsonValueKind.Object:
                var byKey = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var p in value.EnumerateObject())
                {
                    if (p.Value.ValueKind == System.Text.Json.JsonValueKind.String) byKey[p.Name] = p.Value.GetString();
                    else if (p.Value.ValueKind == System.Text.Json.JsonValueKind.Null) byKey[p.Name] = null;
                    else return Malformed;
                }
                return Of(byKey);
            default:
                return Malformed;
        }
    }
}

/// <summary>
/// A section's answer as the service keeps it, with exactly one of its parts set for the section's
/// kind: text for text and choice, money, a date, or the criterion answers.
/// </summary>
/// <param name="ByCriterion">Keyed by criterion id; the key <see cref="Answer.Overall"/> holds an
/// answer written to every criterion at once, as the 2018 forms were.</param>
public sealed record Answer(string? Text = null, decimal? Money = null, DateOnly? Date = null, IReadOnlyDictionary<string, string>? ByCriterion = null)
{
    /// <summary>The key of a criterion section's answer that speaks to all the criteria together.</summary>
    public const string Overall = "overall";

    public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && Money is null && Date is null && (ByCriterion is null || ByCriterion.Count == 0);
}
