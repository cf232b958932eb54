using System.Globalization;
using Signaling.Auth;
using Signaling.Protocol;
using Signaling.Rooms;

namespace Api.Meetings;

/// <summary>
/// Signaling's view of the meetings database: a token's participant row must belong to the token's meeting and not be
/// removed, and the meeting must not be ended (or locked, for someone who never got in); joins and leaves write the
/// attendance row; chat is stored before it is broadcast, and a joining participant gets the recent history.
/// </summary>
public sealed class MeetingSignalingHooks(
    MeetingRepository meetings,
    ParticipantRepository participants,
    ChatRepository chat,
    MeetingDirectory directory,
    AttendanceWriter attendance,
    ServerInstance instance,
    Microsoft.Extensions.Options.IOptions<MeetingsOptions> options) : IMeetingHooks
{
    public async ValueTask<ProtocolError?> AdmitAsync(JoinTokenPayload grant, CancellationToken cancellationToken)
    {
        if (!TryParseId(grant.ParticipantId, out long participantId)
            || await participants.FindAsync(participantId, cancellationToken) is not { } row
            || await meetings.FindByCodeAsync(grant.Room, cancellationToken) is not { } meeting
            || row.MeetingId != meeting.Id)
        {
            return new ProtocolError(ErrorCodes.Unauthorized, "the meeting token does not name a participant of this meeting");
        }

        if (row.Removed != 0)
        {
            return new ProtocolError(ErrorCodes.ParticipantRemoved, "the host removed you from this meeting");
        }

        if (meeting.Status == MeetingStatus.Ended)
        {
            return new ProtocolError(ErrorCodes.MeetingEnded, "this meeting has ended");
        }

        if (meeting.Locked != 0 && row.Role != JoinTokenPayload.HostRole && row.JoinedAt is null)
        {
            return new ProtocolError(ErrorCodes.MeetingLocked, "the host locked this meeting");
        }

        return null;
    }

    public async ValueTask JoinedAsync(JoinTokenPayload grant, DateTimeOffset at)
    {
        if (!TryParseId(grant.ParticipantId, out long participantId) || await directory.IdOfAsync(grant.Room) is not { } meetingId)
        {
            return;
        }

        long nowMs = at.ToUnixTimeMilliseconds();
        await participants.MarkJoinedAsync(participantId, nowMs, instance.Id);
        await meetings.MarkActiveAsync(meetingId, nowMs);
    }

    public void Left(string room, string participantId, string reason, DateTimeOffset at)
    {
        // A replaced participant is the same row continuing on a newer connection: its attendance goes on.
        if (reason != LeaveReasons.Replaced && TryParseId(participantId, out long id))
        {
            attendance.Enqueue(room, id, reason, at);
        }
    }

    public async ValueTask SaveChatAsync(string room, string participantId, string name, string text, DateTimeOffset sentAt)
    {
        if (!TryParseId(participantId, out long id) || await directory.IdOfAsync(room) is not { } meetingId)
        {
            throw new InvalidOperationException($"participant {participantId} of {room} is not in the meetings database");
        }

        await chat.AddAsync(meetingId, id, name, text, sentAt.ToUnixTimeMilliseconds());
    }

    public async ValueTask<IReadOnlyList<ChatBroadcastMessage>> RecentChatAsync(string room, CancellationToken cancellationToken)
    {
        if (await directory.IdOfAsync(room, cancellationToken) is not { } meetingId)
        {
            return [];
        }

        IReadOnlyList<ChatRow> rows = await chat.PageAsync(meetingId, long.MaxValue, options.Value.ChatHistoryOnJoin, cancellationToken);
        var messages = new List<ChatBroadcastMessage>(rows.Count);
        foreach (ChatRow row in rows)
        {
            messages.Add(new ChatBroadcastMessage
            {
                Id = "h" + row.Id.ToString(CultureInfo.InvariantCulture),
                ParticipantId = row.ParticipantId.ToString(CultureInfo.InvariantCulture),
                Name = row.DisplayName,
                Text = row.Text,
                SentAt = DateTimeOffset.FromUnixTimeMilliseconds(row.SentAt),
                History = true,
            });
        }

        return messages;
    }

    private static bool TryParseId(string? participantId, out long id) =>
        long.TryParse(participantId, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}
