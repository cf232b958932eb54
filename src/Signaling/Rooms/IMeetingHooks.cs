using Signaling.Auth;
using Signaling.Protocol;

namespace Signaling.Rooms;

/// <summary>
/// The meetings store's say in signaling (implemented by the meetings API, src/Api/Meetings): whether a token's
/// participant may still join (meeting not ended or locked, participant not removed), the attendance record of joins and
/// leaves, and chat kept before it is broadcast. When no implementation is registered, signaling keeps nothing.
/// </summary>
public interface IMeetingHooks
{
    /// <summary>Null when the participant of <paramref name="grant"/> may join now; otherwise the error to send.</summary>
    ValueTask<ProtocolError?> AdmitAsync(JoinTokenPayload grant, CancellationToken cancellationToken);

    /// <summary>The participant is in the room: its attendance row gets its join time, the meeting becomes active.</summary>
    ValueTask JoinedAsync(JoinTokenPayload grant, DateTimeOffset at);

    /// <summary>The participant left the room for good (any reason). Must not block: called under no lock, on any thread.</summary>
    void Left(string room, string participantId, string reason, DateTimeOffset at);

    /// <summary>Stores a chat message; the broadcast waits for it so that nothing is shown that was not kept.</summary>
    ValueTask SaveChatAsync(string room, string participantId, string name, string text, DateTimeOffset sentAt);

    /// <summary>The most recent chat of the meeting, oldest first, for a participant that just joined.</summary>
    ValueTask<IReadOnlyList<ChatBroadcastMessage>> RecentChatAsync(string room, CancellationToken cancellationToken);
}
