namespace Prioritise.Grains;

/// <summary>
/// A grain call that does nothing: the load harness measures HTTP plus one grain call through
/// it, so sheet submission can be compared with the most the host could do.
/// </summary>
public interface ICeilingGrain : IGrainWithStringKey
{
    Task Nothing();
}
