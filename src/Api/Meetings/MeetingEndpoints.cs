using Api.Accounts;
using Api.Http;

namespace Api.Meetings;

/// <summary>
/// <c>/api/meetings</c>: create and list my meetings, read one by code, and the host's end, lock and unlock. Ending
/// disconnects everyone (<c>leave {reason: "meetingEnded"}</c>) and later joins are refused.
/// </summary>
public static class MeetingEndpoints
{
    public const int MaxTitleLength = 200;

    public static IEndpointRouteBuilder MapMeetingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder group = endpoints.MapGroup("/api/meetings").WithTags("Meetings");
        group.MapPost("/", CreateAsync).RequireAuthorization()
            .Accepts<CreateMeetingRequest>("application/json")
            .Produces<MeetingResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/", ListAsync).RequireAuthorization()
            .Produces<MeetingListResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/{code}", GetAsync)
            .Produces<MeetingResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{code}/end", EndAsync).RequireAuthorization()
            .Produces<MeetingResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        group.MapPost("/{code}/lock", (HttpContext context, string code, MeetingRepository meetings) => SetLockedAsync(context, code, meetings, true)).RequireAuthorization()
            .Produces<MeetingResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status410Gone);
        group.MapPost("/{code}/unlock", (HttpContext context, string code, MeetingRepository meetings) => SetLockedAsync(context, code, meetings, false)).RequireAuthorization()
            .Produces<MeetingResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status410Gone);
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, MeetingRepository meetings, TimeProvider time)
    {
        (CreateMeetingRequest? request, IResult? bad) = await JsonBody.ReadAsync<CreateMeetingRequest>(context.Request);
        if (bad is not null)
        {
            return bad;
        }

        string title = request!.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            return Problems.BadField("title", "'title' is required");
        }

        if (title.Length > MaxTitleLength || title.Any(char.IsControl))
        {
            return Problems.BadField("title", $"'title' must be at most {MaxTitleLength} characters without control characters");
        }

        long hostId = AccountTokens.UserId(context.User)!.Value;
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        MeetingRow? meeting = null;
        for (int attempt = 0; meeting is null && attempt < 5; attempt++)
        {
            meeting = await meetings.CreateAsync(MeetingCodes.New(), title, hostId, request.AllowGuests ?? true, now, context.RequestAborted);
        }

        if (meeting is null)
        {
            return Problems.Problem(StatusCodes.Status503ServiceUnavailable, "No free code", "no unused meeting code was found; try again");
        }

        return TypedResults.Created("/api/meetings/" + meeting.Code, MeetingResponse.From(meeting, hostId));
    }

    private static async Task<IResult> ListAsync(HttpContext context, MeetingRepository meetings)
    {
        long hostId = AccountTokens.UserId(context.User)!.Value;
        IReadOnlyList<MeetingRow> rows = await meetings.ListByHostAsync(hostId, context.RequestAborted);
        var list = new List<MeetingResponse>(rows.Count);
        foreach (MeetingRow row in rows)
        {
            list.Add(MeetingResponse.From(row, hostId));
        }

        return TypedResults.Ok(new MeetingListResponse(list));
    }

    private static async Task<IResult> GetAsync(HttpContext context, string code, MeetingRepository meetings)
    {
        MeetingRow? meeting = await meetings.FindByCodeAsync(code, context.RequestAborted);
        return meeting is null
            ? Problems.NotFound($"there is no meeting '{code}'")
            : TypedResults.Ok(MeetingResponse.From(meeting, AccountTokens.UserId(context.User)));
    }

    private static async Task<IResult> EndAsync(HttpContext context, string code, MeetingRepository meetings, MeetingModeration moderation)
    {
        (MeetingRow? meeting, IResult? problem) = await HostAccess.LoadAsync(context, meetings, code);
        if (problem is not null)
        {
            return problem;
        }

        if (await moderation.EndAsync(meeting!, MeetingEndReasons.Host, context.RequestAborted) is null)
        {
            return Problems.Gone("the meeting has already ended");
        }

        return TypedResults.Ok(MeetingResponse.From((await meetings.FindByCodeAsync(code, context.RequestAborted))!, meeting!.HostUserId));
    }

    private static async Task<IResult> SetLockedAsync(HttpContext context, string code, MeetingRepository meetings, bool locked)
    {
        (MeetingRow? meeting, IResult? problem) = await HostAccess.LoadAsync(context, meetings, code);
        if (problem is not null)
        {
            return problem;
        }

        if (!await meetings.SetLockedAsync(meeting!.Id, locked, context.RequestAborted))
        {
            return Problems.Gone("the meeting has ended");
        }

        return TypedResults.Ok(MeetingResponse.From((await meetings.FindByCodeAsync(code, context.RequestAborted))!, meeting.HostUserId));
    }
}
