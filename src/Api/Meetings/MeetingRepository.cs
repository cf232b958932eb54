using System.Data.Common;
using Api.Persistence;
using Dapper;

namespace Api.Meetings;

/// <summary>A row of <c>meetings</c>.</summary>
public sealed class MeetingRow
{
    public long Id { get; set; }

    public string Code { get; set; } = "";

    public string Title { get; set; } = "";

    public long HostUserId { get; set; }

    public int AllowGuests { get; set; }

    public int Locked { get; set; }

    public string Status { get; set; } = MeetingStatus.Created;

    public long CreatedAt { get; set; }

    public long? StartedAt { get; set; }

    public long? EndedAt { get; set; }

    public string? EndReason { get; set; }
}

/// <summary><c>created</c> until the first join, <c>active</c> from then, <c>ended</c> for good.</summary>
public static class MeetingStatus
{
    public const string Created = "created";
    public const string Active = "active";
    public const string Ended = "ended";
}

/// <summary>Meetings in the meetings database, found by their unguessable code.</summary>
public sealed class MeetingRepository(MeetingsDatabase database)
{
    private const string Columns = "id, code, title, host_user_id, allow_guests, locked, status, created_at, started_at, ended_at, end_reason";

    /// <summary>Inserts the meeting; null when <paramref name="code"/> is taken.</summary>
    public async Task<MeetingRow?> CreateAsync(string code, string title, long hostUserId, bool allowGuests, long nowMs, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        try
        {
            long id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO meetings (code, title, host_user_id, allow_guests, locked, status, created_at) " +
                "VALUES (@code, @title, @hostUserId, @allowGuests, 0, @status, @nowMs) RETURNING id",
                new { code, title, hostUserId, allowGuests = allowGuests ? 1 : 0, status = MeetingStatus.Created, nowMs },
                cancellationToken: cancellationToken));
            return new MeetingRow { Id = id, Code = code, Title = title, HostUserId = hostUserId, AllowGuests = allowGuests ? 1 : 0, CreatedAt = nowMs };
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return null;
        }
    }

    public async Task<MeetingRow?> FindByCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<MeetingRow>(new CommandDefinition(
            $"SELECT {Columns} FROM meetings WHERE code = @code", new { code }, cancellationToken: cancellationToken));
    }

    /// <summary>The host's meetings, newest first.</summary>
    public async Task<IReadOnlyList<MeetingRow>> ListByHostAsync(long hostUserId, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        IEnumerable<MeetingRow> rows = await connection.QueryAsync<MeetingRow>(new CommandDefinition(
            $"SELECT {Columns} FROM meetings WHERE host_user_id = @hostUserId ORDER BY id DESC", new { hostUserId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>created -> active on the first join (no change for a meeting already active or ended).</summary>
    public async Task MarkActiveAsync(long id, long nowMs, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE meetings SET status = @active, started_at = @nowMs WHERE id = @id AND status = @created",
            new { id, nowMs, active = MeetingStatus.Active, created = MeetingStatus.Created },
            cancellationToken: cancellationToken));
    }

    public async Task<bool> SetLockedAsync(long id, bool locked, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE meetings SET locked = @locked WHERE id = @id AND status <> @ended",
            new { id, locked = locked ? 1 : 0, ended = MeetingStatus.Ended },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Ends the meeting for good; false when it had already ended.</summary>
    public async Task<bool> EndAsync(long id, string reason, long nowMs, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE meetings SET status = @ended, ended_at = @nowMs, end_reason = @reason WHERE id = @id AND status <> @ended",
            new { id, nowMs, reason, ended = MeetingStatus.Ended },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>How many meetings are in each status (for a gauge).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        IEnumerable<(string Status, long Count)> rows = await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(
            "SELECT status, COUNT(*) FROM meetings GROUP BY status", cancellationToken: cancellationToken));
        var counts = new Dictionary<string, long> { [MeetingStatus.Created] = 0, [MeetingStatus.Active] = 0, [MeetingStatus.Ended] = 0 };
        foreach ((string status, long count) in rows)
        {
            counts[status] = count;
        }

        return counts;
    }
}
