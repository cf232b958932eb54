using System.Collections.Concurrent;
using System.Net.WebSockets;
using Sfu.Engine;
using Signaling.Diagnostics;
using Signaling.Protocol;

namespace Signaling.Rooms;

/// <summary>
/// Server-initiated leaves: kick, end of a meeting, server shutdown. The participant's connection gets
/// <c>leave {reason}</c> and is closed; a participant that was reconnecting (grace period) is told when it tries to
/// resume, instead of silently becoming a new participant.
/// </summary>
public sealed partial class RoomRegistry
{
    /// <summary>Resume tokens of participants the server removed, with why and when; kept for the reconnect grace period.</summary>
    private readonly ConcurrentDictionary<string, Departure> _departures = new(StringComparer.Ordinal);

    private volatile bool _shuttingDown;

    /// <summary>True once <see cref="ShutDown"/> ran: joins and resumes get <c>leave {reason: "serverShutdown"}</c>.</summary>
    public bool IsShuttingDown => _shuttingDown;

    /// <summary>Server-initiated leave of one participant: <c>leave {reason}</c> to it, <c>participantLeft {reason}</c> to the others.</summary>
    public bool Kick(string roomId, string participantId, string reason = LeaveReasons.Kicked)
    {
        Participant? participant = null;
        if (FindRoom(roomId) is { } room)
        {
            lock (room.Sync)
            {
                participant = room.Participants.GetValueOrDefault(participantId);
            }
        }

        if (participant is null)
        {
            return false;
        }

        // Recorded first, so a resume racing with the removal already finds it.
        RememberDeparture(participant.ResumeToken, reason);
        if (Remove(participant, reason, notifySelf: true))
        {
            return true;
        }

        _departures.TryRemove(participant.ResumeToken, out _);
        return false;
    }

    /// <summary>
    /// Ends a meeting: every participant gets <c>leave {reason}</c> and is removed at once (nobody is sent
    /// <c>participantLeft</c>, everyone is leaving). Returns how many were removed.
    /// </summary>
    public int EndMeeting(string roomId, string reason = LeaveReasons.MeetingEnded) =>
        FindRoom(roomId) is { } room ? EndRoom(room, reason, remember: true) : 0;

    /// <summary>
    /// The host is stopping: every participant of every room gets <c>leave {reason: "serverShutdown"}</c>, and later
    /// joins are refused the same way. Idempotent; returns how many participants were removed by this call.
    /// </summary>
    public int ShutDown()
    {
        List<Room> rooms;
        lock (_sync)
        {
            if (_shuttingDown)
            {
                return 0;
            }

            _shuttingDown = true;
            rooms = [.. _rooms.Values];
        }

        int removed = 0;
        foreach (Room room in rooms)
        {
            removed += EndRoom(room, LeaveReasons.ServerShutdown, remember: false);
        }

        SignalingLog.ServerShuttingDown(_logger, removed);
        return removed;
    }

    /// <summary>
    /// Why the server removed the participant of <paramref name="resumeToken"/>, if it did so within the reconnect grace
    /// period (a participant kicked while its socket was down learns it on its resume), or <c>serverShutdown</c>.
    /// </summary>
    public string? DepartureReason(string resumeToken)
    {
        if (_shuttingDown)
        {
            return LeaveReasons.ServerShutdown;
        }

        return _departures.TryGetValue(resumeToken, out Departure departure) && !IsExpired(departure, _time.GetTimestamp())
            ? departure.Reason
            : null;
    }

    /// <summary>The close status after a server-initiated <c>leave</c>: 1001 (going away) when the server stops, else 1000.</summary>
    internal static WebSocketCloseStatus CloseStatusFor(string reason) =>
        reason == LeaveReasons.ServerShutdown ? WebSocketCloseStatus.EndpointUnavailable : WebSocketCloseStatus.NormalClosure;

    private int EndRoom(Room room, string reason, bool remember)
    {
        var removed = new List<Participant>();
        var sessions = new List<IPeerSession>();
        lock (room.Sync)
        {
            foreach (Participant participant in room.Participants.Values.ToArray())
            {
                if (remember)
                {
                    RememberDeparture(participant.ResumeToken, reason);
                }

                if (DetachForRemovalLocked(participant, reason, notifySelf: true, tellOthers: false) is { } session)
                {
                    sessions.Add(session);
                }

                removed.Add(participant);
            }
        }

        foreach (IPeerSession session in sessions)
        {
            DisposeQuietly(session);
        }

        TryCloseRoom(room);
        foreach (Participant participant in removed)
        {
            SignalingLog.ParticipantRemoved(_logger, room.Id, participant.Id, reason);
        }

        return removed.Count;
    }

    private void RememberDeparture(string resumeToken, string reason)
    {
        long now = _time.GetTimestamp();
        foreach (KeyValuePair<string, Departure> entry in _departures)
        {
            if (IsExpired(entry.Value, now))
            {
                _departures.TryRemove(entry);
            }
        }

        _departures[resumeToken] = new Departure(reason, now);
    }

    private bool IsExpired(Departure departure, long now) => _time.GetElapsedTime(departure.At, now) > _options.ReconnectGrace;

    private readonly record struct Departure(string Reason, long At);
}
