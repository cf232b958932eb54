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

    /// <summary>The server whose signaling admitted the participant (<see cref="ServerInstance"/>).</summary>
    public string? InstanceId { get; set; }

    /// <summary>The browser's id from the join endpoint's httpOnly cookie (<see cref="DeviceCookie"/>).</summary>
    public string? DeviceKey { get; set; }

    /// <summary>The client address the join came from.</summary>
    public string? ClientAddress { get; set; }
}

/// <summary>
/// Attendance: a row is written when the meetings API issues a meeting token, gets its join time when signaling admits
/// it and is closed (left time and reason) when it leaves, drops or the server stops.
/// </summary>
public sealed class ParticipantRepository(MeetingsDatabase database)
{
    private const string Columns = "id, meeting_id, user_id, guest_key, display_name, role, created_at, joined_at, left_at, leave_reason, removed, instance_id, device_key, client_address";

    public async Task<long> AddAsync(long meetingId, JoinIdentity joiner, string displayName, string role, long nowMs, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO participants (meeting_id, user_id, guest_key, device_key, client_address, display_name, role, created_at, removed) " +
            "VALUES (@meetingId, @userId, @guestKey, @deviceKey, @clientAddress, @displayName, @role, @nowMs, 0) RETURNING id",
            new { meetingId, userId = joiner.UserId, guestKey = joiner.GuestKey, deviceKey = joiner.DeviceKey, clientAddress = joiner.ClientAddress, displayName, role, nowMs },
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

    /// <summary>
    /// The first admission sets the join time (a later fresh join of the same row keeps the first); the row now belongs
    /// to <paramref name="instanceId"/>, the server whose signaling holds the participant.
    /// </summary>
    public async Task MarkJoinedAsync(long id, long nowMs, string instanceId, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE participants SET joined_at = COALESCE(joined_at, @nowMs), left_at = NULL, leave_reason = NULL, instance_id = @instanceId WHERE id = @id AND removed = 0",
            new { id, nowMs, instanceId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Closes the rows <paramref name="instanceId"/> admitted that are still open: at start, these are participants of a
    /// previous run that ended without the graceful stop's sweep (a crash or a kill). Other servers' rows are theirs.
    /// Returns the codes of the meetings those rows were in.
    /// </summary>
    public async Task<IReadOnlyList<string>> CloseOrphanedAsync(string instanceId, string reason, long nowMs, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
        List<string> codes = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT m.code FROM participants p JOIN meetings m ON m.id = p.meeting_id " +
            "WHERE p.instance_id = @instanceId AND p.left_at IS NULL AND p.joined_at IS NOT NULL",
            new { instanceId }, transaction, cancellationToken: cancellationToken))).AsList();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE participants SET left_at = @nowMs, leave_reason = @reason WHERE instance_id = @instanceId AND left_at IS NULL AND joined_at IS NOT NULL",
            new { instanceId, reason, nowMs }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return codes;
    }

    /// <summary>
    /// The active meetings that <paramref name="instanceId"/>'s graceful stop left with nobody present: its sweep closed
    /// their rows with <paramref name="shutdownReason"/>, and no row of any server is open now. At start, before any join,
    /// these are meetings whose empty-meeting grace period the stop cut short.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListEmptiedByShutdownAsync(string instanceId, string shutdownReason, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT m.code FROM meetings m JOIN participants p ON p.meeting_id = m.id " +
            "WHERE m.status = @active AND p.instance_id = @instanceId AND p.leave_reason = @shutdownReason " +
            "AND NOT EXISTS (SELECT 1 FROM participants o WHERE o.meeting_id = m.id AND o.joined_at IS NOT NULL AND o.left_at IS NULL)",
            new { active = MeetingStatus.Active, instanceId, shutdownReason }, cancellationToken: cancellationToken))).AsList();
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

    /// <summary>True when a participant the host removed from the meeting is this joiner again (<see cref="JoinIdentity.IsSameAs"/>).</summary>
    public async Task<bool> IsBannedAsync(long meetingId, JoinIdentity joiner, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        // A meeting has few removals: they are compared here, where name comparison is the same on both databases.
        IEnumerable<ParticipantRow> removed = await connection.QueryAsync<ParticipantRow>(new CommandDefinition(
            $"SELECT {Columns} FROM participants WHERE meeting_id = @meetingId AND removed = 1", new { meetingId }, cancellationToken: cancellationToken));
        foreach (ParticipantRow row in removed)
        {
            if (joiner.IsSameAs(row))
            {
                return true;
            }
        }

        return false;
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
