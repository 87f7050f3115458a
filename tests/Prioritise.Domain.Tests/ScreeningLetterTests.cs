using Prioritise.Domain.Applications;
using Prioritise.Domain.Mail;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Tests;

/// <summary>Issue 17 item 5: the screening outcome letter to the applicant.</summary>
public sealed class ScreeningLetterTests
{
    private static readonly RoundDefinition Round = new("pic-2026", "Planned care <2026>", 1_000_000m, ScoreScale.Default,
        [new Criterion("impact", "Impact", 1m)], AgreementBands.Default, FundingLinePolicy.StopAtFirstMiss, null);
    private static readonly Uri Link = new("https://prioritise.example.org/rounds/pic-2026/applications/take-home");

    private static Letter Screened(ScreeningOutcome outcome, string? reason, int step = 3) =>
        Letters.ScreeningLetter("prioritise.example.org", Round, "take-home", "Take Home & Settle", step,
            "sam", "Sam Patel", "sam@example.org", outcome, reason, Link);

    [Fact]
    public void A_returned_application_is_told_why_with_the_link_and_an_id_of_its_own_screening_step()
    {
        var letter = Screened(ScreeningOutcome.Return, "Say how many people a month.");
        Assert.Equal(Letters.ApplicationReturned, letter.Kind);
        Assert.Equal("application-returned.take-home-3.pic-2026.sam@prioritise.example.org", letter.MessageId);
        Assert.Equal("sam@example.org", letter.To);
        Assert.Equal("Your application has been returned for changes: Planned care <2026>", letter.Subject);
        Assert.Contains("Dear Sam Patel,", letter.Text);
        Assert.Contains("has returned your application \"Take Home & Settle\" to you for changes.", letter.Text);
        Assert.Contains("The reason given:\r\nSay how many people a month.", letter.Text);
        Assert.Contains($"Your application: {Link}", letter.Text);
        // People's words are encoded in the HTML part; the link is a link.
        Assert.Contains("Take Home &amp; Settle", letter.Html);
        Assert.Contains("Planned care &lt;2026&gt;", letter.Html);
        Assert.Contains($"href=\"{Link}\"", letter.Html);
        // The same step again is the same message; a later return (another step) is another.
        Assert.Equal(letter.MessageId, Screened(ScreeningOutcome.Return, "Say how many people a month.").MessageId);
        Assert.NotEqual(letter.MessageId, Screened(ScreeningOutcome.Return, "Still unclear.", step: 5).MessageId);
    }

    [Fact]
    public void Rejected_and_accepted_letters_say_so_and_an_accept_without_a_reason_gives_none()
    {
        var rejected = Screened(ScreeningOutcome.Reject, "Outside the call's scope.");
        Assert.Equal(Letters.ApplicationRejected, rejected.Kind);
        Assert.Contains("decided not to take your application \"Take Home & Settle\" forward", rejected.Text);
        Assert.Contains("Outside the call's scope.", rejected.Text);

        var accepted = Screened(ScreeningOutcome.Accept, null);
        Assert.Equal(Letters.ApplicationAccepted, accepted.Kind);
        Assert.Contains("it is now a bid, and the committee will score it", accepted.Text);
        Assert.DoesNotContain("The reason given", accepted.Text);
    }
}
