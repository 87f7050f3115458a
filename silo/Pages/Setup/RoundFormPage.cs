using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Grains;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>The pages with a round's settings form: creating a round, and correcting one.</summary>
public abstract class RoundFormPage(IGrainFactory grains) : SetupPage(grains)
{
    [BindProperty] public RoundForm Form { get; set; } = new();

    /// <summary>Why a field may no longer be changed (shown read-only with this), or null when it may.</summary>
    public virtual string? Locked(string field) => null;

    /// <summary>The criteria as a command's, in the order of the filled rows (the validators' "criteria[i]" is row i).</summary>
    protected List<CriterionInput> CriteriaInput()
    {
        Form.Criteria.RemoveAll(c => c.IsBlank);
        var taken = new HashSet<string>(Form.Criteria.Where(c => !string.IsNullOrWhiteSpace(c.Id)).Select(c => c.Id!.Trim()), StringComparer.Ordinal);
        var list = new List<CriterionInput>();
        for (var i = 0; i < Form.Criteria.Count; i++)
        {
            var row = Form.Criteria[i];
            row.Id = row.IdOrFromName(taken);
            list.Add(new CriterionInput(row.Id, row.Name, Weight(row.Weight, $"criteria[{i}].weight")));
        }
        return list;
    }

    protected ScaleInput ScaleInput() =>
        new(Whole(Form.ScaleMin, "scale.min", "The lowest score"), Whole(Form.ScaleMax, "scale.max", "The highest score"));

    protected AgreementInput AgreementInput() =>
        new(Number(Form.HighBelow, "agreement.highBelow", "The high agreement limit"), Number(Form.MediumBelow, "agreement.mediumBelow", "The medium agreement limit"));
}
