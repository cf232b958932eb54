using System.Globalization;
using Signaling.Protocol;
using Signaling.Rooms;

namespace Api.Meetings;

/// <summary>What removing a participant found: whether the meeting has that participant, and whether it was connected.</summary>
public readonly record struct RemovalOutcome(bool Found, bool WasConnected);

/// <summary>
/// Removing a participant and ending a meeting: the one mechanism behind the host's endpoints and the operator API.
/// The database changes first (the row closed with reason <c>removed</c> and banned, or the meeting <c>ended</c>), so
/// that a join racing the disconnect is refused by the admission check; then signaling tells whoever is connected.
/// </summary>
public sealed class MeetingModeration(MeetingRepository meetings, ParticipantRepository participants, RoomRegistry rooms, TimeProvider time, ILogger<MeetingModeration> logger)
{
    /// <summary>Removes <paramref name="participantId"/> from <paramref name="meeting"/>: banned, its row closed, its session sent <c>leave {reason: "kicked"}</c>.</summary>
    public async Task<RemovalOutcome> RemoveAsync(MeetingRow meeting, string participantId, CancellationToken cancellationToken)
    {
        if (FindId(participantId) is not { } id
            || await participants.FindAsync(id, cancellationToken) is not { } row
            || row.MeetingId != meeting.Id)
        {
            return new RemovalOutcome(false, false);
        }

        await participants.RemoveAsync(meeting.Id, id, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        return new RemovalOutcome(true, rooms.Kick(meeting.Code, participantId, LeaveReasons.Kicked));
    }

    /// <summary>
    /// Ends the meeting for good with <paramref name="reason"/> (<see cref="MeetingEndReasons"/>) and sends everyone
    /// connected <c>leave {reason: "meetingEnded"}</c>. Returns how many were connected; null when it had already ended.
    /// </summary>
    public async Task<int?> EndAsync(MeetingRow meeting, string reason, CancellationToken cancellationToken)
    {
        if (!await meetings.EndAsync(meeting.Id, reason, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken))
        {
            return null;
        }

        int disconnected = rooms.EndMeeting(meeting.Code, LeaveReasons.MeetingEnded);
        ApiLog.MeetingEnded(logger, meeting.Code, reason);
        return disconnected;
    }

    /// <summary>A participant id as the API shows it (the row id in decimal), or null for anything else.</summary>
    public static long? FindId(string participantId) =>
        long.TryParse(participantId, NumberStyles.None, CultureInfo.InvariantCulture, out long id) && id > 0 ? id : null;
}
