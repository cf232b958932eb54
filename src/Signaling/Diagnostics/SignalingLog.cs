using Microsoft.Extensions.Logging;

namespace Signaling.Diagnostics;

/// <summary>Source-generated log messages of the signaling layer.</summary>
internal static partial class SignalingLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Participant {ParticipantId} joined room {RoomId}")]
    public static partial void ParticipantJoined(ILogger logger, string roomId, string participantId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Participant {ParticipantId} resumed in room {RoomId}")]
    public static partial void ParticipantResumed(ILogger logger, string roomId, string participantId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Participant {ParticipantId} in room {RoomId} lost its connection; waiting for a resume")]
    public static partial void ParticipantDetached(ILogger logger, string roomId, string participantId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Participant {ParticipantId} left room {RoomId}: {Reason}")]
    public static partial void ParticipantRemoved(ILogger logger, string roomId, string participantId, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Creating the media session of {ParticipantId} in room {RoomId} failed")]
    public static partial void CreatePeerFailed(ILogger logger, string roomId, string participantId, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Disposing the media session of {ParticipantId} in room {RoomId} failed")]
    public static partial void SessionDisposeFailed(ILogger logger, string roomId, string participantId, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Negotiation with {ParticipantId} failed: {Reason}")]
    public static partial void NegotiationFailed(ILogger logger, string participantId, string reason);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "The engine failed on a message from {ParticipantId}")]
    public static partial void EngineError(ILogger logger, string participantId, Exception exception);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "Protocol error {Code} on connection {ConnectionId}: {Message}")]
    public static partial void ProtocolError(ILogger logger, string connectionId, string code, string message);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Join refused on connection {ConnectionId}: {Reason}")]
    public static partial void JoinRefused(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "Connection {ConnectionId} opened from {Remote}")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, string? remote);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug, Message = "Connection {ConnectionId} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Connection {ConnectionId} is too slow (outbound queue full); discarding its backlog and closing it")]
    public static partial void ConnectionTooSlow(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Connection {ConnectionId} failed")]
    public static partial void ConnectionFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Warning, Message = "Signaling:TokenKey is not set: join tokens use a random key and do not survive a restart")]
    public static partial void RandomTokenKey(ILogger logger);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning, Message = "Refused a WebSocket from origin {Origin}: not this server and not in Signaling:AllowedOrigins")]
    public static partial void OriginRefused(ILogger logger, string origin);

    [LoggerMessage(EventId = 3019, Level = LogLevel.Information, Message = "The server is stopping: {Count} participants were told to leave (serverShutdown)")]
    public static partial void ServerShuttingDown(ILogger logger, int count);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Refused a WebSocket from {Remote}: {Max} signaling connections are open (Signaling:MaxConnections)")]
    public static partial void ConnectionRefusedAtCap(ILogger logger, int max, string? remote);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Participant {ParticipantId} in room {RoomId} gave up its seat to a join that found the {Scope} full: {Reason}")]
    public static partial void SeatReclaimed(ILogger logger, string roomId, string participantId, string scope, string reason);

    [LoggerMessage(EventId = 3100, Level = LogLevel.Error, Message = "Chat of participant {ParticipantId} in meeting {RoomId} could not be stored; it was not broadcast")]
    public static partial void ChatNotStored(ILogger logger, string roomId, string participantId, Exception exception);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "The meetings store failed while admitting participant {ParticipantId} to meeting {RoomId}")]
    public static partial void AdmissionFailed(ILogger logger, string roomId, string? participantId, Exception exception);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "The meetings store failed to record participant {ParticipantId} of meeting {RoomId}: {Event}")]
    public static partial void AttendanceFailed(ILogger logger, string roomId, string participantId, string @event, Exception exception);
}
