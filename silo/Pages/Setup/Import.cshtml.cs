using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Grains;
using Prioritise.Reports.Imports;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>
/// Members and bids imported from CSV, uploaded or pasted (issue 14): the command line's formats
/// and checks (<see cref="CsvImports"/>, one home), every row checked before anything changes,
/// and the problems listed by line.
/// </summary>
public sealed class ImportModel(IGrainFactory grains) : SetupPage(grains)
{
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Text { get; set; }
    /// <summary>Which import the problems belong to: "members" or "bids".</summary>
    public string? Kind { get; private set; }
    public IReadOnlyList<ImportProblem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } refused) return refused;
        return Page();
    }

    public Task<IActionResult> OnPostMembersAsync() => Import("members", async rows =>
    {
        // The new members' keys are not shown here: each is issued, when it is to be given, from the members page.
        var outcome = await CsvImports.Members(Grains, Caller, rows, Source, RoundId, TextWriter.Null, () => TextWriter.Null);
        return $"{outcome.Added} member(s) registered and {outcome.Ids.Count} on the committee ({outcome.AlreadyThere} already registered). " +
               "Issue each new member a key from Members and keys when you are ready to give it to them.";
    }, CsvImports.MemberColumns, CsvImports.MemberRequired);

    public Task<IActionResult> OnPostBidsAsync() => Import("bids", async rows =>
    {
        var outcome = await CsvImports.Bids(Grains, Caller, RoundId, rows, Source, TextWriter.Null);
        return $"{outcome.Added} bid(s) added ({outcome.AlreadyThere} already there).";
    }, CsvImports.BidColumns, CsvImports.BidRequired);

    private string Source => Upload is { Length: > 0 } f ? f.FileName : "the pasted text";

    private async Task<IActionResult> Import(string kind, Func<IReadOnlyList<CsvRow>, Task<string>> import, string[] columns, string[] required)
    {
        if (await Load() is { } refused) return refused;
        if (kind == "members" ? !MayManageMembers : !MaySetUp) return Forbid(SessionCookie.Scheme);
        Kind = kind;
        try
        {
            if (await Read(columns, required) is not { } rows) return Page();
            return Done(await import(rows));
        }
        catch (InputException e)
        {
            Problems = e.Details;
            Errors.Add($"{Count(e.Details.Count)} in {Source}; nothing was imported. Put them right and import the whole file again.");
        }
        catch (DomainException e)
        {
            AddRefusal(e);
        }
        return Page();
    }

    private static string Count(int n) => n == 1 ? "There is 1 problem" : $"There are {n} problems";

    private async Task<IReadOnlyList<CsvRow>?> Read(string[] columns, string[] required)
    {
        if (Upload is { Length: > 0 } file)
        {
            if (file.Length > CsvInput.MaxBytes)
            {
                Problem("file", $"The file is {file.Length:N0} bytes; at most {CsvInput.MaxBytes:N0} are accepted.");
                return null;
            }
            using var reader = new StreamReader(file.OpenReadStream(), detectEncodingFromByteOrderMarks: true);
            return CsvInput.Read(new StringReader(await reader.ReadToEndAsync()), Source, columns, required);
        }
        if (!string.IsNullOrWhiteSpace(Text))
        {
            if (Text.Length > CsvInput.MaxBytes)
            {
                Problem("text", $"The pasted text is too long: at most {CsvInput.MaxBytes:N0} characters are accepted.");
                return null;
            }
            return CsvInput.Read(new StringReader(Text), Source, columns, required);
        }
        Problem("file", "Choose a CSV file, or paste its rows, header first.");
        return null;
    }

    /// <summary>A problem's column in the committee's words ("amount requested"), or the row as a whole.</summary>
    public static string Where(ImportProblem p) => p.Field is null ? "" : Say($"'{p.Field}'");

    private async Task<IActionResult?> Load()
    {
        if (await LoadRound() is { } refused) return refused;
        if (!MaySetUp) return Forbid(SessionCookie.Scheme);
        return null;
    }
}
