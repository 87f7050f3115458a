namespace Prioritise.Grains;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Replaces the state and writes it; if the write fails the grain keeps its previous state, so a
    /// refused or failed write never leaves memory ahead of storage.
    /// </summary>
    public static async Task Commit<T>(this IPersistentState<T> store, T next)
    {
        var previous = store.State;
        store.State = next;
        try { await store.WriteStateAsync(); }
        catch { store.State = previous; throw; }
    }
}
