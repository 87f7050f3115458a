using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Domain.Seeds;
using Prioritise.Domain.Validation;

namespace Prioritise.Domain.Tests;

/// <summary>
/// The 2018 City and Hackney seed round, scored by the domain, reproduces the board paper's published
/// table (shared/docs/domain.md) for every bid, and the pre-moderation funding line.
/// </summary>
public class PublishedTableTests
{
    /// <summary>
    /// The published table, typed in by hand: title, weighted mean (1dp), value per GBP 1k (2dp), SD (1dp),
    /// agreement. Spirometry's published funding (20) is a partial award; its value per GBP uses the 75k request.
    /// </summary>
    public static readonly TheoryData<string, decimal, decimal, decimal, Agreement> Published = new()
    {
        { "Falls prevention", 8.7m, 0.25m, 1.0m, Agreement.High },
        { "Housing First", 8.6m, 0.04m, 1.4m, Agreement.High },
        { "Hospice at home", 8.3m, 0.02m, 1.8m, Agreement.High },
        { "Mental health and substance misuse", 8.1m, 0.12m, 2.4m, Agreement.Medium },
        { "Greenhouse mental health outreach", 7.0m, 0.08m, 2.4m, Agreement.Medium },
        { "Group consultations", 8.1m, 0.12m, 2.4m, Agreement.Medium },
        { "SEND", 7.8m, 0.08m, 1.6m, Agreement.High },
        { "HIV CNS", 7.4m, 0.05m, 3.4m, Agreement.Low },
        { "Spirometry", 6.4m, 0.09m, 3.0m, Agreement.Low },
        { "Smoking cessation in ACERS", 6.4m, 0.13m, 3.3m, Agreement.Low },
        { "Healthier City and Hackney Fund", 6.0m, 0.02m, 4.2m, Agreement.Low },
        { "Greenhouse", 6.8m, 0.06m, 2.2m, Agreement.High },
        { "Pulmonary rehab", 6.6m, 0.07m, 2.8m, Agreement.Medium },
        { "Pressure ulcer prevention", 6.0m, 0.14m, 3.3m, Agreement.Low },
        { "Stroke psychology input", 6.0m, 0.02m, 2.8m, Agreement.Medium },
        { "62-day cancer patient engagement hotline", 5.6m, 0.10m, 2.6m, Agreement.Medium },
        { "Vocational rehab for stroke", 5.3m, 0.02m, 2.5m, Agreement.Medium },
    };

    private static readonly Lazy<Scored> Seed = new(Scored.Load);

    [Theory]
    [MemberData(nameof(Published))]
    public void Every_bid_matches_the_published_row(string title, decimal mean, decimal valuePerPound, decimal sd, Agreement agreement)
    {
        var r = Seed.Value.Results.Single(x => x.Title == title);
        Assert.Equal(mean, Display.Round(r.WeightedMean, 1));
        Assert.Equal(valuePerPound, Display.Round(r.ValuePerThousand, 2));
        Assert.Equal(sd, Display.Round(r.StandardDeviation, 1));
        Assert.Equal(agreement, r.Agreement);
    }

    [Fact]
    public void The_published_table_covers_exactly_the_17_seed_bids()
    {
        var published = Published.Select(row => (string)row[0]).ToHashSet();
        Assert.Equal(17, published.Count);
        Assert.Equal(17, Seed.Value.Bids.Count);
        Assert.True(published.SetEquals(Seed.Value.Bids.Select(b => b.Title)));
    }

    [Fact]
    public void Spirometry_value_per_pound_uses_its_75k_request_not_the_20k_award()
    {
        var spirometry = Seed.Value.Results.Single(r => r.Title == "Spirometry");
        Assert.Equal(75_000m, spirometry.AmountRequested);
        Assert.Equal(0.09m, Display.Round(spirometry.ValuePerThousand, 2));
    }

    [Fact]
    public void Requests_add_up_to_the_published_2_45_million()
    {
        // 35+225+511+67+87+66+100+148+75+50+250+112+96+43+280+54+246 = 2,445 (GBP 000s)
        var total = Seed.Value.Bids.Sum(b => b.AmountRequested);
        Assert.Equal(2_445_000m, total);
        Assert.Equal(2.45m, Display.Round(total / 1_000_000m, 2));
    }

    [Fact]
    public void The_round_is_the_published_one()
    {
        var round = Seed.Value.Round;
        Assert.Equal(1_500_000m, round.FundingCap);
        Assert.Equal(FundingLinePolicy.StopAtFirstMiss, round.FundingLinePolicy);
        Assert.Equal(AgreementBands.Default, round.Agreement);
        Assert.Equal(new ScoreScale(1, 10), round.Scale);
        Assert.Equal([15m, 15m, 10m, 5m, 5m, 5m, 5m, 30m], round.Criteria.Select(c => c.Weight));
        Assert.Equal(90m, round.TotalWeight);
    }

    [Fact]
    public void No_seed_sheet_belongs_to_a_conflicted_member()
    {
        var s = Seed.Value;
        var offending = s.Seed.Sheets
            .Where(sheet => ConflictRules.IsConflicted(s.Seat(sheet.MemberId), s.Bid(sheet.BidId), s.Declared))
            .Select(sheet => $"{sheet.MemberId} on {sheet.BidId}")
            .ToList();
        Assert.Empty(offending);
    }

    [Fact]
    public void Every_seed_sheet_is_by_a_committee_member_on_a_seed_bid()
    {
        var s = Seed.Value;
        Assert.All(s.Seed.Sheets, sheet =>
        {
            Assert.Contains(sheet.MemberId, s.Seats.Select(m => m.MemberId));
            Assert.Contains(sheet.BidId, s.Bids.Select(b => b.Id));
        });
        Assert.Equal(s.Seed.Sheets.Count, s.Seed.Sheets.Select(x => (x.BidId, x.MemberId)).Distinct().Count());
    }

    [Fact]
    public void Every_bid_has_at_least_two_sheets()
    {
        Assert.All(Seed.Value.Results, r => Assert.True(r.Sheets >= 2, $"{r.Title} has {r.Sheets} sheets"));
    }

    [Fact]
    public void The_committee_has_at_least_ten_members()
    {
        Assert.True(Seed.Value.Seats.Count >= 10, $"only {Seed.Value.Seats.Count} members");
    }

    [Fact]
    public void At_least_one_member_is_conflicted_out_of_at_least_one_bid()
    {
        var s = Seed.Value;
        var conflicted = s.Seats.SelectMany(m => s.Bids.Where(b => ConflictRules.IsConflicted(m, b, s.Declared)).Select(b => (m.MemberId, b.Id)));
        Assert.NotEmpty(conflicted);
    }

    [Fact]
    public void The_hand_recorded_conflict_keeps_larch_off_stroke_psychology()
    {
        var s = Seed.Value;
        Assert.True(ConflictRules.IsConflicted(s.Seat("larch"), s.Bid("stroke-psychology"), s.Declared));
        Assert.DoesNotContain(s.Seed.Sheets, x => x.MemberId == "larch" && x.BidId == "stroke-psychology");
    }

    [Fact]
    public void Seed_commands_pass_the_api_validators()
    {
        var s = Seed.Value;
        Validate.Check(new CreateRoundValidator(), s.Seed.Round);
        Assert.All(s.Seed.Bids, b => Validate.Check(new AddBidValidator(), b));
        Assert.All(s.Seed.Conflicts, c => Validate.Check(new RecordConflictValidator(), c));
        Assert.All(s.Seed.Members, m => Validate.Check(new CreateMemberValidator(), new CreateMember(m.Id, m.Name, m.Organisation, m.Interests)));
        var sheets = new SaveSheetValidator(s.Round);
        Assert.All(s.Seed.Sheets, x =>
            Validate.Check(sheets, new SaveSheet(x.Scores.ToDictionary(p => p.Key, p => (int?)p.Value), x.Comment, true)));
    }

    // ---- The pre-moderation funding line: stopAtFirstMiss against GBP 1.5M ----

    [Fact]
    public void Pre_moderation_line_funds_the_top_ten_by_score()
    {
        var table = FundingLine.Results(Seed.Value.Round, Seed.Value.Results);
        // Cumulative requests, worked by hand from the published amounts (GBP):
        (string Title, decimal Cumulative)[] expected =
        [
            ("Falls prevention", 35_000m),
            ("Housing First", 260_000m),
            ("Hospice at home", 771_000m),
            ("Mental health and substance misuse", 838_000m),
            ("Group consultations", 904_000m),
            ("SEND", 1_004_000m),
            ("HIV CNS", 1_152_000m),
            ("Greenhouse mental health outreach", 1_239_000m),
            ("Greenhouse", 1_351_000m),
            ("Pulmonary rehab", 1_447_000m),
        ];
        var funded = table.Bids.Where(b => b.Funded).Select(b => (b.Result.Title, b.Cumulative!.Value)).ToArray();
        Assert.Equal(expected, funded);
        Assert.Equal(1_447_000m, table.FundedTotal);
    }

    [Fact]
    public void Pre_moderation_funded_rows_are_the_top_of_the_list()
    {
        var table = FundingLine.Results(Seed.Value.Round, Seed.Value.Results);
        Assert.All(table.Bids.Take(10), b => Assert.True(b.Funded, $"{b.Result.Title} should be funded"));
        Assert.All(table.Bids.Skip(10), b => Assert.False(b.Funded, $"{b.Result.Title} should be below the line"));
        Assert.All(table.Bids.Skip(10), b => Assert.Null(b.Cumulative));
    }

    [Fact]
    public void Spirometry_is_the_first_bid_to_miss_the_pre_moderation_line()
    {
        var table = FundingLine.Results(Seed.Value.Round, Seed.Value.Results);
        var firstMiss = table.Bids.First(b => !b.Funded);
        Assert.Equal("Spirometry", firstMiss.Result.Title);
        Assert.Equal(11, firstMiss.Rank);
        // 1,447,000 + 75,000 = 1,522,000 > 1,500,000
        Assert.True(1_447_000m + firstMiss.Result.AmountRequested > table.FundingCap);
        Assert.Equal(1_522_000m, 1_447_000m + firstMiss.Result.AmountRequested);
    }

    [Fact]
    public void Stop_at_first_miss_leaves_smaller_bids_below_unfunded()
    {
        // Smoking cessation (50k) and Pressure ulcer prevention (43k) would each fit the 53k headroom,
        // but the default policy stops at Spirometry.
        var table = FundingLine.Results(Seed.Value.Round, Seed.Value.Results);
        Assert.False(table.Bids.Single(b => b.Result.Title == "Smoking cessation in ACERS").Funded);
        Assert.False(table.Bids.Single(b => b.Result.Title == "Pressure ulcer prevention").Funded);
    }

    [Fact]
    public void Skip_and_continue_would_fund_smoking_cessation_in_the_headroom()
    {
        // Headroom after Pulmonary rehab: 53k. Spirometry (75k) skipped; Smoking cessation (50k) -> 1,497,000;
        // nothing else below fits the remaining 3k.
        var round = Seed.Value.Round with { FundingLinePolicy = FundingLinePolicy.SkipAndContinue };
        var table = FundingLine.Results(round, Seed.Value.Results);
        var smoking = table.Bids.Single(b => b.Result.Title == "Smoking cessation in ACERS");
        Assert.True(smoking.Funded);
        Assert.Equal(1_497_000m, smoking.Cumulative);
        Assert.Equal(1_497_000m, table.FundedTotal);
        Assert.Equal(11, table.Bids.Count(b => b.Funded));
    }

    /// <summary>The seed round loaded and scored once.</summary>
    private sealed record Scored(
        SeedRound Seed,
        RoundDefinition Round,
        IReadOnlyList<CommitteeSeat> Seats,
        IReadOnlyList<Rounds.Bid> Bids,
        IReadOnlyList<DeclaredConflict> Declared,
        IReadOnlyList<BidResult> Results)
    {
        public CommitteeSeat Seat(string id) => Seats.Single(m => m.MemberId == id);
        public Rounds.Bid Bid(string id) => Bids.Single(b => b.Id == id);

        public static Scored Load()
        {
            var seed = Analytics.AnalyticsBuilders.Pic2018;
            return new Scored(seed.Seed, seed.Round, seed.Seats, seed.Bids.Select(b => b.Bid).ToList(), seed.Declared, seed.Results());
        }
    }
}
