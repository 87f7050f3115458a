using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain.Applications;
using Prioritise.Grains;

namespace Prioritise.Silo.Pages.Rounds.Applications;

/// <summary>
/// The application a bid was made from, on the score sheet (issue 15): every answer, the amount
/// and its breakdown and the attachments; the criterion answers stand beside each score control
/// (<see cref="SheetModel.Said"/>). Included in Sheet.cshtml with one line; shows nothing for a
/// bid that was typed in, and nothing to a reader the application grain refuses (a conflicted member).
/// </summary>
public sealed class ApplicationOnSheetViewComponent : ViewComponent
{
    public sealed record Shown(string RoundId, ApplicationView Application, ApplicationForm Form, IReadOnlyList<Prioritise.Domain.Rounds.Criterion> Criteria);

    // The sheet page has already loaded the application (SheetModel.Application): asked once, shown here.
    public IViewComponentResult Invoke(Shown? shown) => shown is null ? Content("") : View(shown);
}
