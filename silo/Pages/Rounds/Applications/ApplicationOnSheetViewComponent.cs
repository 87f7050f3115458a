using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Applications;
using Prioritise.Grains;
using Prioritise.Silo.Auth;

namespace Prioritise.Silo.Pages.Rounds.Applications;

/// <summary>
/// The application a bid was made from, on the score sheet (issue 15): every answer, the amount
/// and its breakdown and the attachments; the criterion answers stand beside each score control
/// (<see cref="SheetModel.Said"/>). Included in Sheet.cshtml with one line; shows nothing for a
/// bid that was typed in, and nothing to a reader the application grain refuses (a conflicted member).
/// </summary>
public sealed class ApplicationOnSheetViewComponent(IGrainFactory grains) : ViewComponent
{
    public sealed record Shown(string RoundId, ApplicationView Application, ApplicationForm Form, IReadOnlyList<Prioritise.Domain.Rounds.Criterion> Criteria);

    public async Task<IViewComponentResult> InvokeAsync(string roundId, string bidId)
    {
        var caller = HttpContext.User.Caller();
        var round = grains.Round(roundId);
        try
        {
            if (await round.ApplicantOfBid(caller, bidId) is null) return Content("");
            var application = await grains.Application(roundId, bidId).Get(caller);
            var form = await round.GetApplicationForm(caller);
            var view = await round.Get(caller);
            return View(new Shown(roundId, application, form, view.Definition.Criteria));
        }
        catch (DomainException e) when (e.Refusal is Refusal.Forbidden or Refusal.NotFound) { return Content(""); }
    }
}
