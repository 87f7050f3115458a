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
}
