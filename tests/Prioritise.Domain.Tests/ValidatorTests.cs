using FluentValidation;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;
using static Prioritise.Domain.Tests.Builders;

namespace Prioritise.Domain.Tests;

public class ValidatorTests
{
    // ---- Valid baselines: each negative test changes one field of these ----

    public static CreateRound ValidRound() => new(
        "pic-2018", "City and Hackney PIC 2018/19", 1_500_000m, new ScaleInput(1, 10),
        [new CriterionInput("physical-health", "Physical health gain", 15m), new CriterionInput("financial-sustainability", "Financial sustainability", 30m)],
        new AgreementInput(2.25, 2.95), FundingLinePolicy.StopAtFirstMiss);

    private static AddBid ValidBid() => new(
        "falls-prevention", "Falls prevention", "Unplanned Care", "Homerton University Hospital NHS Foundation Trust",
        ["Homerton University Hospital NHS Foundation Trust"], 35_000m, "A falls prevention exercise service.");

    private static CreateMember ValidMember() => new(
        "ash", "Ash", "City and Hackney CCG", [new InterestInput("Hackney carers' forum", InterestType.NonPecuniary, "Unpaid trustee")]);

    private static readonly RoundDefinition PicRoundDefinition = PicRound();

    private static Dictionary<string, int?> FullScores(int score = 7) =>
        PicCriteria.ToDictionary(c => c.Id, _ => (int?)score);

    /// <summary>Asserts the command is refused as Invalid with exactly the given error keys.</summary>
    private static DomainException Refused<T>(IValidator<T> validator, T command, params string[] fields)
    {
        var ex = Assert.Throws<DomainException>(() => Validate.Check(validator, command));
        Assert.Equal(Refusal.Invalid, ex.Refusal);
        Assert.Equal(fields.Order(StringComparer.Ordinal), ex.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(ex.Errors.Values, messages => Assert.NotEmpty(messages));
        return ex;
    }

    private static void Accepted<T>(IValidator<T> validator, T command) where T : class =>
        Assert.Same(command, Validate.Check(validator, command));

    [Fact]
    public void Valid_baselines_are_accepted()
    {
        Accepted(new CreateRoundValidator(), ValidRound());
        Accepted(new AddBidValidator(), ValidBid());
        Accepted(new CreateMemberValidator(), ValidMember());
        Accepted(new RecordConflictValidator(), new RecordConflict("larch", "stroke-psychology", "Designed the pathway"));
        Accepted(new SaveSheetValidator(PicRoundDefinition), new SaveSheet(FullScores(), "Good", true));
    }

    [Fact]
    public void A_missing_body_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() => Validate.Check(new CreateRoundValidator(), null));
        Assert.Equal(Refusal.Invalid, ex.Refusal);
        Assert.Equal(["body"], ex.Errors.Keys);
    }

    // ---- Money ----

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-0.01")]
    [InlineData("1500000.005")]
    [InlineData("0.001")]
    public void Funding_cap_must_be_positive_pounds_and_pence(string cap)
    {
        Refused(new CreateRoundValidator(), ValidRound() with { FundingCap = Dec(cap) }, "fundingCap");
    }

    [Fact]
    public void Funding_cap_is_required()
    {
        Refused(new CreateRoundValidator(), ValidRound() with { FundingCap = null }, "fundingCap");
    }

    [Fact]
    public void Funding_cap_above_the_maximum_is_refused()
    {
        Refused(new CreateRoundValidator(), ValidRound() with { FundingCap = Money.Maximum + 0.01m }, "fundingCap");
    }

    [Theory]
    [InlineData("0.01")]
    [InlineData("1500000.01")]
    [InlineData("1500000.1")]
    public void Funding_cap_with_up_to_two_decimals_is_accepted(string cap)
    {
        Accepted(new CreateRoundValidator(), ValidRound() with { FundingCap = Dec(cap) });
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-47742")]
    [InlineData("47742.125")]
    public void Amount_requested_must_be_positive_pounds_and_pence(string amount)
    {
        Refused(new AddBidValidator(), ValidBid() with { AmountRequested = Dec(amount) }, "amountRequested");
    }

    [Theory]
    [InlineData("47742")]
    [InlineData("87376.50")]
    public void Amount_requested_costed_to_the_penny_is_accepted(string amount)
    {
        Accepted(new AddBidValidator(), ValidBid() with { AmountRequested = Dec(amount) });
    }

    [Fact]
    public void Money_helper_agrees_with_the_rule()
    {
        Assert.True(Money.IsValidPositive(87_376.50m));
        Assert.False(Money.IsValidPositive(0m));
        Assert.False(Money.IsValidPositive(-1m));
        Assert.False(Money.IsValidPositive(1.005m));
        Assert.True(Money.HasAtMostTwoDecimals(1.10m));
        Assert.False(Money.HasAtMostTwoDecimals(1.101m));
    }

    // ---- Weights and criteria ----

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void Criterion_weight_must_be_positive(string weight)
    {
        var round = ValidRound() with { Criteria = [new CriterionInput("physical-health", "Physical", Dec(weight))] };
        Refused(new CreateRoundValidator(), round, "criteria[0].weight");
    }

    [Fact]
    public void Weight_error_is_keyed_by_the_criterion_position()
    {
        var round = ValidRound() with
        {
            Criteria = [new CriterionInput("a", "A", 15m), new CriterionInput("b", "B", 10m), new CriterionInput("c", "C", -1m)],
        };
        Refused(new CreateRoundValidator(), round, "criteria[2].weight");
    }

    [Fact]
    public void Criterion_weight_is_required()
    {
        var round = ValidRound() with { Criteria = [new CriterionInput("a", "A", null)] };
        Refused(new CreateRoundValidator(), round, "criteria[0].weight");
    }

    [Fact]
    public void Non_integer_weights_that_do_not_sum_to_100_are_accepted()
    {
        Accepted(new CreateRoundValidator(), ValidRound() with
        {
            Criteria = [new CriterionInput("a", "A", 0.5m), new CriterionInput("b", "B", 2.25m)],
        });
    }

    [Fact]
    public void At_least_one_criterion_is_required()
    {
        Refused(new CreateRoundValidator(), ValidRound() with { Criteria = [] }, "criteria");
    }

    [Fact]
    public void Criterion_ids_must_be_unique()
    {
        var round = ValidRound() with { Criteria = [new CriterionInput("a", "A", 1m), new CriterionInput("a", "A again", 1m)] };
        Refused(new CreateRoundValidator(), round, "criteria");
    }

    [Fact]
    public void Scale_min_must_be_below_max()
    {
        Refused(new CreateRoundValidator(), ValidRound() with { Scale = new ScaleInput(5, 5) }, "scale");
    }

    [Fact]
    public void Agreement_high_bound_must_not_exceed_medium_bound()
    {
        Refused(new CreateRoundValidator(), ValidRound() with { Agreement = new AgreementInput(3.0, 2.0) }, "agreement");
    }

    [Fact]
    public void Agreement_bounds_must_be_positive()
    {
        Refused(new CreateRoundValidator(), ValidRound() with { Agreement = new AgreementInput(0, 2.95) }, "agreement.highBelow");
    }

    [Fact]
    public void Unknown_funding_line_policy_is_refused()
    {
        Refused(new CreateRoundValidator(), ValidRound() with { FundingLinePolicy = (FundingLinePolicy)7 }, "fundingLinePolicy");
    }

    // ---- Ids ----

    [Theory]
    [InlineData("pic-2018")]
    [InlineData("A_b-9")]
    [InlineData("x")]
    public void Ids_from_the_allowed_characters_are_valid(string id)
    {
        Assert.True(Ids.IsValid(id));
        Accepted(new CreateRoundValidator(), ValidRound() with { Id = id });
    }

    [Fact]
    public void An_id_of_exactly_64_characters_is_valid()
    {
        Assert.True(Ids.IsValid(new string('a', 64)));
    }

    [Theory]
    [InlineData("bad id")]
    [InlineData("a/b")]
    [InlineData("../etc")]
    [InlineData("a.b")]
    [InlineData("caf\u00e9")]
    [InlineData("a%20b")]
    [InlineData("")]
    public void Ids_with_characters_outside_the_set_are_refused(string id)
    {
        Assert.False(Ids.IsValid(id));
        Refused(new CreateRoundValidator(), ValidRound() with { Id = id }, "id");
    }

    [Fact]
    public void An_id_over_64_characters_is_refused()
    {
        var id = new string('a', 65);
        Assert.False(Ids.IsValid(id));
        Refused(new CreateRoundValidator(), ValidRound() with { Id = id }, "id");
    }

    [Theory]
    [InlineData("abc\n")]
    [InlineData("abc\r\n")]
    public void An_id_with_a_trailing_line_break_is_refused(string id)
    {
        // A line break is outside [A-Za-z0-9_-]; it must not slip through a regex end-anchor.
        Assert.False(Ids.IsValid(id));
        Refused(new CreateRoundValidator(), ValidRound() with { Id = id }, "id");
    }

    [Fact]
    public void A_64_character_id_plus_a_trailing_line_break_is_refused()
    {
        Assert.False(Ids.IsValid(new string('a', 64) + "\n"));
    }

    [Fact]
    public void Null_id_is_invalid()
    {
        Assert.False(Ids.IsValid(null));
    }

    [Fact]
    public void Require_refuses_a_bad_id_keyed_by_field()
    {
        var ex = Assert.Throws<DomainException>(() => Ids.Require("no spaces", "bidId"));
        Assert.Equal(Refusal.Invalid, ex.Refusal);
        Assert.Equal(["bidId"], ex.Errors.Keys);
        Assert.Equal("ok-id", Ids.Require("ok-id", "bidId"));
    }

    [Fact]
    public void New_ids_are_valid()
    {
        Assert.True(Ids.IsValid(Ids.New()));
    }

    [Fact]
    public void Criterion_id_is_required_and_checked()
    {
        var round = ValidRound() with { Criteria = [new CriterionInput("ok", "Ok", 1m), new CriterionInput("not ok", "Bad", 1m)] };
        Refused(new CreateRoundValidator(), round, "criteria[1].id");
    }

    [Fact]
    public void Conflict_ids_are_checked()
    {
        Refused(new RecordConflictValidator(), new RecordConflict("../larch", "stroke psychology", "Reason"), "memberId", "bidId");
    }

    // ---- Sheets ----

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(-3)]
    public void Score_outside_the_scale_is_refused(int score)
    {
        var scores = FullScores();
        scores["physical-health"] = score;
        Refused(new SaveSheetValidator(PicRoundDefinition), new SaveSheet(scores, null, true), "scores.physical-health");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void Scores_at_the_scale_ends_are_accepted(int score)
    {
        Accepted(new SaveSheetValidator(PicRoundDefinition), new SaveSheet(FullScores(score), null, true));
    }

    [Fact]
    public void A_custom_scale_is_used()
    {
        var round = Round(Criteria(1m), scale: new ScoreScale(0, 5));
        Accepted(new SaveSheetValidator(round), new SaveSheet(new Dictionary<string, int?> { ["c0"] = 0 }, null, true));
        Refused(new SaveSheetValidator(round), new SaveSheet(new Dictionary<string, int?> { ["c0"] = 6 }, null, true), "scores.c0");
    }

    [Fact]
    public void Unknown_criterion_is_refused()
    {
        var scores = FullScores();
        scores["value-for-money"] = 5;
        Refused(new SaveSheetValidator(PicRoundDefinition), new SaveSheet(scores, null, false), "scores.value-for-money");
    }

    [Fact]
    public void A_submitted_sheet_must_score_every_criterion()
    {
        var scores = FullScores();
        scores.Remove("financial-sustainability");
        scores.Remove("prevention");
        Refused(new SaveSheetValidator(PicRoundDefinition), new SaveSheet(scores, null, true),
            "scores.financial-sustainability", "scores.prevention");
    }

    [Fact]
    public void A_draft_may_be_partial()
    {
        var scores = new Dictionary<string, int?> { ["physical-health"] = 8 };
        Accepted(new SaveSheetValidator(PicRoundDefinition), new SaveSheet(scores, null, false));
    }

    [Fact]
    public void An_empty_draft_is_accepted()
    {
        Accepted(new SaveSheetValidator(PicRoundDefinition), new SaveSheet(new Dictionary<string, int?>(), null, false));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_null_score_is_refused(bool submit)
    {
        var scores = FullScores();
        scores["mental-health"] = null;
        Refused(new SaveSheetValidator(PicRoundDefinition), new SaveSheet(scores, null, submit), "scores.mental-health");
    }

    [Fact]
    public void Scores_are_required()
    {
        Refused(new SaveSheetValidator(PicRoundDefinition), new SaveSheet(null, null, true), "scores");
    }

    [Fact]
    public void Submit_flag_is_required()
    {
        Refused(new SaveSheetValidator(PicRoundDefinition), new SaveSheet(FullScores(), null, null), "submit");
    }

    [Fact]
    public void Comment_with_a_bidi_override_is_refused()
    {
        Refused(new SaveSheetValidator(PicRoundDefinition), new SaveSheet(FullScores(), "fine\u202Eenif", true), "comment");
    }

    // ---- Text ----

    [Theory]
    [InlineData("Ash\u0000")]
    [InlineData("Ash\u0007")]
    [InlineData("Ash\u001B[31m")]
    [InlineData("\u007FAsh")]
    [InlineData("Ash\u0085")]
    [InlineData("Ash\u202E")]
    [InlineData("\u202AAsh")]
    [InlineData("Ash\u2066x\u2069")]
    public void Member_name_with_control_or_bidi_characters_is_refused(string name)
    {
        Refused(new CreateMemberValidator(), ValidMember() with { Name = name }, "name");
    }

    [Fact]
    public void Member_name_with_a_lone_surrogate_is_refused()
    {
        // Built in code: lone surrogates do not survive theory-data serialisation.
        Refused(new CreateMemberValidator(), ValidMember() with { Name = "Ash" + '\uD800' }, "name");
        Refused(new CreateMemberValidator(), ValidMember() with { Name = '\uDC00' + "Ash" }, "name");
        Refused(new CreateMemberValidator(), ValidMember() with { Name = "A" + '\uDC00' + '\uD800' + "sh" }, "name");
    }

    [Theory]
    [InlineData("St Joseph's Hospice")]
    [InlineData("Zo\u00eb \u00d6zdemir")]
    [InlineData("Ash \U0001F600")]
    public void Member_name_with_ordinary_unicode_is_accepted(string name)
    {
        Accepted(new CreateMemberValidator(), ValidMember() with { Name = name });
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Member_name_is_required_and_not_blank(string? name)
    {
        Refused(new CreateMemberValidator(), ValidMember() with { Name = name }, "name");
    }

    [Fact]
    public void Member_name_over_200_characters_is_refused()
    {
        Refused(new CreateMemberValidator(), ValidMember() with { Name = new string('a', 201) }, "name");
        Accepted(new CreateMemberValidator(), ValidMember() with { Name = new string('a', 200) });
    }

    [Fact]
    public void Interest_fields_are_keyed_by_position()
    {
        var member = ValidMember() with
        {
            Interests = [new InterestInput("Ok", InterestType.Pecuniary, null), new InterestInput("Bad\u202E", null, null)],
        };
        Refused(new CreateMemberValidator(), member, "interests[1].organisation", "interests[1].type");
    }

    [Fact]
    public void Bid_title_with_a_control_character_is_refused()
    {
        Refused(new AddBidValidator(), ValidBid() with { Title = "Falls\u0008 prevention" }, "title");
    }

    [Fact]
    public void Round_name_with_a_bidi_isolate_is_refused()
    {
        Refused(new CreateRoundValidator(), ValidRound() with { Name = "PIC \u2067 2018" }, "name");
    }

    [Fact]
    public void Line_breaks_and_tabs_are_allowed_in_long_text()
    {
        Accepted(new AddBidValidator(), ValidBid() with { Summary = "Line one\r\nLine two\tindented" });
    }

    [Fact]
    public void Recipient_organisation_names_are_checked()
    {
        Refused(new AddBidValidator(), ValidBid() with { RecipientOrganisations = ["Homerton", " "] }, "recipientOrganisations[1]");
    }

    // ---- Invisible characters and look-alike alphabets (issue 12 item 5) ----

    [Theory]
    [InlineData("Ash\u200B")]        // zero-width space
    [InlineData("A\u200Dsh")]        // zero-width joiner
    [InlineData("A\u200Csh")]        // zero-width non-joiner
    [InlineData("\uFEFFAsh")]        // byte-order mark
    [InlineData("As\u00ADh")]        // soft hyphen
    [InlineData("Ash\U000E0041")]    // tag letter A
    [InlineData("Ash\u2060")]        // word joiner
    [InlineData("Ash\u200E")]        // left-to-right mark
    [InlineData("\u3164Ash")]        // Hangul filler
    [InlineData("\u115FAsh")]        // Hangul choseong filler
    [InlineData("Ash\u1160")]        // Hangul jungseong filler
    [InlineData("Ash\uFFA0")]        // half-width Hangul filler
    [InlineData("As\u034Fh")]        // combining grapheme joiner
    [InlineData("Ash\uFE0F")]        // variation selector 16
    [InlineData("Ash\U000E0100")]    // variation selector 17
    public void Member_name_with_an_invisible_character_is_refused(string name)
    {
        Refused(new CreateMemberValidator(), ValidMember() with { Name = name }, "name");
    }

    [Fact]
    public void The_invisible_character_refusal_names_the_field_and_the_character()
    {
        var ex = Refused(new AddBidValidator(), ValidBid() with { Title = "Falls\u200B prevention" }, "title");
        Assert.Equal(
            "Title contains an invisible or formatting character (U+200B), such as a zero-width space, soft hyphen or byte-order mark; retype it without.",
            Assert.Single(ex.Errors["title"]));
    }

    [Fact]
    public void Invisible_characters_are_refused_in_every_name_title_and_organisation()
    {
        const string zwsp = "\u200B";
        Refused(new CreateMemberValidator(), ValidMember() with { Organisation = "City and Hackney" + zwsp + " CCG" }, "organisation");
        Refused(new CreateMemberValidator(), ValidMember() with { Interests = [new InterestInput("Hackney" + zwsp + " carers' forum", InterestType.Pecuniary, "")] },
            "interests[0].organisation");
        Refused(new AddBidValidator(), ValidBid() with { Title = zwsp + "Falls prevention" }, "title");
        Refused(new AddBidValidator(), ValidBid() with { Workstream = "Unplanned" + zwsp + " Care" }, "workstream");
        Refused(new AddBidValidator(), ValidBid() with { SponsoringOrganisation = "Homerton" + zwsp }, "sponsoringOrganisation");
        Refused(new AddBidValidator(), ValidBid() with { RecipientOrganisations = ["Hackney Council", "Homer" + zwsp + "ton"] }, "recipientOrganisations[1]");
        Refused(new CreateRoundValidator(), ValidRound() with { Name = "PIC" + zwsp + " 2018" }, "name");
        Refused(new CreateRoundValidator(), ValidRound() with { Criteria = [new CriterionInput("physical-health", "Physical" + zwsp + " health", 1m)] },
            "criteria[0].name");
    }

    [Theory]
    [InlineData("ash\u200B")]
    [InlineData("\uFEFFash")]
    [InlineData("a\u00ADsh")]
    [InlineData("ash\U000E0041")]
    [InlineData("\uFF41sh")]         // full-width 'a'
    [InlineData("\u0430sh")]         // Cyrillic 'а'
    public void Ids_with_invisible_or_look_alike_characters_are_refused(string id)
    {
        Assert.False(Ids.IsValid(id));
        Refused(new CreateMemberValidator(), ValidMember() with { Id = id }, "id");
        Refused(new AddBidValidator(), ValidBid() with { Id = id }, "id");
        Refused(new CreateRoundValidator(), ValidRound() with { Id = id }, "id");
        Refused(new RecordConflictValidator(), new RecordConflict(id, id, "Designed the pathway"), "memberId", "bidId");
    }

    [Fact]
    public void Long_text_may_carry_joiners_so_summaries_with_emoji_sequences_are_accepted()
    {
        // Only names are held to the stricter rule: a summary is read, never compared.
        Accepted(new AddBidValidator(), ValidBid() with { Summary = "Run by nurses \U0001F469\u200D\u2695\uFE0F." });
    }

    [Theory]
    [InlineData("Hom\u0435rton Trust", "Latin and Cyrillic")]      // Cyrillic е
    [InlineData("H\u043Emerton Trust", "Latin and Cyrillic")]      // Cyrillic о
    [InlineData("H\u03BFmerton Trust", "Latin and Greek")]         // Greek ο
    [InlineData("\u0397omerton Trust", "Latin and Greek")]         // Greek capital Η
    [InlineData("\u041C\u03BF\u0441\u043A\u0432\u0430", "Cyrillic and Greek")]
    [InlineData("H\u043Em\u03B5rton", "Latin, Cyrillic and Greek")]
    public void An_organisation_mixing_alphabets_is_refused_naming_them(string organisation, string alphabets)
    {
        var ex = Refused(new AddBidValidator(), ValidBid() with { SponsoringOrganisation = organisation }, "sponsoringOrganisation");
        Assert.Equal(
            $"Sponsoring organisation mixes letters from different alphabets ({alphabets}); write the organisation's name in one alphabet.",
            Assert.Single(ex.Errors["sponsoringOrganisation"]));
        Refused(new AddBidValidator(), ValidBid() with { RecipientOrganisations = [organisation] }, "recipientOrganisations[0]");
        Refused(new CreateMemberValidator(), ValidMember() with { Organisation = organisation }, "organisation");
        Refused(new CreateMemberValidator(), ValidMember() with { Interests = [new InterestInput(organisation, InterestType.Indirect, "")] },
            "interests[0].organisation");
    }

    [Theory]
    [InlineData("Caf\u00E9 \u00DCmit Trust")]                                      // accented Latin
    [InlineData("\u041C\u043E\u0441\u043A\u043E\u0432\u0441\u043A\u0438\u0439 \u0444\u043E\u043D\u0434")] // all Cyrillic
    [InlineData("\u0395\u03BB\u03BB\u03B7\u03BD\u03B9\u03BA\u03CC \u038A\u03B4\u03C1\u03C5\u03BC\u03B1")] // all Greek
    [InlineData("Homerton \u6CD5\u4EBA")]                                         // Latin with Han: not one of the confusable three
    [InlineData("St Joseph's Hospice (No. 2)")]
    public void An_organisation_in_one_alphabet_is_accepted(string organisation)
    {
        Accepted(new AddBidValidator(), ValidBid() with { SponsoringOrganisation = organisation, RecipientOrganisations = [organisation] });
        Accepted(new CreateMemberValidator(), ValidMember() with { Organisation = organisation });
    }

    [Fact]
    public void Titles_and_people_may_mix_alphabets_as_only_organisations_are_compared()
    {
        Accepted(new AddBidValidator(), ValidBid() with { Title = "\u03B2-blocker review" });
        Accepted(new CreateMemberValidator(), ValidMember() with { Name = "Ash \u0418\u0432\u0430\u043D\u043E\u0432" });
    }

    // ---- Reserved member ids (issue 12 item 14) ----

    [Theory]
    [InlineData("admin")]
    [InlineData("ADMIN")]
    [InlineData("Admin")]
    [InlineData("cli")]
    [InlineData("CLI")]
    [InlineData("system")]
    [InlineData("System")]
    [InlineData("administrator")]
    [InlineData("anonymous")]
    public void A_member_id_the_service_acts_under_is_refused(string id)
    {
        var ex = Refused(new CreateMemberValidator(), ValidMember() with { Id = id }, "id");
        Assert.StartsWith("The id is reserved", Assert.Single(ex.Errors["id"]));
    }

    [Theory]
    [InlineData("admins")]
    [InlineData("admin-ash")]
    [InlineData("cli2")]
    [InlineData("systems-team")]
    public void Member_ids_that_merely_start_like_a_reserved_one_are_accepted(string id)
    {
        Accepted(new CreateMemberValidator(), ValidMember() with { Id = id });
    }

    [Fact]
    public void Reserved_ids_are_refused_only_for_members()
    {
        // A round or bid called "system" reads as nobody in the audit trail: no reason to refuse it.
        Accepted(new CreateRoundValidator(), ValidRound() with { Id = "system" });
        Accepted(new AddBidValidator(), ValidBid() with { Id = "admin" });
    }

    private static decimal Dec(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
