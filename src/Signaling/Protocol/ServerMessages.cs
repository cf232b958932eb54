using System.Text.Json.Serialization;

namespace Signaling.Protocol;

/// <summary>A message to the browser. <see cref="Id"/> echoes the client's request id in direct replies.</summary>
public abstract class ServerMessage
{
    [JsonPropertyOrder(-10)]
    public abstract string Type { get; }

    [JsonPropertyOrder(-9)]
    public string? Id { get; init; }
}

public sealed class JoinedMessage : ServerMessage
{
    public override string Type => MessageTypes.Joined;

    public required string ParticipantId { get; init; }

    public required string Name { get; init; }

    public required string Room { get; init; }

    public required string ResumeToken { get; init; }

    /// <summary>True when this join re-attached to a participant that was still in the room (same media session).</summary>
    public bool Resumed { get; init; }

    /// <summary>The other participants, with their published tracks.</summary>
    public required IReadOnlyList<ParticipantInfo> Participants { get; init; }

    public required IReadOnlyList<IceServerInfo> IceServers { get; init; }

    public string? ActiveSpeaker { get; init; }
}

public sealed class ParticipantInfo
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<TrackInfo> Tracks { get; init; }
}

public sealed class TrackInfo
{
    public required string TrackId { get; init; }

    public required string StreamId { get; init; }

    public required string Kind { get; init; }

    public required string Source { get; init; }

    public bool Muted { get; init; }
}

public sealed class IceServerInfo
{
    public required IReadOnlyList<string> Urls { get; init; }

    public string? Username { get; init; }

    public string? Credential { get; init; }
}

/// <summary>An SDP from the server: <c>answer</c> to a browser offer, or a server <c>offer</c>.</summary>
public sealed class ServerSdpMessage(string type, string sdp) : ServerMessage
{
    public override string Type { get; } = type;

    public string Sdp { get; } = sdp;
}

public sealed class ParticipantJoinedMessage : ServerMessage
{
    public override string Type => MessageTypes.ParticipantJoined;

    public required string ParticipantId { get; init; }

    public required string Name { get; init; }
}

public sealed class ParticipantLeftMessage : ServerMessage
{
    public override string Type => MessageTypes.ParticipantLeft;

    public required string ParticipantId { get; init; }

    public required string Reason { get; init; }
}

public sealed class TrackPublishedMessage : ServerMessage
{
    public override string Type => MessageTypes.TrackPublished;

    public required string ParticipantId { get; init; }

    public required string TrackId { get; init; }

    public required string StreamId { get; init; }

    public required string Kind { get; init; }

    public required string Source { get; init; }

    public bool Muted { get; init; }
}

public sealed class TrackUnpublishedMessage : ServerMessage
{
    public override string Type => MessageTypes.TrackUnpublished;

    public required string ParticipantId { get; init; }

    public required string TrackId { get; init; }
}

public sealed class TrackMutedMessage : ServerMessage
{
    public override string Type => MessageTypes.TrackMuted;

    public required string ParticipantId { get; init; }

    public required string TrackId { get; init; }

    public bool Muted { get; init; }
}

public sealed class ActiveSpeakerMessage : ServerMessage
{
    public override string Type => MessageTypes.ActiveSpeaker;

    public required string ParticipantId { get; init; }
}

/// <summary>A chat line as everyone in the room (the sender too) receives it; <see cref="ServerMessage.Id"/> is the server's message id.</summary>
public sealed class ChatBroadcastMessage : ServerMessage
{
    public override string Type => MessageTypes.Chat;

    public required string ParticipantId { get; init; }

    public required string Name { get; init; }

    public required string Text { get; init; }

    public required DateTimeOffset SentAt { get; init; }

    /// <summary>True on messages sent before this participant joined (the recent history a late joiner gets).</summary>
    public bool? History { get; init; }
}

public sealed class PongMessage : ServerMessage
{
    public override string Type => MessageTypes.Pong;
}

/// <summary>Server-initiated end of participation; the server closes the socket after it.</summary>
public sealed class LeaveMessage : ServerMessage
{
    public override string Type => MessageTypes.Leave;

    public required string Reason { get; init; }
}

public sealed class ErrorMessage : ServerMessage
{
    public override string Type => MessageTypes.Error;

    public required string Code { get; init; }

    public required string Message { get; init; }

    public string? Field { get; init; }
}
