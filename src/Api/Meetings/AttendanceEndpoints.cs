using System.Globalization;
using Api.Http;

namespace Api.Meetings;

/// <summary>The host's view of a meeting: attendance, removing a participant (kicked and banned), and the chat history.</summary>
public static class AttendanceEndpoints
{
    public const int MaxChatPage = 200;

    public static IEndpointRouteBuilder MapAttendanceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder group = endpoints.MapGroup("/api/meetings/{code}").WithTags("Meetings").RequireAuthorization();
        group.MapGet("/participants", ListAsync)
            .Produces<AttendanceResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/participants/{id}/remove", RemoveAsync)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/chat", ChatAsync)
            .Produces<ChatPageResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext context, string code, MeetingRepository meetings, ParticipantRepository participants)
    {
        (MeetingRow? meeting, IResult? problem) = await HostAccess.LoadAsync(context, meetings, code);
        if (problem is not null)
        {
            return problem;
        }

        IReadOnlyList<ParticipantRow> rows = await participants.ListAsync(meeting!.Id, context.RequestAborted);
        var entries = new List<AttendanceEntry>(rows.Count);
        foreach (ParticipantRow row in rows)
        {
            if (row.JoinedAt is not null || row.Removed != 0)
            {
                entries.Add(AttendanceEntry.From(row)); // a token that was never used is not attendance
            }
        }

        return TypedResults.Ok(new AttendanceResponse(entries));
    }

    private static async Task<IResult> RemoveAsync(HttpContext context, string code, string id, MeetingRepository meetings, ParticipantRepository participants, MeetingModeration moderation)
    {
        (MeetingRow? meeting, IResult? problem) = await HostAccess.LoadAsync(context, meetings, code);
        if (problem is not null)
        {
            return problem;
        }

        if (MeetingModeration.FindId(id) is { } rowId
            && await participants.FindAsync(rowId, context.RequestAborted) is { } row
            && row.MeetingId == meeting!.Id && row.UserId == meeting.HostUserId && row.Role == Signaling.Auth.JoinTokenPayload.HostRole)
        {
            return Problems.BadField("id", "the host cannot remove themselves; end the meeting instead");
        }

        RemovalOutcome outcome = await moderation.RemoveAsync(meeting!, id, context.RequestAborted);
        return outcome.Found ? TypedResults.NoContent() : Problems.NotFound($"the meeting has no participant '{id}'");
    }

    private static async Task<IResult> ChatAsync(HttpContext context, string code, long? before, int? limit, MeetingRepository meetings, ChatRepository chat)
    {
        (MeetingRow? meeting, IResult? problem) = await HostAccess.LoadAsync(context, meetings, code);
        if (problem is not null)
        {
            return problem;
        }

        int pageSize = limit ?? 50;
        if (pageSize is < 1 or > MaxChatPage)
        {
            return Problems.BadField("limit", $"'limit' must be 1-{MaxChatPage}");
        }

        IReadOnlyList<ChatRow> rows = await chat.PageAsync(meeting!.Id, before ?? long.MaxValue, pageSize, context.RequestAborted);
        var messages = new List<ChatEntry>(rows.Count);
        foreach (ChatRow row in rows)
        {
            messages.Add(new ChatEntry(row.Id, row.ParticipantId.ToString(CultureInfo.InvariantCulture), row.DisplayName, row.Text, DateTimeOffset.FromUnixTimeMilliseconds(row.SentAt)));
        }

        return TypedResults.Ok(new ChatPageResponse(messages, rows.Count == pageSize ? rows[0].Id : null));
    }
}
