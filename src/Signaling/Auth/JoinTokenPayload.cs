using System.Text.Json.Serialization;

namespace Signaling.Auth;

/// <summary>
/// What a join token grants: joining <see cref="Room"/> as <see cref="Name"/>, optionally as a fixed participant id
/// (when the meetings API knows the participant), until <see cref="Exp"/> (Unix seconds).
/// </summary>
public sealed record JoinTokenPayload(
    string Room,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ParticipantId,
    long Exp);

/// <summary>Body of <c>POST /api/join-token</c>.</summary>
public sealed class JoinTokenRequest
{
    public string? Room { get; set; }

    public string? Name { get; set; }
}

public sealed class JoinTokenResponse
{
    public required string Token { get; init; }

    public required string Room { get; init; }

    public required string Name { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }
}
