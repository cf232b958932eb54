namespace Signaling.Limits;

/// <summary>
/// A count that must not pass a limit, kept in a plain <c>int</c> and changed without a lock: used where the count is
/// taken on one thread and given back on another (open connections, seats of the server).
/// </summary>
internal static class BoundedCount
{
    /// <summary>Adds one unless <paramref name="count"/> already reached <paramref name="limit"/>.</summary>
    public static bool TryIncrement(ref int count, int limit)
    {
        int current = Volatile.Read(ref count);
        while (current < limit)
        {
            int seen = Interlocked.CompareExchange(ref count, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    public static void Decrement(ref int count) => Interlocked.Decrement(ref count);
}
