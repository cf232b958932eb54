using Signaling.Diagnostics;
using Signaling.Protocol;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary>
/// <c>chat</c>: rate-limited per participant, stamped by the server, stored by the meetings store (when there is one)
/// before it is sent to everyone in the room (the sender too), so nobody sees a message a late joiner would not.
/// </summary>
internal sealed class ChatHandler : AsyncJoinedMessageHandler<ChatMessage>
{
    protected override async ValueTask HandleAsync(SignalingSession session, Participant participant, ChatMessage message)
    {
        string text = message.Text!.Trim();
        int limit = session.Services.Options.MaxChatLength;
        if (text.Length > limit)
        {
            session.SendError(ProtocolError.BadField("text", $"'text' is longer than {limit} characters"), message.Id);
            return;
        }

        Room room = participant.Room;
        bool allowed;
        lock (room.Sync)
        {
            allowed = participant.ChatLimiter.TryTake();
        }

        if (!allowed)
        {
            session.SendError(new ProtocolError(ErrorCodes.RateLimited, "too many chat messages; wait a moment"), message.Id);
            return;
        }

        DateTimeOffset sentAt = session.Services.Time.GetUtcNow();
        if (session.Services.Meetings is { } meetings)
        {
            try
            {
                await meetings.SaveChatAsync(room.Id, participant.Id, participant.Name, text, sentAt);
            }
            catch (Exception e)
            {
                SignalingLog.ChatNotStored(session.Services.Logger, room.Id, participant.Id, e);
                session.SendError(new ProtocolError(ErrorCodes.ChatNotStored, "the message could not be stored; try again"), message.Id);
                return;
            }
        }

        lock (room.Sync)
        {
            room.BroadcastLocked(new ChatBroadcastMessage
            {
                Id = room.NextChatIdLocked(),
                ParticipantId = participant.Id,
                Name = participant.Name,
                Text = text,
                SentAt = sentAt,
            });
        }
    }
}
