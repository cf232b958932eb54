namespace Api.Meetings;

/// <summary>Body of <c>POST /api/meetings</c>.</summary>
public sealed class CreateMeetingRequest
{
    public string? Title { get; set; }

    /// <summary>Whether people without an account may join by link (default true).</summary>
    public bool? AllowGuests { get; set; }
}

/// <summary>Body of <c>POST /api/meetings/{code}/join</c>.</summary>
public sealed class JoinMeetingRequest
{
    /// <summary>The name others see; required for guests, a signed-in user's account name otherwise.</summary>
    public string? DisplayName { get; set; }

    /// <summary>A random secret a guest's browser keeps, so that a removed guest cannot simply join again.</summary>
    public string? GuestKey { get; set; }
}

public sealed record MeetingResponse(
    string Code,
    string Title,
    string Status,
    bool AllowGuests,
    bool Locked,
    bool IsHost,
    string Url,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? EndReason)
{
    public static MeetingResponse From(MeetingRow row, long? viewerId) => new(
        row.Code,
        row.Title,
        row.Status,
        row.AllowGuests != 0,
        row.Locked != 0,
        viewerId == row.HostUserId,
        "/m/" + row.Code,
        DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        Time(row.StartedAt),
        Time(row.EndedAt),
        row.EndReason);

    internal static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}

public sealed record MeetingListResponse(IReadOnlyList<MeetingResponse> Meetings);

public sealed record JoinMeetingResponse(string Token, string Code, string ParticipantId, string DisplayName, string Role, DateTimeOffset ExpiresAt);

public sealed record AttendanceEntry(string Id, string Name, string Role, long? UserId, DateTimeOffset? JoinedAt, DateTimeOffset? LeftAt, string? LeaveReason, bool Removed)
{
    public static AttendanceEntry From(ParticipantRow row) => new(
        row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        row.DisplayName,
        row.Role,
        row.UserId,
        MeetingResponse.Time(row.JoinedAt),
        MeetingResponse.Time(row.LeftAt),
        row.LeaveReason,
        row.Removed != 0);
}

public sealed record AttendanceResponse(IReadOnlyList<AttendanceEntry> Participants);

public sealed record ChatEntry(long Id, string ParticipantId, string Name, string Text, DateTimeOffset SentAt);

/// <summary>A page of chat, oldest first; <see cref="NextBefore"/> asks for the page before it (null: no more).</summary>
public sealed record ChatPageResponse(IReadOnlyList<ChatEntry> Messages, long? NextBefore);
