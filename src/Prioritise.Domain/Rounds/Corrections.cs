using System.Globalization;
using Prioritise.Domain.Members;

namespace Prioritise.Domain.Rounds;

/// <summary>A corrected record and what changed, one line per change, in the committee's words (for the audit).</summary>
public sealed record Corrected<T>(T Value, IReadOnlyList<string> Changes)
{
    /// <summary>A correction that changes nothing is answered as it stands, with no audit line and no new version.</summary>
    public bool Changed => Changes.Count > 0;

    /// <summary>The audit line: every change, in order.</summary>
    public string Describe() => string.Join("; ", Changes) + ".";
}

/// <summary>
/// What a correction may change in each status of a round (issue 14; docs/domain.md "Corrections"):
/// the one home of these rules. Pure and total: given the record as it stands, the round's status
/// and a validated command (<c>Validation/CorrectionValidators.cs</c>), it answers the corrected
/// record with what changed, or refuses (409 naming the field, in the committee's words).
/// A field sent with the value it already has is no change, so a form sent back whole is not
/// refused for fields its status no longer lets change.
/// <list type="bullet">
/// <item>The round's name: until the decision is confirmed.</item>
/// <item>The funding cap: until scoring closes (after that finance revises the cap).</item>
/// <item>The scale, criteria and weights: only while the round is being set up (scorers score against them).</item>
/// <item>Whether the round is scored (issue 16): only while the round is being set up; a scored
/// round needs criteria. Once a round is out of setup it has been opened for scoring, or its
/// moderation has started without scoring, and either is the round's whole course.</item>
/// <item>Agreement bands, the funding-line policy and the scoring deadline: until scoring closes;
/// a deadline must be in the future.</item>
/// <item>A bid's title, workstream and summary: until scoring closes; its amount and organisations
/// (sponsor, recipients: they decide conflicts of interest) only while the round is being set up.
/// A withdrawn bid is not corrected.</item>
/// <item>Withdrawing a bid, and taking a member off the committee: until scoring closes
/// (<see cref="RoundLifecycle"/>, with the status each whole correction needs).</item>
/// </list>
/// Who may correct is <see cref="RoundPolicy"/>'s; every correction carries a reason, which the audit keeps.
/// </summary>
public static class Corrections
{
    private static readonly RoundStatus[] SetupOnly = [RoundStatus.Setup];
    private static readonly RoundStatus[] UntilScoringCloses = [RoundStatus.Setup, RoundStatus.Scoring];
    private static readonly RoundStatus[] UntilConfirmed = [RoundStatus.Setup, RoundStatus.Scoring, RoundStatus.Moderation];

    /// <summary>The status as a sentence's end: "the round is being set up".</summary>
    public static string InWords(RoundStatus status) => status switch
    {
        RoundStatus.Setup => "being set up",
        RoundStatus.Scoring => "open for scoring",
        RoundStatus.Moderation => "in moderation",
        RoundStatus.Confirmed => "confirmed",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>409 when the caller corrected what they read at another version (someone changed it since).</summary>
    public static void RequireVersion(long? expected, long current, string what)
    {
        if (expected is { } version && version != current)
            throw DomainException.Conflict("expectedVersion",
                $"This {what} was changed by someone else since you opened it. Look at it again, then make your correction once more.");
    }

    private static void Allow(RoundStatus status, RoundStatus[] allowed, string field, string rule)
    {
        if (!allowed.Contains(status))
            throw DomainException.Conflict(field, $"{rule} The round is {InWords(status)}.");
    }

    // ---- the round ----

    public static Corrected<RoundDefinition> Round(RoundDefinition current, RoundStatus status, CorrectRound command, DateTimeOffset now)
    {
        var changes = new List<string>();
        var next = current;

        if (command.Name?.Trim() is { } name && name != current.Name)
        {
            Allow(status, UntilConfirmed, "name", "The round's name can be changed until the decision is confirmed.");
            changes.Add($"Name '{current.Name}' → '{name}'");
            next = next with { Name = name };
        }
        if (command.FundingCap is { } cap && cap != current.FundingCap)
        {
            Allow(status, UntilScoringCloses, "fundingCap",
                "The funding cap can be changed only until scoring closes; after that, finance revises the cap.");
            changes.Add($"Funding cap {Display.Pounds(current.FundingCap)} → {Display.Pounds(cap)}");
            next = next with { FundingCap = cap };
        }
        if (command.Scale is { } scaleInput && new ScoreScale(scaleInput.Min ?? current.Scale.Min, scaleInput.Max ?? current.Scale.Max) is var scale
            && scale != current.Scale)
        {
            Allow(status, SetupOnly, "scale", "The scoring scale can be changed only while the round is being set up.");
            changes.Add($"Scale {current.Scale.Min} to {current.Scale.Max} → {scale.Min} to {scale.Max}");
            next = next with { Scale = scale };
        }
        if (command.Criteria is { } criteriaInput)
        {
            var criteria = criteriaInput.Select(k => new Criterion(k.Id!, k.Name!.Trim(), k.Weight!.Value)).ToList();
            var described = DescribeCriteria(current.Criteria, criteria);
            if (described.Count > 0)
            {
                Allow(status, SetupOnly, "criteria", "Criteria and weights can be changed only while the round is being set up.");
                changes.AddRange(described);
                next = next with { Criteria = criteria };
            }
        }
        if (command.Scoring is { } scoring && scoring != current.Scoring)
        {
            Allow(status, SetupOnly, "scoring", "Whether the round is scored can be changed only while the round is being set up.");
            // Scorers score against the criteria: a round cannot become scored without them.
            if (scoring == ScoringMode.Scored && next.Criteria.Count == 0)
                throw DomainException.Invalid("criteria", "A scored round needs at least one criterion: give the criteria with the change.");
            changes.Add($"Scoring {ScoringInWords(current.Scoring)} → {ScoringInWords(scoring)}");
            next = next with { Scoring = scoring };
        }
        if (command.Agreement is { } agreementInput
            && new AgreementBands(agreementInput.HighBelow ?? current.Agreement.HighBelow, agreementInput.MediumBelow ?? current.Agreement.MediumBelow) is var bands
            && bands != current.Agreement)
        {
            Allow(status, UntilScoringCloses, "agreement", "The agreement bands can be changed only until scoring closes.");
            changes.Add($"Agreement bands: high below {Number(current.Agreement.HighBelow)}, medium below {Number(current.Agreement.MediumBelow)} → " +
                        $"high below {Number(bands.HighBelow)}, medium below {Number(bands.MediumBelow)}");
            next = next with { Agreement = bands };
        }
        if (command.FundingLinePolicy is { } policy && policy != current.FundingLinePolicy)
        {
            Allow(status, UntilScoringCloses, "fundingLinePolicy", "The funding-line policy can be changed only until scoring closes.");
            changes.Add($"Funding line {PolicyInWords(current.FundingLinePolicy)} → {PolicyInWords(policy)}");
            next = next with { FundingLinePolicy = policy };
        }
        if (command.ScoringClosesAt is { } deadline && deadline != current.ScoringClosesAt)
        {
            Allow(status, UntilScoringCloses, "scoringClosesAt", "The scoring deadline can be changed only until scoring closes.");
            // A deadline already past tells nobody anything; the chair closes scoring in any case.
            if (deadline <= now)
                throw DomainException.Invalid("scoringClosesAt", "The scoring deadline must be in the future.");
            changes.Add($"Scoring deadline {(current.ScoringClosesAt is { } was ? When(was) : "none")} → {When(deadline)}");
            next = next with { ScoringClosesAt = deadline };
        }
        return new Corrected<RoundDefinition>(next, changes);
    }

    private static string ScoringInWords(ScoringMode scoring) => scoring == ScoringMode.None ? "none (the chair moderates directly)" : "scored by the committee";

    private static List<string> DescribeCriteria(IReadOnlyList<Criterion> before, IReadOnlyList<Criterion> after)
    {
        var changes = new List<string>();
        var old = before.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var kept = after.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var c in before.Where(c => !kept.Contains(c.Id)))
            changes.Add($"Criterion '{c.Name}' removed");
        foreach (var c in after)
        {
            if (!old.TryGetValue(c.Id, out var was))
            {
                changes.Add($"Criterion '{c.Name}' added with weight {Number(c.Weight)}");
                continue;
            }
            if (was.Name != c.Name) changes.Add($"Criterion '{was.Name}' renamed '{c.Name}'");
            if (was.Weight != c.Weight) changes.Add($"Weight of '{c.Name}' {Number(was.Weight)} → {Number(c.Weight)}");
        }
        if (changes.Count == 0 && !before.Select(c => c.Id).SequenceEqual(after.Select(c => c.Id), StringComparer.Ordinal))
            changes.Add("Criteria put in a new order");
        return changes;
    }

    // ---- a bid ----

    public static Corrected<Bid> Bid(Bid current, RoundStatus status, CorrectBid command)
    {
        RequireNotWithdrawn(current, "corrected");
        var changes = new List<string>();
        var next = current;
        const string wording = "A bid's title, workstream and summary can be changed only until scoring closes.";
        if (command.Title?.Trim() is { } title && title != current.Title)
        {
            Allow(status, UntilScoringCloses, "title", wording);
            changes.Add($"Title '{current.Title}' → '{title}'");
            next = next with { Title = title };
        }
        if (command.Workstream?.Trim() is { } workstream && workstream != current.Workstream)
        {
            Allow(status, UntilScoringCloses, "workstream", wording);
            changes.Add($"Workstream '{current.Workstream}' → '{workstream}'");
            next = next with { Workstream = workstream };
        }
        if (command.Summary?.Trim() is { } summary && summary != current.Summary)
        {
            Allow(status, UntilScoringCloses, "summary", wording);
            changes.Add("Summary rewritten");
            next = next with { Summary = summary };
        }
        if (command.AmountRequested is { } amount && amount != current.AmountRequested)
        {
            Allow(status, SetupOnly, "amountRequested",
                "A bid's amount can be changed only while the round is being set up: scorers judge its value for money on it.");
            changes.Add($"Amount requested {Display.Pounds(current.AmountRequested)} → {Display.Pounds(amount)}");
            next = next with { AmountRequested = amount };
        }
        const string organisations = "A bid's sponsoring and recipient organisations can be changed only while the round is being set up: they decide who may score it.";
        if (command.SponsoringOrganisation?.Trim() is { } sponsor && sponsor != current.SponsoringOrganisation)
        {
            Allow(status, SetupOnly, "sponsoringOrganisation", organisations);
            changes.Add($"Sponsoring organisation '{current.SponsoringOrganisation}' → '{sponsor}'");
            next = next with { SponsoringOrganisation = sponsor };
            // Recipients that were only the sponsor (the default when none were named) follow it.
            if (command.RecipientOrganisations is null && current.RecipientOrganisations.SequenceEqual([current.SponsoringOrganisation]))
                next = next with { RecipientOrganisations = [sponsor] };
        }
        if (command.RecipientOrganisations is { } recipientsInput)
        {
            IReadOnlyList<string> recipients = recipientsInput.Count > 0
                ? recipientsInput.Select(o => o.Trim()).ToList()
                : [next.SponsoringOrganisation];
            if (!recipients.SequenceEqual(current.RecipientOrganisations, StringComparer.Ordinal))
            {
                Allow(status, SetupOnly, "recipientOrganisations", organisations);
                changes.Add($"Recipient organisations {string.Join(", ", current.RecipientOrganisations)} → {string.Join(", ", recipients)}");
                next = next with { RecipientOrganisations = recipients };
            }
        }
        else if (!next.RecipientOrganisations.SequenceEqual(current.RecipientOrganisations, StringComparer.Ordinal))
            changes.Add($"Recipient organisations {string.Join(", ", current.RecipientOrganisations)} → {string.Join(", ", next.RecipientOrganisations)}");

        return new Corrected<Bid>(changes.Count > 0 ? next with { Version = current.Version + 1 } : current, changes);
    }

    /// <summary>
    /// The bid, withdrawn: kept (the audit names it), out of the results and no longer scored. In
    /// which statuses a bid may be withdrawn is <see cref="RoundLifecycle"/>'s (until scoring closes).
    /// </summary>
    /// <remarks>A bid already withdrawn is answered as it stands: a DELETE sent again changes nothing.</remarks>
    public static Corrected<Bid> Withdraw(Bid current) =>
        current.Withdrawn
            ? new Corrected<Bid>(current, [])
            : new Corrected<Bid>(current with { Withdrawn = true, Version = current.Version + 1 }, ["Withdrawn"]);

    private static void RequireNotWithdrawn(Bid bid, string doing)
    {
        if (bid.Withdrawn)
            throw DomainException.Conflict("bidId", $"'{bid.Title}' has been withdrawn; it cannot be {doing}.");
    }

    /// <summary>
    /// Whether a seat takes a corrected register: only until scoring closes. Afterwards the round
    /// keeps the register as it stood when its results were drawn; the correction is noted in its audit.
    /// </summary>
    public static bool SeatFollowsRegister(RoundStatus status) => UntilScoringCloses.Contains(status);

    // ---- a member's record ----

    /// <summary>A member's record corrected: name, organisation, email, register of interests and the secretary role.</summary>
    public static Corrected<MemberProfile> Member(MemberProfile current, CorrectMember command)
    {
        var changes = new List<string>();
        var next = current;
        if (command.Name?.Trim() is { } name && name != current.Name)
        {
            changes.Add($"Name '{current.Name}' → '{name}'");
            next = next with { Name = name };
        }
        if (command.Organisation?.Trim() is { } organisation && organisation != current.Organisation)
        {
            changes.Add($"Organisation '{current.Organisation}' → '{organisation}'");
            next = next with { Organisation = organisation };
        }
        if (command.Email is { } emailInput && (emailInput.Trim() is { Length: > 0 } e ? e : null) is var email && email != current.Email)
        {
            // The address itself is not written into the audit, which the whole committee may read.
            changes.Add(email is null ? "Email removed" : current.Email is null ? "Email added" : "Email changed");
            next = next with { Email = email };
        }
        if (command.Interests is { } interestsInput)
        {
            var interests = interestsInput.Select(ToInterest).ToList();
            var described = DescribeInterests(current.Interests, interests);
            if (described.Count > 0)
            {
                changes.AddRange(described);
                next = next with { Interests = interests };
            }
        }
        if (command.Secretary is { } secretary && secretary != current.Secretary)
        {
            changes.Add(secretary ? "Appointed committee secretary for the organisation" : "No longer the organisation's committee secretary");
            next = next with { Secretary = secretary };
        }
        return new Corrected<MemberProfile>(changes.Count > 0 ? next with { Version = current.Version + 1 } : current, changes);
    }

    public static Interest ToInterest(InterestInput i) =>
        new(i.Organisation!.Trim(), i.Type!.Value, i.Description?.Trim() ?? "", i.EndedOn);

    private static List<string> DescribeInterests(IReadOnlyList<Interest> before, IReadOnlyList<Interest> after)
    {
        static (string, InterestType, string) Key(Interest i) => (Organisations.Normalise(i.Organisation), i.Type, i.Description);
        var changes = new List<string>();
        var unmatched = before.ToList();
        foreach (var interest in after)
        {
            var was = unmatched.FirstOrDefault(b => Key(b) == Key(interest));
            if (was is null)
            {
                changes.Add($"Interest in {interest.Organisation} ({TypeInWords(interest.Type)}) added{(interest.EndedOn is { } d ? $", ended {Day(d)}" : "")}");
                continue;
            }
            unmatched.Remove(was);
            if (was.EndedOn != interest.EndedOn)
                changes.Add(interest.EndedOn is { } ended
                    ? $"Interest in {interest.Organisation} ({TypeInWords(interest.Type)}) ended {Day(ended)}"
                    : $"Interest in {interest.Organisation} ({TypeInWords(interest.Type)}) no longer marked ended");
            else if (was.Organisation != interest.Organisation)
                changes.Add($"Interest in {was.Organisation} now written {interest.Organisation}");
        }
        foreach (var gone in unmatched)
            changes.Add($"Interest in {gone.Organisation} ({TypeInWords(gone.Type)}) taken off the register");
        return changes;
    }

    private static string TypeInWords(InterestType type) => type switch
    {
        InterestType.Pecuniary => "pecuniary",
        InterestType.NonPecuniary => "non-pecuniary",
        _ => "indirect",
    };

    private static string PolicyInWords(FundingLinePolicy policy) => policy == FundingLinePolicy.StopAtFirstMiss
        ? "stops at the first bid that does not fit"
        : "skips a bid that does not fit and carries on";

    private static string Number(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
    private static string Number(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
    private static string When(DateTimeOffset at) => at.ToUniversalTime().ToString("d MMMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
    private static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
