using System.Data.Common;
using Api.Persistence;
using Dapper;

namespace Api.Meetings;

/// <summary>A row of <c>chat_messages</c>.</summary>
public sealed class ChatRow
{
    public long Id { get; set; }

    public long ParticipantId { get; set; }

    public string DisplayName { get; set; } = "";

    public string Text { get; set; } = "";

    public long SentAt { get; set; }
}

/// <summary>Chat history of meetings (stored before it is broadcast).</summary>
public sealed class ChatRepository(MeetingsDatabase database)
{
    private const string Columns = "id, participant_id, display_name, text, sent_at";

    public async Task<long> AddAsync(long meetingId, long participantId, string displayName, string text, long sentAtMs, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO chat_messages (meeting_id, participant_id, display_name, text, sent_at) VALUES (@meetingId, @participantId, @displayName, @text, @sentAtMs) RETURNING id",
            new { meetingId, participantId, displayName, text, sentAtMs }, cancellationToken: cancellationToken));
    }

    /// <summary>Up to <paramref name="limit"/> messages with ids below <paramref name="beforeId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ChatRow>> PageAsync(long meetingId, long beforeId, int limit, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        List<ChatRow> rows = (await connection.QueryAsync<ChatRow>(new CommandDefinition(
            $"SELECT {Columns} FROM chat_messages WHERE meeting_id = @meetingId AND id < @beforeId ORDER BY id DESC LIMIT @limit",
            new { meetingId, beforeId, limit }, cancellationToken: cancellationToken))).AsList();
        rows.Reverse();
        return rows;
    }

    /// <summary>Every message of the meeting (the dashboard's history and the restart test).</summary>
    public async Task<long> CountAsync(long meetingId, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM chat_messages WHERE meeting_id = @meetingId", new { meetingId }, cancellationToken: cancellationToken));
    }
}
