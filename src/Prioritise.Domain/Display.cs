namespace Prioritise.Domain;

/// <summary>
/// Rounding for display only, half away from zero as spreadsheets do. Doubles go through decimal
/// first: the conversion keeps 15 significant digits, so 8.65 computed as 8.6499999999 shows as
/// 8.7 exactly as a spreadsheet would show it.
/// </summary>
public static class Display
{
    public static decimal Round(double value, int decimals) =>
        Math.Round((decimal)value, decimals, MidpointRounding.AwayFromZero);

    public static decimal Round(decimal value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    public static decimal? Round(double? value, int decimals) =>
        value is { } v ? Round(v, decimals) : null;

    /// <summary>Pounds to GBP 000s as the board table shows them (1,559).</summary>
    public static decimal Thousands(decimal pounds) => Round(pounds / 1000m, 0);

    /// <summary>A figure as the board table prints it: rounded, then exactly that many decimals ("7.0", "0.08"); null where there is none.</summary>
    public static string? Fixed(double? value, int decimals) =>
        value is { } v ? Round(v, decimals).ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Pounds as GBP 000s with a thousands separator, as the board table prints them ("1,559").</summary>
    /// <summary>
    /// Money as a person reads it: "£65,000" for whole pounds, "£65,000.50" otherwise, never rounded
    /// to the pound (a pot of £142,743.40 and headroom of £57,256.60 must add up on the page).
    /// </summary>
    public static string Pounds(decimal pounds) =>
        "£" + pounds.ToString(decimal.Truncate(pounds) == pounds ? "N0" : "N2", System.Globalization.CultureInfo.InvariantCulture);

    public static string ThousandsText(decimal pounds) =>
        Thousands(pounds).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
