using Microsoft.Extensions.Logging;
using Sfu.Engine;
using Signaling.Diagnostics;
using Signaling.Protocol;

namespace Signaling.Rooms;

/// <summary>
/// Server-initiated leaves: kick, end of a meeting, server shutdown. The participant's connection gets
/// <c>leave {reason}</c> and is closed; a participant that was reconnecting (grace period) is told when it tries to
/// resume (<see cref="DepartureLog"/>), instead of silently becoming a new participant.
/// </summary>
internal sealed class ServerLeaves(RoomRegistry registry, RoomDirectory directory, DepartureLog departures, ILogger logger)
{
    private readonly object _gate = new();
    private volatile bool _shuttingDown;

    /// <summary>True once <see cref="ShutDown"/> ran: joins and resumes get <c>leave {reason: "serverShutdown"}</c>.</summary>
    public bool IsShuttingDown => _shuttingDown;

    /// <summary>Server-initiated leave of one participant: <c>leave {reason}</c> to it, <c>participantLeft {reason}</c> to the others.</summary>
    public bool Kick(string roomId, string participantId, string reason = LeaveReasons.Kicked)
    {
        Participant? participant = null;
        if (directory.FindRoom(roomId) is { } room)
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
        departures.Remember(participant.ResumeToken, reason);
        if (registry.Remove(participant, reason, notifySelf: true))
        {
            return true;
        }

        departures.Forget(participant.ResumeToken);
        return false;
    }

    /// <summary>
    /// Ends a meeting: every participant gets <c>leave {reason}</c> and is removed at once (nobody is sent
    /// <c>participantLeft</c>, everyone is leaving). Returns how many were removed.
    /// </summary>
    public int EndMeeting(string roomId, string reason = LeaveReasons.MeetingEnded) =>
        directory.FindRoom(roomId) is { } room ? EndRoom(room, reason, remember: true) : 0;

    /// <summary>
    /// The host is stopping: every participant of every room gets <c>leave {reason: "serverShutdown"}</c>, and later
    /// joins are refused the same way. Idempotent; returns how many participants were removed by this call.
    /// </summary>
    public int ShutDown()
    {
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return 0;
            }

            _shuttingDown = true;
        }

        // Rooms opened from here on are refused: joins read the flag under their room's lock.
        Room[] rooms = directory.Snapshot();

        int removed = 0;
        foreach (Room room in rooms)
        {
            removed += EndRoom(room, LeaveReasons.ServerShutdown, remember: false);
        }

        SignalingLog.ServerShuttingDown(logger, removed);
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

        return departures.ReasonFor(resumeToken);
    }

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
                    departures.Remember(participant.ResumeToken, reason);
                }

                if (registry.DetachForRemovalLocked(participant, reason, notifySelf: true, tellOthers: false) is { } session)
                {
                    sessions.Add(session);
                }

                removed.Add(participant);
            }
        }

        foreach (IPeerSession session in sessions)
        {
            registry.DisposeQuietly(session);
        }

        directory.TryCloseRoom(room);
        foreach (Participant participant in removed)
        {
            SignalingLog.ParticipantRemoved(logger, room.Id, participant.Id, reason);
            registry.RecordLeft(participant, reason);
        }

        return removed.Count;
    }
}
