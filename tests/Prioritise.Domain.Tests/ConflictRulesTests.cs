using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using static Prioritise.Domain.Tests.Builders;

namespace Prioritise.Domain.Tests;

public class ConflictRulesTests
{
    private const string Homerton = "Homerton University Hospital NHS Foundation Trust";
    private static readonly DeclaredConflict[] None = [];

    private static Rounds.Bid HomertonBid(string id = "falls") => Bid(id, amount: 35_000m, sponsor: Homerton, recipients: Homerton);

    [Fact]
    public void Member_of_the_recipient_organisation_is_conflicted()
    {
        Assert.True(ConflictRules.IsConflicted(Seat("damson", Homerton), HomertonBid(), None));
    }

    [Fact]
    public void Organisation_match_ignores_case_and_outer_whitespace()
    {
        var seat = Seat("damson", "  homerton UNIVERSITY hospital nhs foundation trust\t");
        Assert.True(ConflictRules.IsConflicted(seat, HomertonBid(), None));
    }

    [Fact]
    public void Organisation_match_ignores_case_beyond_ascii_and_inner_spacing_but_not_accents()
    {
        // Inner spacing used to count; since issue 12 item 5 a doubled space no longer dodges a conflict.
        var bid = Bid("cafe", amount: 10_000m, sponsor: "Café Ümit Trust", recipients: "Café Ümit Trust");
        Assert.True(ConflictRules.IsConflicted(Seat("ash", " CAFÉ ÜMIT TRUST "), bid, None));
        Assert.True(ConflictRules.IsConflicted(Seat("ash", "Café  Ümit Trust"), bid, None));
        Assert.False(ConflictRules.IsConflicted(Seat("ash", "Cafe Umit Trust"), bid, None));
    }

    [Fact]
    public void Member_of_an_unrelated_organisation_is_not_conflicted()
    {
        Assert.False(ConflictRules.IsConflicted(Seat("birch", "City and Hackney CCG"), HomertonBid(), None));
        Assert.Null(ConflictRules.Reason(Seat("birch", "City and Hackney CCG"), HomertonBid(), None));
    }

    [Fact]
    public void Any_of_several_recipients_conflicts()
    {
        var bid = Bid("joint", sponsor: Homerton, recipients: [Homerton, "London Borough of Hackney"]);
        Assert.True(ConflictRules.IsConflicted(Seat("fir", "london borough of hackney"), bid, None));
    }

    [Fact]
    public void Pecuniary_interest_in_a_recipient_conflicts()
    {
        var seat = Seat("cedar", "City and Hackney CCG", new Interest(Homerton, InterestType.Pecuniary, "Employed"));
        Assert.True(ConflictRules.IsConflicted(seat, HomertonBid(), None));
    }

    [Fact]
    public void Indirect_interest_in_a_recipient_conflicts()
    {
        var seat = Seat("juniper", "Healthwatch Hackney", new Interest(" HOMERTON university hospital NHS foundation trust ", InterestType.Indirect, "Spouse employed"));
        Assert.True(ConflictRules.IsConflicted(seat, HomertonBid(), None));
    }

    [Fact]
    public void Non_pecuniary_interest_in_a_recipient_does_not_conflict()
    {
        var seat = Seat("hazel", "City of London Corporation", new Interest(Homerton, InterestType.NonPecuniary, "Volunteer"));
        Assert.False(ConflictRules.IsConflicted(seat, HomertonBid(), None));
    }

    [Fact]
    public void Pecuniary_interest_in_another_organisation_does_not_conflict()
    {
        var seat = Seat("maple", "Sandringham Road Surgery", new Interest("City and Hackney GP Confederation", InterestType.Pecuniary, "GP partner"));
        Assert.False(ConflictRules.IsConflicted(seat, HomertonBid(), None));
    }

    [Fact]
    public void Recipients_default_to_the_sponsor_when_the_command_gives_none()
    {
        var bid = new AddBid("spirometry", "Spirometry", "Planned Care", " City and Hackney GP Confederation ", null, 75_000m, null).ToBid("spirometry");
        Assert.Equal(["City and Hackney GP Confederation"], bid.RecipientOrganisations);
        Assert.True(ConflictRules.IsConflicted(Seat("ivy", "City and Hackney GP Confederation"), bid, None));
    }

    [Fact]
    public void Recipients_default_to_the_sponsor_when_the_command_gives_an_empty_list()
    {
        var bid = new AddBid("b", "B", null, "London Borough of Hackney", [], 1_000m, null).ToBid("b");
        Assert.Equal(["London Borough of Hackney"], bid.RecipientOrganisations);
    }

    [Fact]
    public void A_bid_record_with_no_recipients_falls_back_to_its_sponsor()
    {
        var bid = Bid("b", sponsor: Homerton); // no recipients at all
        Assert.True(ConflictRules.IsConflicted(Seat("damson", Homerton), bid, None));
    }

    [Fact]
    public void Named_recipients_replace_the_sponsor()
    {
        // Sponsored by the Confederation but the money goes to the Hospice: only the Hospice is a recipient.
        var bid = Bid("b", sponsor: "City and Hackney GP Confederation", recipients: "St Joseph's Hospice");
        Assert.False(ConflictRules.IsConflicted(Seat("ivy", "City and Hackney GP Confederation"), bid, None));
        Assert.True(ConflictRules.IsConflicted(Seat("nurse", "st joseph's hospice"), bid, None));
    }

    [Fact]
    public void A_conflict_recorded_by_hand_applies_to_that_member_and_bid_only()
    {
        var declared = new[] { new DeclaredConflict("larch", "stroke-psychology", "Designed the pathway", "ash", DateTimeOffset.UnixEpoch) };
        var larch = Seat("larch", "City and Hackney CCG");
        var birch = Seat("birch", "City and Hackney CCG");
        var stroke = Bid("stroke-psychology", sponsor: Homerton, recipients: Homerton);
        var vocational = Bid("vocational-rehab-stroke", sponsor: Homerton, recipients: Homerton);

        Assert.True(ConflictRules.IsConflicted(larch, stroke, declared));
        Assert.Contains("Designed the pathway", ConflictRules.Reason(larch, stroke, declared));
        Assert.False(ConflictRules.IsConflicted(larch, vocational, declared));
        Assert.False(ConflictRules.IsConflicted(birch, stroke, declared));
    }

    [Fact]
    public void Own_organisation_reason_names_the_organisation()
    {
        var reason = ConflictRules.Reason(Seat("damson", Homerton), HomertonBid(), None);
        Assert.NotNull(reason);
        Assert.Contains(Homerton, reason);
    }

    [Fact]
    public void A_sheet_counts_only_from_a_scorer_on_the_committee_who_is_not_conflicted()
    {
        var bid = HomertonBid();
        var scorer = Seat("ash", "City and Hackney CCG");
        Assert.True(ConflictRules.SheetCounts(scorer, bid, None));
        Assert.False(ConflictRules.SheetCounts(null, bid, None));                                            // not on the committee
        Assert.False(ConflictRules.SheetCounts(scorer with { Roles = [CommitteeRole.Chair] }, bid, None));  // a chair, not a scorer
        Assert.False(ConflictRules.SheetCounts(Seat("damson", Homerton), bid, None));                       // works for the recipient
        Assert.False(ConflictRules.SheetCounts(scorer, bid, [new DeclaredConflict("ash", "falls", "Spouse on the project", "chair", DateTimeOffset.UnixEpoch)]));
    }
}
