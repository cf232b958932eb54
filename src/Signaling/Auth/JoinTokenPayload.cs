using System.Text.Json.Serialization;

namespace Signaling.Auth;

/// <summary>
/// What a meeting token grants: joining meeting <see cref="Room"/> (its code) as <see cref="Name"/>, as participant
/// <see cref="ParticipantId"/> (the meetings API's participant row) with <see cref="Role"/> (<c>host</c> or
/// <c>guest</c>), until <see cref="Exp"/> (Unix seconds). Issued by <c>POST /api/meetings/{code}/join</c> only.
/// </summary>
public sealed record JoinTokenPayload(
    string Room,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ParticipantId,
    long Exp,
    string? Role = null)
{
    public const string HostRole = "host";
    public const string GuestRole = "guest";
}
