namespace Prioritise.Domain;

/// <summary>Money is decimal pounds, at most two decimal places, never rounded in storage.</summary>
public static class Money
{
    /// <summary>Far above any public-sector pot; stops absurd values reaching arithmetic.</summary>
    public const decimal Maximum = 1_000_000_000_000m;

    public static bool HasAtMostTwoDecimals(decimal amount) => decimal.Round(amount, 2) == amount;

    public static bool IsValidPositive(decimal amount) =>
        amount > 0 && amount <= Maximum && HasAtMostTwoDecimals(amount);
}
