using Signaling.Protocol;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary><c>chat</c>: rate-limited per participant, stamped by the server, sent to everyone in the room (the sender too).</summary>
internal sealed class ChatHandler : JoinedMessageHandler<ChatMessage>
{
    protected override void Handle(SignalingSession session, Participant participant, ChatMessage message)
    {
        string text = message.Text!.Trim();
        int limit = session.Services.Options.MaxChatLength;
        if (text.Length > limit)
        {
            session.SendError(ProtocolError.BadField("text", $"'text' is longer than {limit} characters"), message.Id);
            return;
        }

        Room room = participant.Room;
        lock (room.Sync)
        {
            if (!participant.ChatLimiter.TryTake())
            {
                session.SendError(new ProtocolError(ErrorCodes.RateLimited, "too many chat messages; wait a moment"), message.Id);
                return;
            }

            room.BroadcastLocked(new ChatBroadcastMessage
            {
                Id = room.NextChatIdLocked(),
                ParticipantId = participant.Id,
                Name = participant.Name,
                Text = text,
                SentAt = session.Services.Time.GetUtcNow(),
            });
        }
    }
}
