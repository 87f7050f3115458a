namespace Prioritise.Grains.Storage;

/// <summary>The names silos and clients (the CLI) must agree on to find each other and the same rows.</summary>
public static class ClusterIdentity
{
    /// <summary>Stored rows are keyed by service id: it must stay the same across restarts, versions and stores.</summary>
    public const string ServiceId = "prioritise";

    /// <summary>The embedded default's cluster of one (localhost clustering).</summary>
    public const string EmbeddedClusterId = "prioritise-embedded";

    /// <summary>The cluster id of cluster mode unless Prioritise:ClusterId says otherwise.</summary>
    public const string DefaultClusterId = "prioritise";

    /// <summary>The ADO.NET invariant Orleans' PostgreSQL providers (clustering and storage) load Npgsql by.</summary>
    public const string PostgresInvariant = "Npgsql";
}
