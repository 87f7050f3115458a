namespace Prioritise.Domain.Tests;

public class DisplayTests
{
    [Theory]
    [InlineData("65000", "£65,000")]
    [InlineData("65000.50", "£65,000.50")]
    [InlineData("65000.5", "£65,000.50")]
    [InlineData("0.01", "£0.01")]
    [InlineData("1559000", "£1,559,000")]
    [InlineData("142743.40", "£142,743.40")]
    public void Pounds_are_shown_to_the_penny_unless_whole(string amount, string expected) =>
        Assert.Equal(expected, Display.Pounds(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(2.25, 1, "2.3")]
    [InlineData(2.35, 1, "2.4")]
    [InlineData(0.125, 2, "0.13")]
    [InlineData(-0.125, 2, "-0.13")]
    [InlineData(-2.5, 0, "-3")]
    [InlineData(2.5, 0, "3")]
    [InlineData(0.5, 0, "1")]
    [InlineData(2.24, 1, "2.2")]
    [InlineData(8.7037, 1, "8.7")]
    public void Doubles_round_half_away_from_zero(double value, int decimals, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Display.Round(value, decimals));
    }

    [Fact]
    public void Half_rounds_away_from_zero_not_to_even()
    {
        // Banker's rounding would give 2.2 and 0.12 and -2.
        Assert.Equal(2.3m, Display.Round(2.25, 1));
        Assert.Equal(0.13m, Display.Round(0.125, 2));
        Assert.Equal(-3m, Display.Round(-2.5, 0));
    }

    [Fact]
    public void A_computed_8_65_just_below_the_half_still_shows_8_7()
    {
        // 8.45 + 0.2 is 8.649999999999999 in binary floating point.
        double a = 8.45, b = 0.2;
        var computed = a + b;
        Assert.True(computed < 8.65, "precondition: the double sum lands just below 8.65");
        Assert.Equal(8.7m, Display.Round(computed, 1));
    }

    [Fact]
    public void A_computed_8_6_plus_0_05_shows_8_7()
    {
        double a = 8.6, b = 0.05;
        Assert.Equal(8.7m, Display.Round(a + b, 1));
    }

    [Fact]
    public void A_computed_1_005_shows_1_01_as_a_spreadsheet_would()
    {
        // The double nearest 1.005 is 1.00499999999999989...
        Assert.Equal(1.01m, Display.Round(1.005, 2));
    }

    [Fact]
    public void Decimals_round_half_away_from_zero()
    {
        Assert.Equal(2.35m, Display.Round(2.345m, 2));
        Assert.Equal(-2.35m, Display.Round(-2.345m, 2));
        Assert.Equal(3m, Display.Round(2.5m, 0));
    }

    [Fact]
    public void Null_stays_null()
    {
        Assert.Null(Display.Round((double?)null, 1));
    }

    [Fact]
    public void Nullable_with_value_rounds()
    {
        Assert.Equal(2.3m, Display.Round((double?)2.25, 1));
    }

    [Theory]
    [InlineData("1559000", "1559")]
    [InlineData("47742", "48")]
    [InlineData("87376", "87")]
    [InlineData("1500000", "1500")]
    [InlineData("500", "1")]
    [InlineData("499.99", "0")]
    [InlineData("2445000", "2445")]
    public void Thousands_rounds_pounds_to_000s(string pounds, string expected)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal(decimal.Parse(expected, inv), Display.Thousands(decimal.Parse(pounds, inv)));
    }
}
