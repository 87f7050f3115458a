using System.Net;

namespace Prioritise.Api.Tests;

public sealed partial class PageSecurityTests
{
    /// <summary>
    /// The action history names bids by title without rewriting the chair's text: bid ids that are
    /// ordinary words (send, line, on) used to be swapped for titles all through the line.
    /// </summary>
    [Fact]
    public async Task The_moderation_history_names_bids_by_title_and_shows_the_condition_text_verbatim()
    {
        var m = await ModerationRound.Build(_api, bids:
        [
            ("send", 40_000m, 9, "SEND support"),
            ("line", 30_000m, 8, "Helpline"),
            ("on", 20_000m, 7, "Outreach"),
        ]);
        const string text = "Send the line figures on time; on send, line up the quarterly reports";
        await m.Take(new { type = "condition", bidId = "send", text });
        await m.Take(new { type = "move", bidId = "on", before = "line", reason = "Report on the line" });

        using var chair = NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await chair.SignIn(m.ChairKey)).StatusCode);
        var (status, body, _) = await chair.Get($"/rounds/{m.RoundId}/moderation");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"history\"", body);
        var history = body[body.IndexOf("id=\"history\"", StringComparison.Ordinal)..];
        Assert.Contains($"Condition on SEND support: {text}", history);
        Assert.Contains("Moved Outreach before Helpline.", history);
        Assert.Contains("Report on the line", history);
    }
}
