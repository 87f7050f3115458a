using FluentValidation;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;

namespace Prioritise.Domain.Tests;

/// <summary>
/// Issue 14 item 11: refusals read in the committee's words (the pages show them as they are),
/// while the errors stay keyed by the API's field names. Every expected text is written here by hand.
/// </summary>
public class CommitteeWordsTests
{
    private static DomainException Refused<T>(IValidator<T> validator, T command)
    {
        var ex = Assert.Throws<DomainException>(() => Validate.Check(validator, command));
        Assert.Equal(Refusal.Invalid, ex.Refusal);
        return ex;
    }

    [Fact]
    public void A_round_with_no_pot_and_a_weightless_criterion_is_refused_in_words_keyed_by_field()
    {
        var round = ValidatorTests.ValidRound() with
        {
            FundingCap = 0m,
            Criteria = [new CriterionInput("impact", "Impact", 0m)],
            Scale = new ScaleInput(5, 5),
        };
        var ex = Refused(new CreateRoundValidator(), round);
        Assert.Equal(["Funding cap must be more than zero."], ex.Errors["fundingCap"]);
        Assert.Equal(["Criterion weights must be more than zero."], ex.Errors["criteria[0].weight"]);
        Assert.Equal(["The lowest score must be below the highest score."], ex.Errors["scale"]);
    }

    [Fact]
    public void No_message_quotes_a_field_name()
    {
        var round = ValidatorTests.ValidRound() with { FundingCap = 10.005m, Name = " ", Id = "a b" };
        var ex = Refused(new CreateRoundValidator(), round);
        Assert.Equal(["Funding cap must be in pounds and pence, with at most two decimal places."], ex.Errors["fundingCap"]);
        Assert.Contains("Name must not be blank.", ex.Errors["name"]);
        Assert.StartsWith("The id must be 1 to 64 characters", Assert.Single(ex.Errors["id"]));
        // Quoted characters ('_') are fine; a quoted field name ('fundingCap') is not.
        Assert.All(ex.Errors.Values.SelectMany(m => m), m => Assert.DoesNotMatch("'[a-z][A-Za-z0-9.]+'", m));
    }

    [Fact]
    public void A_long_title_says_how_long_it_may_be_in_words()
    {
        var bid = new AddBid("falls", new string('a', 201), null, "Homerton", [], 1_000m, null);
        var ex = Refused(new AddBidValidator(), bid);
        Assert.Equal(["Title must be at most 200 characters long; this is 201."], ex.Errors["title"]);
    }

    [Fact]
    public void A_sheet_names_the_criterion_it_is_missing_or_out_of_scale_by_its_name()
    {
        var round = Builders.PicRound();
        var first = round.Criteria[0];
        var second = round.Criteria[1];
        var scores = round.Criteria.ToDictionary(c => c.Id, _ => (int?)5);
        scores.Remove(second.Id);
        scores[first.Id] = 11;
        var ex = Refused(new SaveSheetValidator(round), new SaveSheet(scores, null, true));
        Assert.Equal([$"The score for {first.Name} must be from 1 to 10; 11 is outside the scale."], ex.Errors[$"scores.{first.Id}"]);
        Assert.Equal([$"Score {second.Name} before you submit: a submitted sheet scores every criterion."], ex.Errors[$"scores.{second.Id}"]);
    }

    [Fact]
    public void A_cap_revision_without_a_positive_cap_says_so_in_words()
    {
        var ex = Refused(new CapRevisionCommandValidator(), new CapRevisionCommand(-1m, "In-year pressure"));
        Assert.Equal(["The funding cap must be more than zero, in pounds and pence."], ex.Errors["fundingCap"]);
    }

    [Theory]
    [InlineData(RoundStatus.Moderation, "Scoring has closed, so sheets can no longer be changed.")]
    [InlineData(RoundStatus.Confirmed, "Scoring has closed, so sheets can no longer be changed.")]
    [InlineData(RoundStatus.Setup, "Scoring has not opened yet, so sheets cannot be saved.")]
    public void A_sheet_outside_scoring_is_refused_saying_where_the_round_is(RoundStatus status, string message)
    {
        var ex = Assert.Throws<DomainException>(() => RoundLifecycle.Require(status, RoundAction.ScoreSheet));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void A_change_in_the_wrong_status_never_says_the_round_is_in_confirmed()
    {
        var ex = Assert.Throws<DomainException>(() => RoundLifecycle.Require(RoundStatus.Confirmed, RoundAction.AddBid));
        Assert.Equal("You cannot add bids once the decision is confirmed.", ex.Message);
    }
}
