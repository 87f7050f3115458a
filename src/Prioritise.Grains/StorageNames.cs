namespace Prioritise.Grains;

public static class StorageNames
{
    /// <summary>The grain storage provider every grain persists through (SQLite or PostgreSQL).</summary>
    public const string Default = "prioritise";
}
