using System.Globalization;
using Prioritise.Domain;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;
using Prioritise.Grains;
using Prioritise.Grains.Security;

namespace Prioritise.Reports.Imports;

/// <summary>What an import did: rows added, and rows already there unchanged (skipped).</summary>
public sealed record ImportOutcome(int Added, int AlreadyThere, IReadOnlyList<string> Ids);

/// <summary>
/// Imports from CSV through the same validators and grain calls as the HTTP API: the command
/// line's import-bids and import-members and the set-up page's import alike (one home, so both
/// accept and refuse the same files). Every row is checked first, against the rules and against
/// what the round already holds; if any row is wrong, every problem is reported with its line and
/// nothing is imported. Ids are required, so a file can be imported again (after a failure
/// half-way, say): rows already there, unchanged, are skipped, and a row that differs from what is
/// there is an error rather than an overwrite.
/// </summary>
public static class CsvImports
{
    public static readonly string[] BidColumns =
        ["id", "title", "workstream", "sponsoringOrganisation", "recipientOrganisations", "amountRequested", "summary"];
    public static readonly string[] BidRequired = ["id", "title", "sponsoringOrganisation", "amountRequested"];
    // The email is optional (issue 17: invitations and reminders go to it), checked as any email is.
    public static readonly string[] MemberColumns = ["id", "name", "organisation", "interests", "roles", "email"];
    public static readonly string[] MemberRequired = ["id", "name", "organisation"];

    public static Task<ImportOutcome> Bids(IGrainFactory grains, Caller caller, string roundId, string path, TextWriter output) =>
        Bids(grains, caller, roundId, CsvInput.Read(path, BidColumns, BidRequired), path, output);

    /// <param name="rows">Read with <see cref="CsvInput.Read(TextReader, string, IReadOnlyList{string}, IReadOnlyList{string})"/>, <see cref="BidColumns"/> and <see cref="BidRequired"/>.</param>
    public static async Task<ImportOutcome> Bids(IGrainFactory grains, Caller caller, string roundId, IReadOnlyList<CsvRow> rows, string source, TextWriter output)
    {
        Ids.Require(roundId, "round");
        var problems = new List<ImportProblem>();
        var bids = new List<(int Line, Bid Bid)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var rowProblems = new List<ImportProblem>();
            var id = RequireId(row, rowProblems);
            var amount = Amount(row, "amountRequested", rowProblems);
            var command = new AddBid(id, row["title"], row["workstream"], row["sponsoringOrganisation"],
                row["recipientOrganisations"] is { } r ? CsvInput.List(r) : null, amount, row["summary"]);
            // An amount that did not parse is already reported; the validator would only add "required".
            rowProblems.AddRange(Check(new AddBidValidator(), command, row.Line)
                .Where(p => amount is not null || row["amountRequested"] is null || p.Field != "amountRequested"));
            if (id is not null && !seen.TryAdd(id, row.Line))
                rowProblems.Add(new(row.Line, "id", $"'{id}' is already used on line {seen[id]}."));
            problems.AddRange(rowProblems);
            if (rowProblems.Count == 0) bids.Add((row.Line, command.ToBid(id!)));
        }

        // What the round holds decides what is new, what is already there and what would clash.
        var round = grains.Round(roundId);
        var view = await round.Get(caller);
        if (view.Status is not (RoundStatus.Setup or RoundStatus.Scoring))
            problems.Add(new(null, null, $"round '{roundId}' is in {Lower(view.Status)}: bids can be added only in setup or scoring."));
        var existing = (await round.GetBids(caller)).ToDictionary(b => b.Bid.Id, b => b.Bid, StringComparer.Ordinal);
        var toAdd = new List<Bid>();
        foreach (var (line, bid) in bids)
        {
            if (!existing.TryGetValue(bid.Id, out var there)) toAdd.Add(bid);
            else if (!Same(there, bid))
                problems.Add(new(line, "id", $"a different bid '{bid.Id}' is already in round '{roundId}' (\"{there.Title}\"); change the id or the row."));
        }
        if (problems.Count > 0) throw new InputException(source, problems);

        foreach (var bid in toAdd)
        {
            await round.AddBid(caller, bid.ToCommand());
            output.WriteLine($"added bid {bid.Id}: {bid.Title} (GBP {bid.AmountRequested.ToString("N2", CultureInfo.InvariantCulture)})");
        }
        output.WriteLine($"{toAdd.Count} bid(s) added to round '{roundId}', {bids.Count - toAdd.Count} already there.");
        return new ImportOutcome(toAdd.Count, bids.Count - toAdd.Count, toAdd.Select(b => b.Id).ToList());
    }

    public static Task<ImportOutcome> Members(IGrainFactory grains, Caller caller, string path, string? roundId, TextWriter output, Func<TextWriter> openKeys) =>
        Members(grains, caller, CsvInput.Read(path, MemberColumns, MemberRequired), path, roundId, output, openKeys);

    /// <summary>
    /// Registers members (each gets a personal key, written once to <paramref name="openKeys"/>'s
    /// writer and kept only as a hash) and, with a round, appoints them with the roles in their row.
    /// </summary>
    /// <param name="openKeys">Opened at the first new key, so a refused import leaves no empty key file behind.</param>
    public static async Task<ImportOutcome> Members(IGrainFactory grains, Caller caller, IReadOnlyList<CsvRow> rows, string source, string? roundId,
        TextWriter output, Func<TextWriter> openKeys)
    {
        // Registering people is not a round's business: RoundPolicy's rule for members' records.
        RoundPolicy.RequireSecretaryOrAdministrator(caller.IsAdmin, caller.IsSecretary);
        if (roundId is not null) Ids.Require(roundId, "round");
        var problems = new List<ImportProblem>();
        var members = new List<(int Line, MemberProfile Profile, IReadOnlyList<CommitteeRole> Roles)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var rowProblems = new List<ImportProblem>();
            var id = RequireId(row, rowProblems);
            var interests = Interests(row, rowProblems);
            var roles = Roles(row, roundId, rowProblems);
            var command = new CreateMember(id, row["name"], row["organisation"], interests, row["email"]);
            rowProblems.AddRange(Check(new CreateMemberValidator(), command, row.Line));
            if (id is not null && !seen.TryAdd(id, row.Line))
                rowProblems.Add(new(row.Line, "id", $"'{id}' is already used on line {seen[id]}."));
            problems.AddRange(rowProblems);
            if (rowProblems.Count == 0) members.Add((row.Line, command.ToProfile(id!), roles));
        }

        IRoundGrain? round = null;
        if (roundId is not null)
        {
            round = grains.Round(roundId);
            var view = await round.Get(caller);
            if (view.Status is not (RoundStatus.Setup or RoundStatus.Scoring or RoundStatus.Moderation))
                problems.Add(new(null, null, $"round '{roundId}' is {Lower(view.Status)}: members can no longer be appointed."));
        }
        var toRegister = new List<MemberProfile>();
        foreach (var (line, profile, _) in members)
        {
            var there = await grains.Member(profile.Id).GetProfile();
            if (there is null) toRegister.Add(profile);
            else if (!Same(there, profile))
                problems.Add(new(line, "id", $"a different member '{profile.Id}' is already registered ({there.Name}, {there.Organisation})."));
        }
        if (problems.Count > 0) throw new InputException(source, problems);

        TextWriter? keys = null;
        foreach (var profile in toRegister)
        {
            var (key, hash) = MemberKeys.Issue(profile.Id);
            if (keys is null)
            {
                keys = openKeys();
                keys.WriteLine("id,apiKey");
            }
            await grains.Member(profile.Id).Register(profile.ToCommand(), hash);
            keys.WriteLine($"{profile.Id},{key}");
            keys.Flush(); // the key exists nowhere else: get it out before anything else can fail
            output.WriteLine($"registered member {profile.Id}: {profile.Name} ({profile.Organisation})");
        }
        if (round is not null)
        {
            // Appointing again with the same roles would only repeat the audit trail's entry.
            var seats = (await round.GetCommittee(caller)).ToDictionary(c => c.Seat.MemberId, c => c.Seat, StringComparer.Ordinal);
            foreach (var (_, profile, roles) in members)
            {
                if (seats.TryGetValue(profile.Id, out var seat) && seat.Roles.Order().SequenceEqual(roles.Distinct().Order())) continue;
                await round.Appoint(caller, profile.Id, new AppointMember(roles));
                output.WriteLine($"appointed {profile.Id} to round '{roundId}' as {string.Join(", ", roles.Select(r => Lower(r)))}");
            }
        }
        output.WriteLine($"{toRegister.Count} member(s) registered, {members.Count - toRegister.Count} already registered" +
                         (round is null ? "." : $"; all {members.Count} on round '{roundId}'."));
        return new ImportOutcome(toRegister.Count, members.Count - toRegister.Count, members.Select(m => m.Profile.Id).ToList());
    }

    private static string? RequireId(CsvRow row, List<ImportProblem> problems)
    {
        var id = row["id"]?.Trim();
        if (id is null)
            problems.Add(new(row.Line, "id", "an id is required in an import, so that importing the file again adds nothing twice."));
        return id;
    }

    /// <summary>Pounds as a plain number (35000 or 35000.50): no currency sign or thousands separator to misread.</summary>
    private static decimal? Amount(CsvRow row, string column, List<ImportProblem> problems)
    {
        var text = row[column]?.Trim();
        if (text is null) return null; // the validator reports it as required
        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            return amount;
        problems.Add(new(row.Line, column, $"'{text}' is not an amount in pounds; write digits with an optional decimal point, e.g. 35000 or 35000.50."));
        return null;
    }

    /// <summary>"pecuniary:Homerton Hospital:Director; indirect:Hackney CVS" (type:organisation[:description]).</summary>
    private static List<InterestInput>? Interests(CsvRow row, List<ImportProblem> problems)
    {
        var cell = row["interests"];
        if (cell is null) return null;
        var interests = new List<InterestInput>();
        foreach (var entry in CsvInput.List(cell))
        {
            var parts = entry.Split(':', 3, StringSplitOptions.TrimEntries);
            if (parts.Length < 2 || !Enum.TryParse<InterestType>(parts[0], ignoreCase: true, out var type) || !Enum.IsDefined(type) || int.TryParse(parts[0], out _))
            {
                problems.Add(new(row.Line, "interests", $"'{entry}' should be type:organisation[:description], with type pecuniary, nonPecuniary or indirect."));
                continue;
            }
            interests.Add(new InterestInput(parts[1], type, parts.Length > 2 ? parts[2] : null));
        }
        return interests;
    }

    /// <summary>"scorer; chair": required when appointing to a round, meaningless without one.</summary>
    private static IReadOnlyList<CommitteeRole> Roles(CsvRow row, string? roundId, List<ImportProblem> problems)
    {
        var cell = row["roles"];
        if (roundId is null)
        {
            if (cell is not null) problems.Add(new(row.Line, "roles", "roles need a round to be appointed to (--round ROUND)."));
            return [];
        }
        var roles = new List<CommitteeRole>();
        var unknown = 0;
        foreach (var name in CsvInput.List(cell))
        {
            if (Enum.TryParse<CommitteeRole>(name, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(name, out _))
                roles.Add(role);
            else
            {
                unknown++;
                problems.Add(new(row.Line, "roles", $"'{name}' is not a role; use scorer, chair, finance or secretary."));
            }
        }
        // A cell of roles none of which is known is already reported; "at least one role" would say it twice.
        if (unknown > 0 && roles.Count == 0) return roles;
        var command = new AppointMember(roles);
        problems.AddRange(Check(new AppointMemberValidator(), command, row.Line).Select(p => p with { Field = "roles" }));
        return roles;
    }

    private static IEnumerable<ImportProblem> Check<T>(FluentValidation.IValidator<T> validator, T command, int line)
    {
        try
        {
            Validate.Check(validator, command);
            return [];
        }
        catch (DomainException e)
        {
            return e.Errors.SelectMany(kv => kv.Value.Select(message => new ImportProblem(line, kv.Key, message))).ToList();
        }
    }

    private static bool Same(Bid a, Bid b) =>
        a.Title == b.Title && a.Workstream == b.Workstream && a.SponsoringOrganisation == b.SponsoringOrganisation
        && a.RecipientOrganisations.SequenceEqual(b.RecipientOrganisations) && a.AmountRequested == b.AmountRequested
        && a.Summary == b.Summary;

    private static bool Same(MemberProfile a, MemberProfile b) =>
        a.Name == b.Name && a.Organisation == b.Organisation && a.Interests.SequenceEqual(b.Interests) && a.Email == b.Email;

    private static string Lower<T>(T value) where T : Enum =>
        value.ToString() is var s && s.Length > 0 ? char.ToLowerInvariant(s[0]) + s[1..] : s;
}
