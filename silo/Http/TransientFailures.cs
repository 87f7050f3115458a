using Orleans.Storage;

namespace Prioritise.Silo;

/// <summary>
/// Failures that say "not now" rather than "no": in a cluster, a silo died while a grain it held
/// was being called, or the grain is being re-placed on another silo and its stale copy lost the
/// race to write (which changed nothing). The caller may send the same request again after a
/// moment, so the answer is 503 with Retry-After rather than a bare 500.
/// </summary>
public static class TransientFailures
{
    public static bool Is(Exception e) => e switch
    {
        SiloUnavailableException => true,           // the silo holding the grain is gone
        OrleansMessageRejectionException => true,   // the message could not be delivered
        InconsistentStateException => true,         // a stale copy of the grain lost a write race; it is deactivated
        GatewayTooBusyException => true,
        TimeoutException => true,                   // no answer in time (a silo stopped mid-call)
        Npgsql.NpgsqlException { IsTransient: true } => true, // the cluster's database is briefly away
        AggregateException { InnerExceptions.Count: 1 } a => Is(a.InnerExceptions[0]),
        _ => false,
    };
}
