using Orleans.Concurrency;

namespace Prioritise.Grains;

[StatelessWorker]
public sealed class CeilingGrain : Grain, ICeilingGrain
{
    Task ICeilingGrain.Nothing() => Task.CompletedTask;
}
