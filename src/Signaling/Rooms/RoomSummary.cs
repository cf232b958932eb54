namespace Signaling.Rooms;

/// <summary>A room as operators see it (<c>GET /api/rooms</c>).</summary>
public sealed class RoomSummary
{
    public required string Id { get; init; }

    public required IReadOnlyList<ParticipantSummary> Participants { get; init; }
}

public sealed class ParticipantSummary
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>False while the participant's socket is down and it may still resume (grace period).</summary>
    public bool Connected { get; init; }
}
