using System.Globalization;
using Prioritise.Domain.Rounds;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>A bid as the form holds it: text as typed.</summary>
public sealed class BidForm
{
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? Workstream { get; set; }
    public string? SponsoringOrganisation { get; set; }
    /// <summary>One organisation a line (or separated by ';'), as the CSV's cell has them.</summary>
    public string? RecipientOrganisations { get; set; }
    public string? AmountRequested { get; set; }
    public string? Summary { get; set; }
    public string? Reason { get; set; }
    public long? Version { get; set; }

    public IReadOnlyList<string>? Recipients =>
        string.IsNullOrWhiteSpace(RecipientOrganisations) ? null
            : RecipientOrganisations.Split(['\n', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public static BidForm From(Bid b) => new()
    {
        Id = b.Id, Title = b.Title, Workstream = b.Workstream, SponsoringOrganisation = b.SponsoringOrganisation,
        RecipientOrganisations = string.Join("\n", b.RecipientOrganisations),
        AmountRequested = b.AmountRequested.ToString("0.00", CultureInfo.InvariantCulture), Summary = b.Summary, Version = b.Version,
    };
}

/// <summary>What the bid's fields partial needs: the page (for its messages) and the form.</summary>
public sealed record BidFields(Web.SetupPage Page, BidForm Form, Func<string, string?>? Locked = null)
{
    public string? Why(string field) => Locked?.Invoke(field);
}
