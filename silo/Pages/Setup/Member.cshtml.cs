using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Members;
using Prioritise.Grains;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>A member's record and register of interests, corrected with a reason (issue 14): add, edit, end an interest with a date.</summary>
public sealed class MemberModel(IGrainFactory grains) : SetupPage(grains)
{
    [BindProperty(SupportsGet = true, Name = "id")] public string MemberId { get; set; } = "";
    public MemberProfile? Profile { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Organisation { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public long? Version { get; set; }
    [BindProperty] public InterestForm Interest { get; set; } = new();
    /// <summary>Which interest the form posted was about (its row), or null for a new one.</summary>
    [BindProperty] public int? Index { get; set; }

    public static readonly InterestType[] Types = Enum.GetValues<InterestType>();

    public static string TypeName(InterestType t) => t switch
    {
        InterestType.Pecuniary => "Pecuniary (financial)",
        InterestType.NonPecuniary => "Non-pecuniary",
        InterestType.Indirect => "Indirect (a relative's or partner's)",
        _ => t.ToString(),
    };

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } refused) return refused;
        (Name, Organisation, Email, Version) = (Profile!.Name, Profile.Organisation, Profile.Email, Profile.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Load() is { } refused) return refused;
        var p = Profile!;
        var command = new CorrectMember(
            (Name?.Trim() ?? "") == p.Name ? null : Name ?? "",
            (Organisation?.Trim() ?? "") == p.Organisation ? null : Organisation ?? "",
            (Email?.Trim() ?? "") == (p.Email ?? "") ? null : Email?.Trim() ?? "",
            null, null, Reason, Version);
        if (command is { Name: null, Organisation: null, Email: null })
            Problem("", "Nothing was changed: change the record, then save it with the reason for the change.");
        else if (await TryChange(() => Grains.Member(MemberId).Correct(Caller, command)))
            return Done($"{p.Name}'s record is corrected.", "/Setup/Member", new { id = MemberId });
        return Page();
    }

    /// <summary>An interest added, edited or ended (an end date): the whole register is sent with the change.</summary>
    public async Task<IActionResult> OnPostInterestAsync()
    {
        if (await Load() is { } refused) return refused;
        var p = Profile!;
        var ended = Day(Interest.EndedOn, "endedOn");
        var interests = p.Interests.Select(i => new InterestInput(i.Organisation, i.Type, i.Description, i.EndedOn)).ToList();
        var edited = new InterestInput(Interest.Organisation, Interest.Type, Interest.Description, ended);
        if (Index is { } n && (n < 0 || n >= interests.Count)) return NotFound();
        if (Index is { } at) interests[at] = edited;
        else interests.Add(edited);
        var command = new CorrectMember(null, null, null, interests, null, Interest.Reason, p.Version);
        if (Errors.Count == 0 && await TryChange(() => Grains.Member(MemberId).Correct(Caller, command)))
            return Done(Index is null ? "The interest is added to the register." : ended is not null ? "The interest is ended; it stays on the register." : "The interest is corrected.",
                "/Setup/Member", new { id = MemberId });
        (Name, Organisation, Email, Version) = (p.Name, p.Organisation, p.Email, p.Version);
        return Page();
    }

    public static string DayText(DateOnly? day) => day?.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) ?? "";

    private async Task<IActionResult?> Load()
    {
        if (!MayManageMembers) return Forbid(SessionCookie.Scheme);
        if (!Ids.IsValid(MemberId)) return NotFound();
        Profile = await Grains.Member(MemberId).GetProfile();
        return Profile is null ? NotFound() : null;
    }
}

public sealed class InterestForm
{
    public string? Organisation { get; set; }
    public InterestType? Type { get; set; }
    public string? Description { get; set; }
    public string? EndedOn { get; set; }
    public string? Reason { get; set; }
}
