using Prioritise.Domain.Moderation;
using Prioritise.Domain.Reports;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Domain.Seeds;

namespace Prioritise.Domain.Tests;

/// <summary>
/// The 2018 seed round, scored, ranked and moderated with the chair's actions in moderation.json (each
/// accepted in order as the chair would enter it), reproduces the FINAL table the board paper published
/// (shared/docs/domain.md), typed in below by hand.
/// </summary>
public class PublishedFinalTableTests
{
    /// <summary>The published final table: proposal, funding, weighted mean, value per GBP, SD, agreement, cumulative.</summary>
    private static readonly string[][] Published =
    [
        ["Falls prevention", "35", "8.7", "0.25", "1.0", "High", "35"],
        ["Housing First", "225", "8.6", "0.04", "1.4", "High", "260"],
        ["Hospice at home", "511", "8.3", "0.02", "1.8", "High", "771"],
        ["Mental health and substance misuse", "67", "8.1", "0.12", "2.4", "Medium", "838"],
        ["Greenhouse mental health outreach", "87", "7.0", "0.08", "2.4", "Medium", "925"],
        ["Group consultations", "66", "8.1", "0.12", "2.4", "Medium", "991"],
        ["SEND", "100", "7.8", "0.08", "1.6", "High", "1,091"],
        ["HIV CNS", "148", "7.4", "0.05", "3.4", "Low", "1,239"],
        ["Spirometry", "20", "6.4", "0.09", "3.0", "Low", "1,259"],
        ["Smoking cessation in ACERS", "50", "6.4", "0.13", "3.3", "Low", "1,309"],
        ["Healthier City and Hackney Fund", "250", "6.0", "0.02", "4.2", "Low", "1,559"],
        ["Greenhouse", "112", "6.8", "0.06", "2.2", "High", "-"],
        ["Pulmonary rehab", "96", "6.6", "0.07", "2.8", "Medium", "-"],
        ["Pressure ulcer prevention", "43", "6.0", "0.14", "3.3", "Low", "-"],
        ["Stroke psychology input", "280", "6.0", "0.02", "2.8", "Medium", "-"],
        ["62-day cancer patient engagement hotline", "54", "5.6", "0.10", "2.6", "Medium", "-"],
        ["Vocational rehab for stroke", "246", "5.3", "0.02", "2.5", "Medium", "-"],
    ];

    private static readonly Lazy<Moderated> Seed = new(() => Moderated.Load(policy: null));

    private static BoardTable Table => BoardTable.From("PIC 2018", Seed.Value.List);

    [Fact]
    public void The_rows_are_in_the_published_order()
    {
        Assert.Equal(Published.Select(p => p[0]), Table.Rows.Select(r => r.Proposal));
        Assert.Equal(Enumerable.Range(1, 17), Seed.Value.List.Rows.Select(r => r.Position));
    }

    [Fact]
    public void Funding_in_thousands_is_the_published_column()
    {
        Assert.Equal(
            ["35", "225", "511", "67", "87", "66", "100", "148", "20", "50", "250", "112", "96", "43", "280", "54", "246"],
            Table.Rows.Select(r => r.Funding));
    }

    [Fact]
    public void Awards_in_pounds_are_the_published_funding()
    {
        decimal[] pounds =
        [
            35_000, 225_000, 511_000, 67_000, 87_000, 66_000, 100_000, 148_000, 20_000, 50_000, 250_000,
            112_000, 96_000, 43_000, 280_000, 54_000, 246_000,
        ];
        Assert.Equal(pounds, Seed.Value.List.Rows.Select(r => r.Award));
    }

    [Fact]
    public void Weighted_means_are_the_published_column()
    {
        Assert.Equal(Published.Select(p => p[2]), Table.Rows.Select(r => r.WeightedMean));
    }

    [Fact]
    public void Values_per_pound_are_the_published_column()
    {
        Assert.Equal(Published.Select(p => p[3]), Table.Rows.Select(r => r.ValuePerPound));
    }

    [Fact]
    public void Standard_deviations_are_the_published_column()
    {
        Assert.Equal(Published.Select(p => p[4]), Table.Rows.Select(r => r.StandardDeviation));
    }

    [Fact]
    public void Agreement_is_the_published_column()
    {
        Assert.Equal(Published.Select(p => p[5]), Table.Rows.Select(r => r.Agreement));
    }

    [Fact]
    public void Cumulative_funding_is_the_published_column()
    {
        Assert.Equal(
            ["35", "260", "771", "838", "925", "991", "1,091", "1,239", "1,259", "1,309", "1,559", "-", "-", "-", "-", "-", "-"],
            Table.Rows.Select(r => r.Cumulative));
    }

    [Fact]
    public void Cumulative_funding_in_pounds_runs_down_the_funded_rows()
    {
        decimal?[] cumulative =
        [
            35_000, 260_000, 771_000, 838_000, 925_000, 991_000, 1_091_000, 1_239_000, 1_259_000, 1_309_000, 1_559_000,
            null, null, null, null, null, null,
        ];
        Assert.Equal(cumulative, Seed.Value.List.Rows.Select(r => r.Cumulative));
        Assert.Equal(11, Seed.Value.List.Rows.Count(r => r.Funded));
        Assert.All(Seed.Value.List.Rows.Take(11), r => Assert.True(r.Funded, r.Result.Title));
    }

    [Fact]
    public void Every_row_matches_the_published_table_cell_for_cell()
    {
        var rows = Table.Rows.Select(r => new[]
            { r.Proposal, r.Funding, r.WeightedMean, r.ValuePerPound, r.StandardDeviation, r.Agreement, r.Cumulative });
        Assert.Equal(Published, rows);
    }

    [Fact]
    public void The_committee_over_committed_by_59k_against_the_1_5m_pot()
    {
        var list = Seed.Value.List;
        Assert.Equal(1_500_000m, list.FundingCap);
        Assert.Equal(1_559_000m, list.FundedTotal);
        Assert.Equal(59_000m, list.OverCommitment);
        Assert.Equal(0m, list.Headroom);
        Assert.Equal("healthier-city-hackney-fund", list.FundingLineAfter);

        var table = Table;
        Assert.Equal(1_500_000m, table.FundingCap);
        Assert.Equal(1_559_000m, table.FundedTotal);
        Assert.Equal(59_000m, table.OverCommitment);
        Assert.Equal(0m, table.Headroom);
    }

    [Fact]
    public void Spirometry_shows_its_20k_award_and_keeps_its_75k_request()
    {
        var row = Seed.Value.List.Find("spirometry")!;
        Assert.Equal(20_000m, row.Award);
        Assert.Equal(75_000m, row.Result.AmountRequested);
        Assert.Equal(0.09m, Display.Round(row.Result.ValuePerThousand!.Value, 2));
    }

    [Fact]
    public void The_joint_award_is_154k_across_the_two_mental_health_schemes()
    {
        var a = Seed.Value.List.Find("mental-health-substance-misuse")!;
        var b = Seed.Value.List.Find("greenhouse-mh-outreach")!;
        Assert.NotNull(a.JointGroup);
        Assert.Equal(a.JointGroup, b.JointGroup);
        Assert.Equal(154_000m, a.JointGroupTotal);
        Assert.Equal(154_000m, b.JointGroupTotal);
        Assert.Equal(4, a.Position);
        Assert.Equal(5, b.Position);
        Assert.Single(Seed.Value.List.Rows.Select(r => r.JointGroup).OfType<string>().Distinct());
    }

    [Fact]
    public void Moderation_moved_greenhouse_outreach_up_and_greenhouse_and_pulmonary_rehab_down()
    {
        var list = Seed.Value.List;
        var before = Seed.Value.Ranking;
        int Rank(string id) => before.Bids.Single(b => b.Result.BidId == id).Rank;

        // Before moderation (by score): ... HIV CNS 7th, Greenhouse MH outreach 8th, Greenhouse 9th, Pulmonary rehab 10th.
        Assert.Equal(8, Rank("greenhouse-mh-outreach"));
        Assert.Equal(9, Rank("greenhouse"));
        Assert.Equal(10, Rank("pulmonary-rehab"));
        Assert.Equal(8, list.Find("greenhouse-mh-outreach")!.PreModerationRank);
        Assert.Equal(12, list.Find("greenhouse")!.Position);
        Assert.Equal(13, list.Find("pulmonary-rehab")!.Position);
    }

    [Fact]
    public void Moderation_changed_what_was_funded()
    {
        var before = Seed.Value.Ranking.Bids.Where(b => b.Funded).Select(b => b.Result.BidId).ToHashSet();
        var after = Seed.Value.List.Rows.Where(r => r.Funded).Select(r => r.Result.BidId).ToHashSet();
        Assert.Equal(["greenhouse", "pulmonary-rehab"], before.Except(after).Order());
        Assert.Equal(["healthier-city-hackney-fund", "smoking-cessation-acers", "spirometry"], after.Except(before).Order());
    }

    // ---- Conditions ----

    [Fact]
    public void The_board_table_lists_the_five_conditions_in_list_order()
    {
        var conditions = Table.Conditions;
        Assert.Equal(5, conditions.Count);
        // In list order: Housing First (2nd), Hospice at home (3rd), the joint pair (4th-5th), HIV CNS (8th), Spirometry (9th).
        string[] heads =
        [
            "Housing First: ",
            "Hospice at home: ",
            "Mental health and substance misuse and Greenhouse mental health outreach: ",
            "HIV CNS: ",
            "Spirometry: ",
        ];
        Assert.Equal(heads.Length, conditions.Count);
        for (var i = 0; i < heads.Length; i++)
            Assert.StartsWith(heads[i], conditions[i]);
    }

    /// <summary>The conditions as the paper prints them after "The following schemes were proposed to only be funded with conditions" (issue 16: word for word).</summary>
    [Fact]
    public void Each_condition_is_the_papers_words()
    {
        Assert.Equal(
        [
            "Housing First: this will need reframing to ensure that it is obvious that this is a health promoting intervention (to enable CCG funding to be legally used for this scheme) and that works with existing services for effective delivery. There are opportunities to consider how this resource might be deployed under pooled arrangements.",
            "Hospice at home: need to ensure robust mechanism in place for measuring impact on acute care usage (to enable business case to be built for future funding)",
            "Mental health and substance misuse and Greenhouse mental health outreach: The committee felt both served groups that were high need but that the proposed service was not quite right and felt they should be more joined up. The Committee agreed to award £154k across both schemes and asked workstreams to work together to plan develop period including coproduction to identify most appropriate and more effective service model",
            "HIV CNS: the CCG will need assurance on the commissioning responsibility for this service provide before funding can be released",
            "Spirometry: committee felt service model not quite agreed with all partners, so partial funding of £20K awarded to do some development work to map out better service model more acceptable to all partners (including more robust costings).",
        ],
        Table.Conditions);
    }

    [Fact]
    public void Only_funded_schemes_carry_conditions()
    {
        Assert.All(Seed.Value.List.Rows.Where(r => r.Conditions.Count > 0), r => Assert.True(r.Funded, r.Result.Title));
    }

    // ---- Confirmation of the seed ----

    [Fact]
    public void Finance_must_accept_the_59k_over_commitment_to_confirm()
    {
        var list = Seed.Value.List;
        var ex = Assert.Throws<DomainException>(() =>
            Confirmation.Confirm(list, 1, "birch", ModerationSession.At, new ConfirmCommand(false, null, null), 10));
        Assert.Equal(Refusal.Conflict, ex.Refusal);

        var seed = Seed.Value.Seed.Moderation!.Decision!;
        var decision = Confirmation.Confirm(list, 1, seed.By, ModerationSession.At,
            new ConfirmCommand(seed.AcceptOverCommitment, seed.Reason, null), Seed.Value.Actions.Count);
        Assert.True(decision.OverCommitmentAccepted);
        Assert.Equal(59_000m, decision.OverCommitment);
        Assert.Equal(1_559_000m, decision.FundedTotal);
        Assert.Equal(10, decision.ActionsConsidered);
        Assert.Equal(Published.Select(p => p[6]), BoardTable.From("PIC 2018", decision).Rows.Select(r => r.Cumulative));
    }

    [Fact]
    public void A_cap_revision_drops_schemes_from_the_bottom_of_the_published_list()
    {
        var list = Seed.Value.List;
        // At the same 1.5M: drop the HCH Fund (250k) -> 1,309k fits.
        Assert.Equal(["healthier-city-hackney-fund"], Confirmation.NoLongerFit(list, 1_500_000m));
        // At 1M: 1,559 -> drop HCH Fund 1,309 -> Smoking 1,259 -> Spirometry 1,239 -> HIV CNS 1,091 -> SEND 991: fits.
        Assert.Equal(
            ["healthier-city-hackney-fund", "smoking-cessation-acers", "spirometry", "hiv-cns", "send"],
            Confirmation.NoLongerFit(list, 1_000_000m));
        // At 800k: then Group consultations -> 925, still over; the joint pair goes together -> 771.
        Assert.Equal(
            [
                "healthier-city-hackney-fund", "smoking-cessation-acers", "spirometry", "hiv-cns", "send", "group-consultations",
                "greenhouse-mh-outreach", "mental-health-substance-misuse",
            ],
            Confirmation.NoLongerFit(list, 800_000m));
    }

    // ---- The moderated order under each policy, without the chair's line ----

    [Fact]
    public void Without_the_chairs_line_stop_at_first_miss_stops_at_the_hch_fund()
    {
        // Moderated order and awards, policy line at 1.5M: ... Smoking 1,309k; HCH Fund 250k would make 1,559k: stop.
        var s = Moderated.Load(policy: null, withoutLine: true);
        Assert.Null(s.List.FundingLineAfter);
        Assert.Equal(1_309_000m, s.List.FundedTotal);
        Assert.Equal(191_000m, s.List.Headroom);
        Assert.Equal(10, s.List.Rows.Count(r => r.Funded));
        Assert.All(s.List.Rows.Take(10), r => Assert.True(r.Funded, r.Result.Title));
    }

    [Fact]
    public void Without_the_chairs_line_skip_and_continue_fills_the_headroom_further_down()
    {
        // From 1,309k: HCH Fund 250 -> 1,559 skipped; Greenhouse 112 -> 1,421; Pulmonary 96 -> 1,517 skipped;
        // Pressure ulcer 43 -> 1,464; Stroke psychology 280 skipped; 62-day 54 -> 1,518 skipped; Vocational 246 skipped.
        var s = Moderated.Load(FundingLinePolicy.SkipAndContinue, withoutLine: true);
        var table = BoardTable.From("t", s.List);
        Assert.Equal(
            ["35", "260", "771", "838", "925", "991", "1,091", "1,239", "1,259", "1,309", "-", "1,421", "-", "1,464", "-", "-", "-"],
            table.Rows.Select(r => r.Cumulative));
        Assert.Equal(1_464_000m, s.List.FundedTotal);
        Assert.Equal(36_000m, s.List.Headroom);
    }

    /// <summary>The seed scored, ranked, and moderated through <see cref="ModerationRules.Accept"/>.</summary>
    private sealed record Moderated(SeedRound Seed, RoundResults Ranking, IReadOnlyList<ModerationAction> Actions, ModeratedList List)
    {
        public static Moderated Load(FundingLinePolicy? policy, bool withoutLine = false)
        {
            var scored = Analytics.AnalyticsBuilders.Pic2018;
            var seed = scored.Seed;
            var round = policy is { } p ? scored.Round with { FundingLinePolicy = p } : scored.Round;
            var results = scored.Results(round);
            var ranking = FundingLine.Results(round, results);

            var moderation = seed.Moderation ?? throw new InvalidDataException("The 2018 seed has no moderation.json.");
            var actions = new List<ModerationAction>();
            var at = new DateTimeOffset(2018, 9, 14, 10, 0, 0, TimeSpan.Zero);
            foreach (var command in moderation.Actions)
            {
                if (withoutLine && command.Type == ModerationActionType.SetFundingLine) continue;
                var current = ModerationRules.Replay(ranking, actions);
                actions.Add(ModerationRules.Accept(command, current, actions, $"m{actions.Count + 1}", moderation.Chair,
                    at.AddMinutes(actions.Count)));
            }
            return new Moderated(seed, ranking, actions, ModerationRules.Replay(ranking, actions));
        }
    }
}
