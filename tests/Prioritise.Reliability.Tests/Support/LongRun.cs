namespace Prioritise.Reliability.Tests.Support;

/// <summary>
/// The switch for the long variants: <c>PRIORITISE_LONG_TESTS=1 dotnet test</c> runs more crash
/// cycles and more concurrent clients. The default run stays short enough for every commit.
/// </summary>
public static class LongRun
{
    public const string Variable = "PRIORITISE_LONG_TESTS";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) is "1" or "true" or "yes";

    /// <summary><paramref name="normal"/> in the default run, <paramref name="long"/> with the switch on.</summary>
    public static int Pick(int normal, int @long) => Enabled ? @long : normal;

    /// <summary>A seed from the environment (to replay a failure), else the fixed default.</summary>
    public static int Seed(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var seed) ? seed : fallback;
}
