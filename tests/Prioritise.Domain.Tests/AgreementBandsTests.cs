using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Tests;

public class AgreementBandsTests
{
    [Theory]
    [InlineData(0.0, Agreement.High)]
    [InlineData(2.249, Agreement.High)]
    [InlineData(2.25, Agreement.Medium)]
    [InlineData(2.949, Agreement.Medium)]
    [InlineData(2.95, Agreement.Low)]
    [InlineData(4.2, Agreement.Low)]
    public void Default_bands_split_at_2_25_and_2_95(double sd, Agreement expected)
    {
        Assert.Equal(expected, AgreementBands.Default.Classify(sd));
    }

    [Fact]
    public void Default_thresholds_are_the_published_ones()
    {
        Assert.Equal(2.25, AgreementBands.Default.HighBelow);
        Assert.Equal(2.95, AgreementBands.Default.MediumBelow);
    }

    [Fact]
    public void No_sd_is_insufficient()
    {
        Assert.Equal(Agreement.Insufficient, AgreementBands.Default.Classify(null));
    }

    [Theory]
    [InlineData(0.99, Agreement.High)]
    [InlineData(1.0, Agreement.Medium)]
    [InlineData(1.99, Agreement.Medium)]
    [InlineData(2.0, Agreement.Low)]
    public void Custom_bands_are_honoured(double sd, Agreement expected)
    {
        Assert.Equal(expected, new AgreementBands(1.0, 2.0).Classify(sd));
    }

    [Fact]
    public void Equal_custom_bounds_leave_no_medium_band()
    {
        var bands = new AgreementBands(2.0, 2.0);
        Assert.Equal(Agreement.High, bands.Classify(1.999));
        Assert.Equal(Agreement.Low, bands.Classify(2.0));
    }

    [Fact]
    public void Negative_sd_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AgreementBands.Default.Classify(-0.1));
    }

    [Theory]
    [InlineData(1.0, Agreement.High)]   // Falls prevention
    [InlineData(2.2, Agreement.High)]   // Greenhouse
    [InlineData(2.4, Agreement.Medium)] // Mental health and substance misuse
    [InlineData(2.8, Agreement.Medium)] // Pulmonary rehab
    [InlineData(3.0, Agreement.Low)]    // Spirometry
    public void Published_one_decimal_sds_fall_in_the_published_bands(double sd, Agreement expected)
    {
        Assert.Equal(expected, AgreementBands.Default.Classify(sd));
    }

    [Fact]
    public void Round_without_agreement_input_gets_default_bands()
    {
        var round = ValidatorTests.ValidRound() with { Agreement = null };
        Assert.Equal(AgreementBands.Default, round.ToDefinition("r").Agreement);
    }

    [Fact]
    public void Round_with_partial_agreement_input_keeps_the_other_default()
    {
        var round = ValidatorTests.ValidRound() with { Agreement = new AgreementInput(1.5, null) };
        Assert.Equal(new AgreementBands(1.5, 2.95), round.ToDefinition("r").Agreement);
    }
}
