using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;
using static Prioritise.Domain.Tests.Builders;

namespace Prioritise.Domain.Tests;

/// <summary>
/// <see cref="Corrections"/> (issue 14): what may change in each status, what the audit line says,
/// and the refusals, each naming its field. Expected wording and figures written by hand.
/// </summary>
public class CorrectionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static RoundDefinition Pic() => new(
        "pic", "PIC 2018/19", 1_500_000m, ScoreScale.Default,
        [new Criterion("impact", "Impact", 30m), new Criterion("cost", "Cost", 60m)], AgreementBands.Default, FundingLinePolicy.StopAtFirstMiss);

    private static CorrectRound Round(string? name = null, decimal? cap = null, ScaleInput? scale = null, AgreementInput? agreement = null,
        FundingLinePolicy? policy = null, IReadOnlyList<CriterionInput>? criteria = null, DateTimeOffset? closesAt = null, long? expected = null) =>
        new(name, cap, scale, agreement, policy, criteria, closesAt, "Typing error in the set-up", expected);

    private static CorrectBid BidCorrection(string? title = null, string? workstream = null, string? summary = null, string? sponsor = null,
        IReadOnlyList<string>? recipients = null, decimal? amount = null) =>
        new(title, workstream, summary, sponsor, recipients, amount, "The applicant's form said otherwise", null);

    private static CriterionInput[] Weights(decimal impact, decimal cost) =>
        [new("impact", "Impact", impact), new("cost", "Cost", cost)];

    private static DomainException Refused(Refusal refusal, string field, Action act)
    {
        var e = Assert.Throws<DomainException>(act);
        Assert.Equal(refusal, e.Refusal);
        Assert.Equal([field], e.Errors.Keys);
        return e;
    }

    // ---- the round ----

    [Fact]
    public void A_weight_corrected_in_setup_says_what_changed()
    {
        var corrected = Corrections.Round(Pic(), RoundStatus.Setup, Round(criteria: Weights(40m, 60m)), Now);
        Assert.True(corrected.Changed);
        Assert.Equal(["Weight of 'Impact' 30 → 40"], corrected.Changes);
        Assert.Equal(40m, corrected.Value.Criteria[0].Weight);
        Assert.Equal(100m, corrected.Value.TotalWeight);
    }

    [Fact]
    public void Criteria_added_renamed_and_removed_are_each_described()
    {
        CriterionInput[] next = [new("impact", "Health impact", 30m), new("equity", "Equity of access", 5m)];
        var corrected = Corrections.Round(Pic(), RoundStatus.Setup, Round(criteria: next), Now);
        Assert.Equal(["Criterion 'Cost' removed", "Criterion 'Impact' renamed 'Health impact'", "Criterion 'Equity of access' added with weight 5"],
            corrected.Changes);
        Assert.Equal("Criterion 'Cost' removed; Criterion 'Impact' renamed 'Health impact'; Criterion 'Equity of access' added with weight 5.",
            corrected.Describe());
    }

    [Theory]
    [InlineData(RoundStatus.Scoring, "open for scoring")]
    [InlineData(RoundStatus.Moderation, "in moderation")]
    [InlineData(RoundStatus.Confirmed, "confirmed")]
    public void Criteria_and_weights_change_only_in_setup(RoundStatus status, string words)
    {
        var e = Refused(Refusal.Conflict, "criteria", () => Corrections.Round(Pic(), status, Round(criteria: Weights(40m, 60m)), Now));
        Assert.Equal($"Criteria and weights can be changed only while the round is being set up. The round is {words}.", e.Message);
        Refused(Refusal.Conflict, "scale", () => Corrections.Round(Pic(), status, Round(scale: new ScaleInput(0, 5)), Now));
    }

    [Fact]
    public void A_field_sent_back_as_it_is_is_no_change_and_no_refusal()
    {
        // A page sends the whole form back: the criteria as they are, in scoring, are not a change.
        var corrected = Corrections.Round(Pic(), RoundStatus.Scoring,
            Round(name: " PIC 2018/19 ", cap: 1_500_000.00m, criteria: Weights(30m, 60m), scale: new ScaleInput(1, 10)), Now);
        Assert.False(corrected.Changed);
        Assert.Empty(corrected.Changes);
        Assert.Equal(Pic().Criteria, corrected.Value.Criteria);
    }

    [Fact]
    public void The_cap_changes_until_scoring_closes_and_then_is_finances_revision()
    {
        var corrected = Corrections.Round(Pic(), RoundStatus.Scoring, Round(cap: 1_600_000.50m), Now);
        Assert.Equal(["Funding cap £1,500,000 → £1,600,000.50"], corrected.Changes);
        Assert.Equal(1_600_000.50m, corrected.Value.FundingCap);
        var e = Refused(Refusal.Conflict, "fundingCap", () => Corrections.Round(Pic(), RoundStatus.Moderation, Round(cap: 1_600_000m), Now));
        Assert.Equal("The funding cap can be changed only until scoring closes; after that, finance revises the cap. The round is in moderation.", e.Message);
    }

    [Fact]
    public void Bands_policy_and_deadline_change_until_scoring_closes()
    {
        var corrected = Corrections.Round(Pic(), RoundStatus.Scoring,
            Round(agreement: new AgreementInput(2.5, 3.0), policy: FundingLinePolicy.SkipAndContinue, closesAt: Now.AddDays(7)), Now);
        Assert.Equal([
            "Agreement bands: high below 2.25, medium below 2.95 → high below 2.5, medium below 3",
            "Funding line stops at the first bid that does not fit → skips a bid that does not fit and carries on",
            "Scoring deadline none → 8 December 2026 12:00 UTC",
        ], corrected.Changes);
        Assert.Equal(Now.AddDays(7), corrected.Value.ScoringClosesAt);
        Refused(Refusal.Conflict, "agreement", () => Corrections.Round(Pic(), RoundStatus.Moderation, Round(agreement: new AgreementInput(2.5, 3.0)), Now));
        Refused(Refusal.Conflict, "fundingLinePolicy", () => Corrections.Round(Pic(), RoundStatus.Moderation, Round(policy: FundingLinePolicy.SkipAndContinue), Now));
        Refused(Refusal.Conflict, "scoringClosesAt", () => Corrections.Round(Pic(), RoundStatus.Moderation, Round(closesAt: Now.AddDays(1)), Now));
    }

    [Fact]
    public void A_deadline_in_the_past_is_refused()
    {
        var e = Refused(Refusal.Invalid, "scoringClosesAt", () => Corrections.Round(Pic(), RoundStatus.Setup, Round(closesAt: Now.AddMinutes(-1)), Now));
        Assert.Equal("The scoring deadline must be in the future.", e.Message);
    }

    [Theory]
    [InlineData(RoundStatus.Setup, true)]
    [InlineData(RoundStatus.Scoring, true)]
    [InlineData(RoundStatus.Moderation, true)]
    [InlineData(RoundStatus.Confirmed, false)]
    public void The_name_changes_until_the_decision_is_confirmed(RoundStatus status, bool allowed)
    {
        var correction = Round(name: "PIC 2018/19 (non-recurrent)");
        if (allowed)
            Assert.Equal(["Name 'PIC 2018/19' → 'PIC 2018/19 (non-recurrent)'"], Corrections.Round(Pic(), status, correction, Now).Changes);
        else
            Refused(Refusal.Conflict, "name", () => Corrections.Round(Pic(), status, correction, Now));
    }

    [Fact]
    public void A_stale_version_is_refused_and_a_current_or_absent_one_is_not()
    {
        var e = Refused(Refusal.Conflict, "expectedVersion", () => Corrections.RequireVersion(3, 4, "round"));
        Assert.Equal("This round was changed by someone else since you opened it. Look at it again, then make your correction once more.", e.Message);
        Corrections.RequireVersion(4, 4, "round");
        Corrections.RequireVersion(null, 4, "round");
    }

    // ---- a bid ----

    private static Bid Falls() => new("falls", "Falls prevention", "Unplanned Care", "Homerton", ["Homerton"], 35_000m, "Exercise classes");

    [Fact]
    public void A_title_is_corrected_in_scoring_but_not_the_amount()
    {
        var corrected = Corrections.Bid(Falls(), RoundStatus.Scoring, BidCorrection(title: "Falls prevention service"));
        Assert.Equal(["Title 'Falls prevention' → 'Falls prevention service'"], corrected.Changes);
        Assert.Equal(2, corrected.Value.Version);
        var e = Refused(Refusal.Conflict, "amountRequested", () => Corrections.Bid(Falls(), RoundStatus.Scoring, BidCorrection(amount: 40_000m)));
        Assert.Equal("A bid's amount can be changed only while the round is being set up: scorers judge its value for money on it. The round is open for scoring.", e.Message);
        Refused(Refusal.Conflict, "title", () => Corrections.Bid(Falls(), RoundStatus.Moderation, BidCorrection(title: "Anything")));
    }

    [Fact]
    public void In_setup_the_amount_and_organisations_change_and_recipients_that_were_the_sponsor_follow_it()
    {
        var corrected = Corrections.Bid(Falls(), RoundStatus.Setup, BidCorrection(amount: 35_250.50m, sponsor: "Hackney Council"));
        Assert.Equal([
            "Amount requested £35,000 → £35,250.50",
            "Sponsoring organisation 'Homerton' → 'Hackney Council'",
            "Recipient organisations Homerton → Hackney Council",
        ], corrected.Changes);
        Assert.Equal(["Hackney Council"], corrected.Value.RecipientOrganisations);
        Assert.Equal(35_250.50m, corrected.Value.AmountRequested);
    }

    [Fact]
    public void The_organisations_decide_conflicts_so_they_change_only_in_setup()
    {
        var e = Refused(Refusal.Conflict, "recipientOrganisations",
            () => Corrections.Bid(Falls(), RoundStatus.Scoring, BidCorrection(recipients: ["Homerton", "Hackney Council"])));
        Assert.Equal("A bid's sponsoring and recipient organisations can be changed only while the round is being set up: they decide who may score it. The round is open for scoring.", e.Message);
        Refused(Refusal.Conflict, "sponsoringOrganisation", () => Corrections.Bid(Falls(), RoundStatus.Scoring, BidCorrection(sponsor: "Hackney Council")));
        // The same recipients, sent back with the form, are no change.
        Assert.False(Corrections.Bid(Falls(), RoundStatus.Scoring, BidCorrection(recipients: ["Homerton"], amount: 35_000m)).Changed);
    }

    [Fact]
    public void A_bid_with_nothing_changed_keeps_its_version()
    {
        var corrected = Corrections.Bid(Falls(), RoundStatus.Setup, BidCorrection(title: "Falls prevention", workstream: "Unplanned Care"));
        Assert.False(corrected.Changed);
        Assert.Equal(1, corrected.Value.Version);
    }

    [Fact]
    public void A_withdrawn_bid_is_kept_and_not_corrected_and_withdrawing_it_again_changes_nothing()
    {
        var withdrawn = Corrections.Withdraw(Falls());
        Assert.True(withdrawn.Changed);
        Assert.True(withdrawn.Value.Withdrawn);
        Assert.Equal(2, withdrawn.Value.Version);
        Assert.False(Corrections.Withdraw(withdrawn.Value).Changed);
        var e = Refused(Refusal.Conflict, "bidId", () => Corrections.Bid(withdrawn.Value, RoundStatus.Setup, BidCorrection(title: "Back again")));
        Assert.Equal("'Falls prevention' has been withdrawn; it cannot be corrected.", e.Message);
    }

    [Fact]
    public void A_seat_follows_a_corrected_register_only_until_scoring_closes()
    {
        Assert.True(Corrections.SeatFollowsRegister(RoundStatus.Setup));
        Assert.True(Corrections.SeatFollowsRegister(RoundStatus.Scoring));
        Assert.False(Corrections.SeatFollowsRegister(RoundStatus.Moderation));
        Assert.False(Corrections.SeatFollowsRegister(RoundStatus.Confirmed));
    }

    // ---- a member's record ----

    private static MemberProfile Ash() => new("ash", "Ash", "City and Hackney CCG",
        [new Interest("Homerton", InterestType.Pecuniary, "Spouse employed"), new Interest("Carers' forum", InterestType.NonPecuniary, "Trustee")]);

    private static CorrectMember MemberCorrection(string? name = null, string? email = null, IReadOnlyList<InterestInput>? interests = null, bool? secretary = null) =>
        new(name, null, email, interests, secretary, "Register brought up to date", null);

    [Fact]
    public void An_interest_that_ended_stays_on_the_register_marked_ended()
    {
        var ended = new DateOnly(2026, 11, 30);
        var corrected = Corrections.Member(Ash(), MemberCorrection(interests: [
            new InterestInput("Homerton", InterestType.Pecuniary, "Spouse employed", ended),
            new InterestInput("Carers' forum", InterestType.NonPecuniary, "Trustee"),
        ]));
        Assert.Equal(["Interest in Homerton (pecuniary) ended 30 November 2026"], corrected.Changes);
        Assert.Equal(2, corrected.Value.Interests.Count);
        Assert.Equal(ended, corrected.Value.Interests[0].EndedOn);
        Assert.Equal(2, corrected.Value.Version);
    }

    [Fact]
    public void Interests_added_and_taken_off_are_described_and_the_email_is_not_written_into_the_audit()
    {
        var corrected = Corrections.Member(Ash(), MemberCorrection(name: "Ash Tree", email: "ash@example.org",
            interests: [new InterestInput("Hackney Council", InterestType.Indirect, "Brother employed")], secretary: true));
        Assert.Equal([
            "Name 'Ash' → 'Ash Tree'",
            "Email added",
            "Interest in Hackney Council (indirect) added",
            "Interest in Homerton (pecuniary) taken off the register",
            "Interest in Carers' forum (non-pecuniary) taken off the register",
            "Appointed committee secretary for the organisation",
        ], corrected.Changes);
        Assert.DoesNotContain("ash@example.org", corrected.Describe());
        Assert.True(corrected.Value.Secretary);
        Assert.False(Corrections.Member(corrected.Value, MemberCorrection(email: "ash@example.org", secretary: true)).Changed);
    }

    [Fact]
    public void An_ended_interest_no_longer_makes_a_conflict()
    {
        var bid = Bid("falls", amount: 35_000m, sponsor: "Homerton", recipients: "Homerton");
        var current = new CommitteeSeat("ash", "Ash", "CCG", [new Interest("Homerton", InterestType.Pecuniary, "Spouse employed")], [CommitteeRole.Scorer]);
        var ended = current with { Interests = [new Interest("Homerton", InterestType.Pecuniary, "Spouse employed", new DateOnly(2026, 11, 30))] };
        Assert.Equal("Declared pecuniary interest in Homerton: Spouse employed", ConflictRules.Reason(current, bid, []));
        Assert.Null(ConflictRules.Reason(ended, bid, []));
    }

    // ---- the validators ----

    private static void Invalid<T>(FluentValidation.IValidator<T> validator, T command, params string[] fields)
    {
        var e = Assert.Throws<DomainException>(() => Validate.Check(validator, command));
        Assert.Equal(Refusal.Invalid, e.Refusal);
        Assert.Equal(fields.Order(StringComparer.Ordinal), e.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_correction_needs_a_reason()
    {
        Invalid(new CorrectRoundValidator(), Round(name: "New") with { Reason = null }, "reason");
        Invalid(new CorrectRoundValidator(), Round(name: "New") with { Reason = "   " }, "reason");
        Invalid(new CorrectBidValidator(), BidCorrection(title: "New") with { Reason = "" }, "reason");
        Invalid(new CorrectMemberValidator(), MemberCorrection(name: "New") with { Reason = null }, "reason");
        Invalid(new CorrectionReasonValidator(), new CorrectionReason(null), "reason");
        Invalid(new CorrectionReasonValidator(), new CorrectionReason("Withdrawn by the sponsor\u202E"), "reason");
        var e = Assert.Throws<DomainException>(() => Validate.Check(new CorrectionReasonValidator(), new CorrectionReason(" ")));
        Assert.Equal(["Give a reason for the correction: the audit keeps it."], e.Errors["reason"]);
        Validate.Check(new CorrectionReasonValidator(), new CorrectionReason("Withdrawn by the sponsor"));
    }

    [Fact]
    public void A_field_given_is_held_to_the_rules_it_was_made_with()
    {
        Validate.Check(new CorrectRoundValidator(), Round(name: "New name"));
        Invalid(new CorrectRoundValidator(), Round(name: " "), "name");
        Invalid(new CorrectRoundValidator(), Round(cap: -1m), "fundingCap");
        Invalid(new CorrectRoundValidator(), Round(cap: 10.001m), "fundingCap");
        Invalid(new CorrectRoundValidator(), Round(criteria: []), "criteria");
        Invalid(new CorrectRoundValidator(), Round(criteria: [new("a", "A", 1m), new("a", "B", 2m)]), "criteria");
        Invalid(new CorrectRoundValidator(), Round(criteria: [new("a", "A", 0m)]), "criteria[0].weight");
        Invalid(new CorrectRoundValidator(), Round(scale: new ScaleInput(5, 5)), "scale");
        Invalid(new CorrectRoundValidator(), Round(agreement: new AgreementInput(3, 2)), "agreement");
        Invalid(new CorrectRoundValidator(), Round(expected: -1), "expectedVersion");
        Invalid(new CorrectBidValidator(), BidCorrection(title: ""), "title");
        Invalid(new CorrectBidValidator(), BidCorrection(amount: 0m), "amountRequested");
        Invalid(new CorrectBidValidator(), BidCorrection(sponsor: "Нomerton"), "sponsoringOrganisation");
        Invalid(new CorrectBidValidator(), BidCorrection(workstream: "Care\u200B"), "workstream");
    }

    [Theory]
    [InlineData("ash@example.org", true)]
    [InlineData("", true)]
    [InlineData("ash", false)]
    [InlineData("Ash <ash@example.org>", false)]
    [InlineData("ash@example", false)]
    [InlineData("ash @example.org", false)]
    public void An_email_is_one_plain_address(string email, bool valid)
    {
        var command = MemberCorrection(email: email);
        if (valid) Validate.Check(new CorrectMemberValidator(), command);
        else Invalid(new CorrectMemberValidator(), command, "email");
        var create = new CreateMember("ash", "Ash", "CCG", [], email);
        if (valid) Validate.Check(new CreateMemberValidator(), create);
        else Invalid(new CreateMemberValidator(), create, "email");
    }

    [Fact]
    public void An_interest_ends_on_a_day_that_has_come()
    {
        var today = new DateOnly(2026, 12, 1);
        InterestInput Ending(DateOnly d) => new("Homerton", InterestType.Pecuniary, "Spouse employed", d);
        Validate.Check(new CorrectMemberValidator(today), MemberCorrection(interests: [Ending(today)]));
        Validate.Check(new CorrectMemberValidator(today), MemberCorrection(interests: [Ending(today.AddDays(1))]));
        Invalid(new CorrectMemberValidator(today), MemberCorrection(interests: [Ending(today.AddDays(2))]), "interests[0].endedOn");
    }
}
