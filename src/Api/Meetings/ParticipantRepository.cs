using System.Data.Common;
using Api.Persistence;
using Dapper;

namespace Api.Meetings;

/// <summary>A row of <c>participants</c>: one join of one person (a signed-in user or a guest) to a meeting.</summary>
public sealed class ParticipantRow
{
    public long Id { get; set; }

    public long MeetingId { get; set; }

    public long? UserId { get; set; }

    public string? GuestKey { get; set; }

    public string DisplayName { get; set; } = "";

    public string Role { get; set; } = "";

    public long CreatedAt { get; set; }

    public long? JoinedAt { get; set; }

    public long? LeftAt { get; set; }

    public string? LeaveReason { get; set; }

    public int Removed { get; set; }
}

/// <summary>
/// Attendance: a row is written when the meetings API issues a meeting token, gets its join time when signaling admits
/// it and is closed (left time and reason) when it leaves, drops or the server stops.
/// </summary>
public sealed class ParticipantRepository(MeetingsDatabase database)
{
    private const string Columns = "id, meeting_id, user_id, guest_key, display_name, role, created_at, joined_at, left_at, leave_reason, removed";

    public async Task<long> AddAsync(long meetingId, long? userId, string? guestKey, string displayName, string role, long nowMs, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO participants (meeting_id, user_id, guest_key, display_name, role, created_at, removed) " +
            "VALUES (@meetingId, @userId, @guestKey, @displayName, @role, @nowMs, 0) RETURNING id",
            new { meetingId, userId, guestKey, displayName, role, nowMs },
            cancellationToken: cancellationToken));
    }

    public async Task<ParticipantRow?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ParticipantRow>(new CommandDefinition(
            $"SELECT {Columns} FROM participants WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Every row of the meeting, in join order.</summary>
    public async Task<IReadOnlyList<ParticipantRow>> ListAsync(long meetingId, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        IEnumerable<ParticipantRow> rows = await connection.QueryAsync<ParticipantRow>(new CommandDefinition(
            $"SELECT {Columns} FROM participants WHERE meeting_id = @meetingId ORDER BY id", new { meetingId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The first admission sets the join time (a later fresh join of the same row keeps the first).</summary>
    public async Task MarkJoinedAsync(long id, long nowMs, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE participants SET joined_at = COALESCE(joined_at, @nowMs), left_at = NULL, leave_reason = NULL WHERE id = @id AND removed = 0",
            new { id, nowMs }, cancellationToken: cancellationToken));
    }

    /// <summary>Closes the row unless it is already closed (a removal keeps its own reason).</summary>
    public async Task MarkLeftAsync(long id, string reason, long nowMs, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE participants SET left_at = @nowMs, leave_reason = @reason WHERE id = @id AND left_at IS NULL AND joined_at IS NOT NULL",
            new { id, reason, nowMs }, cancellationToken: cancellationToken));
    }

    /// <summary>The host removed the participant: banned from the meeting and closed with reason <c>removed</c>.</summary>
    public async Task<bool> RemoveAsync(long meetingId, long id, long nowMs, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE participants SET removed = 1, left_at = COALESCE(left_at, @nowMs), leave_reason = @reason WHERE id = @id AND meeting_id = @meetingId",
            new { meetingId, id, nowMs, reason = AttendanceReasons.Removed }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>True when the host removed this user (or this guest browser) from the meeting before.</summary>
    public async Task<bool> IsBannedAsync(long meetingId, long? userId, string? guestKey, CancellationToken cancellationToken = default)
    {
        if (userId is null && guestKey is null)
        {
            return false;
        }

        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM participants WHERE meeting_id = @meetingId AND removed = 1 AND (user_id = @userId OR guest_key = @guestKey)",
            new { meetingId, userId, guestKey }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Rows of the meeting that joined and have not left.</summary>
    public async Task<long> CountPresentAsync(long meetingId, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM participants WHERE meeting_id = @meetingId AND joined_at IS NOT NULL AND left_at IS NULL",
            new { meetingId }, cancellationToken: cancellationToken));
    }
}
