using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>
/// A round's set-up page (issue 14): its settings, corrected with a reason; what the status no
/// longer allows is the grain's to refuse, and shown here read-only with why.
/// </summary>
public sealed class RoundSetupModel(IGrainFactory grains) : RoundFormPage(grains)
{
    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } refused) return refused;
        Form = RoundForm.From(Round!);
        Form.Pad(blank: Locked("criteria") is null ? 1 : 0, atLeast: 0);
        return Page();
    }

    public async Task<IActionResult> OnPostRecalculateAsync()
    {
        if (await Load() is { } refused) return refused;
        Form.Pad(blank: 1, atLeast: 0);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Load() is { } refused) return refused;
        var d = Round!.Definition;
        var cap = Pounds(Form.FundingCap, "fundingCap");
        if (cap is null && ErrorsFor("fundingCap").Count == 0) Problem("fundingCap", "Enter the pot (funding cap) in pounds.");
        var scale = ScaleInput();
        var agreement = AgreementInput();
        var criteria = CriteriaInput();
        var closes = LondonTime(Form.ScoringClosesAt, "scoringClosesAt");
        // Only what was changed is sent: a field left as it was is null, "left as it is".
        var sameCriteria = criteria.Count == d.Criteria.Count
                           && criteria.Zip(d.Criteria).All(p => p.First.Id == p.Second.Id && p.First.Name?.Trim() == p.Second.Name && p.First.Weight == p.Second.Weight);
        var command = new CorrectRound(
            Form.Name?.Trim() == d.Name ? null : Form.Name ?? "",
            cap == d.FundingCap ? null : cap,
            scale.Min == d.Scale.Min && scale.Max == d.Scale.Max ? null : scale,
            agreement.HighBelow == d.Agreement.HighBelow && agreement.MediumBelow == d.Agreement.MediumBelow ? null : agreement,
            Form.Policy == d.FundingLinePolicy ? null : Form.Policy,
            sameCriteria ? null : criteria,
            closes == d.ScoringClosesAt ? null : closes,
            Form.Reason, Form.Version,
            Form.Scoring == d.Scoring ? null : Form.Scoring);
        if (Errors.Count == 0)
        {
            if (command is { Name: null, FundingCap: null, Scale: null, Agreement: null, FundingLinePolicy: null, Criteria: null, ScoringClosesAt: null, Scoring: null })
                Problem("", "Nothing was changed: change a setting, then save it with the reason for the change.");
            else if (await TryChange(() => RoundGrain.Correct(Caller, command)))
                return Done("The round's settings are corrected; the audit trail keeps the reason.");
        }
        Form.Pad(blank: 0, atLeast: 0);
        Form.Version ??= Round.Version;
        return Page();
    }

    public override string? Locked(string field) => Round is null ? null : CorrectionLocks.Round(Round, field);

    private async Task<IActionResult?> Load()
    {
        if (await LoadRound() is { } refused) return refused;
        if (!MaySetUp) return Forbid(SessionCookie.Scheme);
        return null;
    }
}
