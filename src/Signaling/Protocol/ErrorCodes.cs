namespace Signaling.Protocol;

/// <summary>The <c>code</c> values of <c>error</c> messages (see docs/signaling.md).</summary>
public static class ErrorCodes
{
    public const string BadJson = "bad_json";
    public const string UnknownType = "unknown_type";
    public const string BadRequest = "bad_request";
    public const string Unauthorized = "unauthorized";
    public const string NotJoined = "not_joined";
    public const string AlreadyJoined = "already_joined";
    public const string Glare = "glare";
    public const string NegotiationFailed = "negotiation_failed";
    public const string TooLarge = "too_large";
    public const string RateLimited = "rate_limited";
    public const string RoomFull = "room_full";

    /// <summary>The server has <c>Signaling:MaxParticipants</c> participants and none could give up its seat.</summary>
    public const string ServerFull = "server_full";

    /// <summary>The join would open a room beyond <c>Signaling:MaxRooms</c> and no room could be reclaimed.</summary>
    public const string TooManyRooms = "too_many_rooms";

    /// <summary>HTTP 503 before the WebSocket upgrade: <c>Signaling:MaxConnections</c> sockets are open.</summary>
    public const string TooManyConnections = "too_many_connections";

    /// <summary>The meeting of the token has ended: joining it again cannot work.</summary>
    public const string MeetingEnded = "meeting_ended";

    /// <summary>The host locked the meeting: nobody new joins until it is unlocked.</summary>
    public const string MeetingLocked = "meeting_locked";

    /// <summary>The host removed this participant from the meeting; it cannot join that meeting again.</summary>
    public const string ParticipantRemoved = "participant_removed";

    /// <summary>The meetings store did not take the chat message (database unreachable): it was not broadcast.</summary>
    public const string ChatNotStored = "chat_not_stored";
}
