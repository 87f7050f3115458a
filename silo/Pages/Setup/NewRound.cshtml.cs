using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Grains;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>A new round from nothing (issue 14): the administrator or the organisation's secretary.</summary>
public sealed class NewRoundModel(IGrainFactory grains) : RoundFormPage(grains)
{
    public IActionResult OnGet()
    {
        if (!MayManageMembers) return Forbid(SessionCookie.Scheme);
        Form.Pad(blank: 0, atLeast: 3);
        return Page();
    }

    /// <summary>Without the script: adds a row for another criterion and works the total out again.</summary>
    public IActionResult OnPostRecalculate()
    {
        if (!MayManageMembers) return Forbid(SessionCookie.Scheme);
        Form.Pad(blank: 1);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!MayManageMembers) return Forbid(SessionCookie.Scheme);
        var cap = Pounds(Form.FundingCap, "fundingCap");
        var command = new CreateRound(
            string.IsNullOrWhiteSpace(Form.Id) ? null : Form.Id.Trim(), Form.Name, cap, ScaleInput(), CriteriaInput(), AgreementInput(),
            Form.Policy, LondonTime(Form.ScoringClosesAt, "scoringClosesAt"), Form.Scoring);
        if (Errors.Count == 0)
        {
            var id = command.Id ?? Ids.New();
            if (!Ids.IsValid(id)) Problem("id", $"'id' {Ids.Rule}.");
            else if (await TryChange(() => Grains.Round(id).Create(Caller, command with { Id = id })))
                return Done($"Round '{command.Name!.Trim()}' is set up. Next: the committee and the bids.", "/Setup/Round", new { r = id });
        }
        Form.Pad(blank: 0);
        return Page();
    }
}
