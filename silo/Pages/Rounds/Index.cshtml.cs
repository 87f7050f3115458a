using Microsoft.AspNetCore.Mvc.RazorPages;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;
using Prioritise.Silo.Auth;

namespace Prioritise.Silo.Pages.Rounds;

public sealed class RoundsModel(IGrainFactory grains) : PageModel
{
    public List<RoundView> Rounds { get; } = [];
    /// <summary>The administrator and the organisation's secretary set rounds up and keep the register (issue 14).</summary>
    public bool MayManageMembers => RoundPolicy.MayManageMembers(User.Caller().IsAdmin, User.Caller().IsSecretary);

    public async Task OnGetAsync()
    {
        var caller = User.Caller();
        var ids = RoundPolicy.SeesEveryRound(caller.IsAdmin, caller.IsSecretary) ? await grains.Registry().List() : await grains.Member(caller.Id).GetRounds();
        Rounds.AddRange((await Task.WhenAll(ids.Select(id => grains.Round(id).Find()))).OfType<RoundView>());
    }

    public string StatusText(RoundStatus status) => status switch
    {
        RoundStatus.Setup => "Being set up",
        RoundStatus.Scoring => "Scoring open",
        RoundStatus.Moderation => "Moderation",
        RoundStatus.Confirmed => "Confirmed",
        _ => status.ToString(),
    };
}
