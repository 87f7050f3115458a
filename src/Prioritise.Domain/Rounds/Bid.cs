namespace Prioritise.Domain.Rounds;

/// <summary>A bid for money from the round's pot. The request is what value per GBP 1k is computed on.</summary>
public sealed record Bid(
    string Id,
    string Title,
    string Workstream,
    string SponsoringOrganisation,
    IReadOnlyList<string> RecipientOrganisations,
    decimal AmountRequested,
    string Summary,
    // A withdrawn bid is kept (the audit names it) but leaves the results (issue 14).
    bool Withdrawn = false,
    // Counts the bid's corrections: a correction may name the version it expects.
    long Version = 1);
