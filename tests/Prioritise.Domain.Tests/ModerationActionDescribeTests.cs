using Prioritise.Domain.Moderation;

namespace Prioritise.Domain.Tests;

/// <summary>
/// An action describes itself with bids named by a lookup (the moderation page's titles) or by
/// id (the audit trail); the chair's own text is never rewritten, whatever the bid ids are.
/// </summary>
public sealed class ModerationActionDescribeTests
{
    private static readonly DateTimeOffset At = new(2018, 11, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> Titles = new()
    {
        ["send"] = "SEND support",
        ["line"] = "Helpline",
        ["on"] = "Outreach",
    };

    private static string Title(string id) => Titles[id];

    private static ModerationAction Action(ModerationActionType type) => new("m1", type, "ash", At, "because");

    [Fact]
    public void A_condition_names_its_bid_by_title_and_keeps_the_chairs_text_verbatim()
    {
        const string text = "send the line figures on time; on send, line up the reports";
        var condition = Action(ModerationActionType.Condition) with { BidId = "send", Text = text };
        Assert.Equal($"Condition on SEND support: {text}", condition.Describe(Title));
        Assert.Equal($"Condition on send: {text}", condition.Describe());
    }

    [Fact]
    public void Every_reference_to_a_bid_goes_through_the_lookup()
    {
        var cases = new (ModerationAction Action, string ByTitle, string ById)[]
        {
            (Action(ModerationActionType.Move) with { BidId = "on", Before = "line" }, "Moved Outreach before Helpline.", "Moved on before line."),
            (Action(ModerationActionType.Move) with { BidId = "send", After = "on" }, "Moved SEND support after Outreach.", "Moved send after on."),
            (Action(ModerationActionType.Award) with { BidId = "line", Amount = 1500m }, "Partial award of GBP 1,500.00 to Helpline.", "Partial award of GBP 1,500.00 to line."),
            (Action(ModerationActionType.JointAward) with { BidIds = ["send", "on"], Amount = 20_000m },
                "Joint award of GBP 20,000.00 across SEND support, Outreach.", "Joint award of GBP 20,000.00 across send, on."),
            (Action(ModerationActionType.Decline) with { BidId = "on" }, "Declined Outreach.", "Declined on."),
            (Action(ModerationActionType.SetFundingLine) with { AfterBidId = "line" }, "Funding line set after Helpline.", "Funding line set after line."),
            (Action(ModerationActionType.SetFundingLine), "Funding line returned to the cap.", "Funding line returned to the cap."),
            (Action(ModerationActionType.Revert) with { ActionId = "on" }, "Reverted action on.", "Reverted action on."),
        };
        foreach (var (action, byTitle, byId) in cases)
        {
            Assert.Equal(byTitle, action.Describe(Title));
            Assert.Equal(byId, action.Describe());
            Assert.Equal(action.Describe(id => id), action.Describe());
        }
    }
}
