using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Rounds.Applications;

/// <summary>
/// The pages of the call for bids (issue 15). Secretaries and applicants are not readers of the
/// round's scoring (CommitteePage.LoadRound), so these pages load only the round's name and the
/// caller's seat, and leave every decision to the grains (RoundPolicy, Disclosure), showing their
/// refusals as messages.
/// </summary>
public abstract class ApplicationPage(IGrainFactory grains) : CommitteePage(grains)
{
    public RoundView? Call { get; private set; }
    public CommitteeSeat? MySeat { get; private set; }

    // What the pages offer is what RoundPolicy lets the caller do (the organisation's secretary included).
    public bool IsSecretary => RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, MySeat, RoundAction.Screen);
    public bool IsApplicant => !Caller.IsAdmin && RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, MySeat, RoundAction.Apply);

    /// <summary>404 for a round that does not exist or on which the caller has no seat, as RoundPolicy has it.</summary>
    protected async Task<IActionResult?> LoadCall()
    {
        if (!Ids.IsValid(RoundId)) return NotFound();
        Call = await RoundGrain.Find();
        if (Call is null) return NotFound();
        MySeat = Caller.IsAdmin ? null : await RoundGrain.SeatOf(Caller.Id);
        if (!Caller.IsAdmin && !Caller.IsSecretary && MySeat is null) return NotFound();
        return null;
    }

    /// <summary>Field errors by key ("answers.summary"), to show each beside its section.</summary>
    public Dictionary<string, string[]> FieldErrors { get; } = new(StringComparer.Ordinal);

    protected Task<bool> TryChange(Func<Task> change) => Try(change);

    protected override void Refused(DomainException refusal)
    {
        foreach (var (key, messages) in refusal.Errors) FieldErrors[key] = messages;
    }

    public string? ErrorFor(string key) => FieldErrors.TryGetValue(key, out var m) ? string.Join(" ", m) : null;

    /// <summary>A file's size as people read it: bytes, KiB or MiB.</summary>
    public static string FileSize(long bytes) =>
        bytes < 1024 ? $"{bytes:N0} bytes" : bytes < 1024 * 1024 ? $"{bytes / 1024.0:N0} KiB" : $"{bytes / (1024.0 * 1024):N1} MiB";

    public static string StatusName(Prioritise.Domain.Applications.ApplicationStatus status) => status switch
    {
        Prioritise.Domain.Applications.ApplicationStatus.Draft => "Draft",
        Prioritise.Domain.Applications.ApplicationStatus.Submitted => "Waiting to be screened",
        Prioritise.Domain.Applications.ApplicationStatus.Returned => "Returned for changes",
        Prioritise.Domain.Applications.ApplicationStatus.Accepted => "Accepted",
        Prioritise.Domain.Applications.ApplicationStatus.Rejected => "Rejected",
        _ => "Withdrawn",
    };

    public static string StatusTag(Prioritise.Domain.Applications.ApplicationStatus status) => status switch
    {
        Prioritise.Domain.Applications.ApplicationStatus.Accepted => "green",
        Prioritise.Domain.Applications.ApplicationStatus.Returned or Prioritise.Domain.Applications.ApplicationStatus.Rejected => "red",
        _ => "grey",
    };
}
