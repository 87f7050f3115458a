using System.Globalization;
using Prioritise.Domain;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>A round's settings as the form holds them: text as typed, so a mistake is shown back as it was written.</summary>
public sealed class RoundForm
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? FundingCap { get; set; }
    public string? ScaleMin { get; set; } = "1";
    public string? ScaleMax { get; set; } = "10";
    public string? HighBelow { get; set; } = AgreementBands.Default.HighBelow.ToString(CultureInfo.InvariantCulture);
    public string? MediumBelow { get; set; } = AgreementBands.Default.MediumBelow.ToString(CultureInfo.InvariantCulture);
    public FundingLinePolicy Policy { get; set; } = FundingLinePolicy.StopAtFirstMiss;
    /// <summary>Whether the committee scores the bids (issue 16): scored unless the form says otherwise.</summary>
    public ScoringMode Scoring { get; set; } = ScoringMode.Scored;
    public string? ScoringClosesAt { get; set; }
    public List<CriterionRow> Criteria { get; set; } = [];
    public string? Reason { get; set; }
    public long? Version { get; set; }

    public static RoundForm From(RoundView view) => new()
    {
        Id = view.Definition.Id,
        Name = view.Definition.Name,
        FundingCap = view.Definition.FundingCap.ToString("0.00", CultureInfo.InvariantCulture),
        ScaleMin = view.Definition.Scale.Min.ToString(CultureInfo.InvariantCulture),
        ScaleMax = view.Definition.Scale.Max.ToString(CultureInfo.InvariantCulture),
        HighBelow = view.Definition.Agreement.HighBelow.ToString(CultureInfo.InvariantCulture),
        MediumBelow = view.Definition.Agreement.MediumBelow.ToString(CultureInfo.InvariantCulture),
        Policy = view.Definition.FundingLinePolicy,
        Scoring = view.Definition.Scoring,
        ScoringClosesAt = Web.SetupPage.LondonInput(view.Definition.ScoringClosesAt),
        Criteria = view.Definition.Criteria.Select(c => new CriterionRow
            { Id = c.Id, Name = c.Name, Weight = c.Weight.ToString(CultureInfo.InvariantCulture) }).ToList(),
        Version = view.Version,
    };

    /// <summary>The rows someone filled in (a blank row is no criterion).</summary>
    public IEnumerable<CriterionRow> Filled => Criteria.Where(c => !c.IsBlank);

    /// <summary>Pads the criteria with blank rows, so there is always room for another.</summary>
    public void Pad(int blank = 1, int atLeast = 3)
    {
        Criteria.RemoveAll(c => c.IsBlank);
        var want = Math.Max(Criteria.Count + blank, atLeast);
        while (Criteria.Count < want) Criteria.Add(new CriterionRow());
    }

    /// <summary>The weights as typed that are numbers: what the live total adds up (the script does the same in the browser).</summary>
    public decimal TotalWeight => Criteria.Sum(c => c.WeightValue ?? 0m);

    /// <summary>A criterion's share of the total, in per cent to one decimal place ("40.0%"), or "" with no total.</summary>
    public string Share(CriterionRow row) =>
        TotalWeight > 0 && row.WeightValue is { } w ? (Math.Round(w * 100m / TotalWeight, 1, MidpointRounding.AwayFromZero)).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "";

    public string TotalText => TotalWeight.ToString("0.##", CultureInfo.InvariantCulture);
}

public sealed class CriterionRow
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Weight { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Id) && string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Weight);

    public decimal? WeightValue =>
        decimal.TryParse(Weight?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var w) && w > 0 ? w : null;

    /// <summary>A criterion's short id, made from its name when none is typed ("Value for money" as "value-for-money").</summary>
    public string? IdOrFromName(ISet<string> taken)
    {
        if (!string.IsNullOrWhiteSpace(Id)) return Id.Trim();
        if (string.IsNullOrWhiteSpace(Name)) return null;
        var chars = Name.Trim().ToLowerInvariant().Select(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' ? ch : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (slug.Length == 0) slug = "criterion";
        if (slug.Length > 48) slug = slug[..48];
        var id = slug;
        for (var n = 2; taken.Contains(id); n++) id = $"{slug}-{n}";
        taken.Add(id);
        return id;
    }
}
