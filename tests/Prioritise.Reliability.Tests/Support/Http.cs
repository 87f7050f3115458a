namespace Prioritise.Reliability.Tests.Support;

public static class Http
{
    /// <summary>True for the ways a request can end without an answer: the process died under it.</summary>
    public static bool NoAnswer(Exception e) => e is HttpRequestException or TaskCanceledException or IOException;
}
