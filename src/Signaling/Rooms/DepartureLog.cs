using System.Collections.Concurrent;

namespace Signaling.Rooms;

/// <summary>
/// Resume tokens of participants the server removed (kicked, meeting ended), with why and when, kept for the reconnect
/// grace period: a participant whose socket was down learns why on its resume, instead of silently joining again.
/// </summary>
internal sealed class DepartureLog(TimeProvider time, TimeSpan keepFor)
{
    private readonly ConcurrentDictionary<string, Departure> _departures = new(StringComparer.Ordinal);

    public void Remember(string resumeToken, string reason)
    {
        long now = time.GetTimestamp();
        foreach (KeyValuePair<string, Departure> entry in _departures)
        {
            if (IsExpired(entry.Value, now))
            {
                _departures.TryRemove(entry);
            }
        }

        _departures[resumeToken] = new Departure(reason, now);
    }

    public void Forget(string resumeToken) => _departures.TryRemove(resumeToken, out _);

    /// <summary>Why the participant of <paramref name="resumeToken"/> was removed, if it was within the grace period.</summary>
    public string? ReasonFor(string resumeToken) =>
        _departures.TryGetValue(resumeToken, out Departure departure) && !IsExpired(departure, time.GetTimestamp()) ? departure.Reason : null;

    private bool IsExpired(Departure departure, long now) => time.GetElapsedTime(departure.At, now) > keepFor;

    private readonly record struct Departure(string Reason, long At);
}
