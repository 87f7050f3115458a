using Prioritise.Domain;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;

namespace Prioritise.Silo.Web;

/// <summary>
/// Which of a round's or a bid's fields its status no longer lets change, and why, for the forms
/// to show them read-only (issue 14). The rules are <see cref="Corrections"/>' alone: this asks
/// them about a change to just that field and shows their refusal, so the page and the grain can
/// never disagree.
/// </summary>
public static class CorrectionLocks
{
    public static string? Round(RoundView view, string field)
    {
        var d = view.Definition;
        CorrectRound? probe = field switch
        {
            "name" => Empty() with { Name = d.Name + " (changed)" },
            "fundingCap" => Empty() with { FundingCap = d.FundingCap + 1m },
            "scale" => Empty() with { Scale = new ScaleInput(d.Scale.Min, d.Scale.Max + 1) },
            "criteria" => Empty() with
            {
                // A round without scoring may have none (issue 16): the probe then adds one.
                Criteria = d.Criteria.Count == 0
                    ? [new CriterionInput("probe", "Probe", 1m)]
                    : d.Criteria.Select((c, i) => new CriterionInput(c.Id, c.Name, i == 0 ? c.Weight + 1m : c.Weight)).ToList(),
            },
            "agreement" => Empty() with { Agreement = new AgreementInput(d.Agreement.HighBelow / 2, d.Agreement.MediumBelow) },
            "fundingLinePolicy" => Empty() with
            {
                FundingLinePolicy = d.FundingLinePolicy == FundingLinePolicy.StopAtFirstMiss ? FundingLinePolicy.SkipAndContinue : FundingLinePolicy.StopAtFirstMiss,
            },
            "scoringClosesAt" => Empty() with { ScoringClosesAt = DateTimeOffset.UtcNow.AddYears(1) },
            // Issue 16: the other mode. A round without criteria made scored is refused for them
            // (400, about what is sent): the status allowed it, so the field is not locked.
            "scoring" => Empty() with { Scoring = d.Scoring == ScoringMode.Scored ? ScoringMode.None : ScoringMode.Scored },
            _ => null,
        };
        if (probe is null) return null;
        return WhyNot(() => Corrections.Round(d, view.Status, probe, DateTimeOffset.UtcNow));
    }

    public static string? Bid(Bid bid, RoundStatus status, string field)
    {
        var none = new CorrectBid(null, null, null, null, null, null, "probe", null);
        CorrectBid? probe = field switch
        {
            "title" => none with { Title = bid.Title + " (changed)" },
            "amountRequested" => none with { AmountRequested = bid.AmountRequested + 1m },
            "sponsoringOrganisation" => none with { SponsoringOrganisation = bid.SponsoringOrganisation + " (changed)" },
            _ => null,
        };
        if (probe is null) return null;
        return WhyNot(() => Corrections.Bid(bid, status, probe));
    }

    private static CorrectRound Empty() => new(null, null, null, null, null, null, null, "probe", null);

    private static string? WhyNot(Action correct)
    {
        try
        {
            correct();
            return null;
        }
        catch (DomainException e) when (e.Refusal is Refusal.Conflict)
        {
            return e.Message;
        }
        catch (DomainException e) when (e.Refusal is Refusal.Invalid)
        {
            // Past the status check: the field may change, this probe's value was only not a good one.
            return null;
        }
    }
}
