using System.Security.Cryptography;
using System.Text;
using Api.Meetings;
using Microsoft.Extensions.Options;
using Signaling;
using Signaling.Auth;
using Signaling.Protocol;
using Signaling.Rooms;

namespace Api.Operations;

/// <summary>
/// The operator API beside the meetings API: list the rooms signaling holds, remove a participant, end a meeting.
/// Removing and ending are the host's own <see cref="MeetingModeration"/> (the row closed with reason <c>removed</c>
/// and banned, the meeting <c>ended</c> with reason <c>operator</c>), so the database tells the same story whoever did
/// it. Authorized by <c>Authorization: Bearer {Signaling:OperatorKey}</c>; without a configured key every endpoint
/// answers 404. Errors keep the operator API's signaling shape <c>{type: "error", code, message, field?}</c>.
/// </summary>
public static class OperatorEndpoints
{
    public const string RoomsPath = "/api/rooms";

    /// <summary>The operator API is off (no <c>Signaling:OperatorKey</c>): 404.</summary>
    public const string DisabledCode = "operator_api_disabled";

    /// <summary>No such meeting, or no such participant in it: 404.</summary>
    public const string NotFoundCode = "not_found";

    private const string BearerPrefix = "Bearer ";

    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder group = endpoints.MapGroup(RoomsPath).WithTags("Operator").AddEndpointFilter(RequireOperatorKeyAsync);
        group.MapGet("/", ListRooms).Produces<RoomListResponse>();
        group.MapPost("/{room}/participants/{participantId}/kick", KickAsync).Produces<OperatorLeaveResponse>();
        group.MapPost("/{room}/end", EndAsync).Produces<OperatorLeaveResponse>();
        return endpoints;
    }

    private static IResult ListRooms(RoomRegistry rooms)
    {
        return NoStore(Results.Ok(new RoomListResponse(rooms.ListRooms())));
    }

    private static async Task<IResult> KickAsync(HttpContext context, string room, string participantId, MeetingRepository meetings, MeetingModeration moderation, ILogger<MeetingModeration> logger)
    {
        (MeetingRow? meeting, IResult? refused) = await FindMeetingAsync(context, room, meetings);
        if (refused is not null)
        {
            return refused;
        }

        RemovalOutcome outcome = await moderation.RemoveAsync(meeting!, participantId, context.RequestAborted);
        if (!outcome.Found)
        {
            return Error(StatusCodes.Status404NotFound, new ProtocolError(NotFoundCode, $"meeting '{room}' has no participant '{participantId}'", "participantId"));
        }

        ApiLog.OperatorRemoved(logger, room, participantId, outcome.WasConnected, RemoteOf(context));
        return NoStore(Results.Ok(new OperatorLeaveResponse(room, LeaveReasons.Kicked, participantId, outcome.WasConnected ? 1 : 0)));
    }

    private static async Task<IResult> EndAsync(HttpContext context, string room, MeetingRepository meetings, MeetingModeration moderation, ILogger<MeetingModeration> logger)
    {
        (MeetingRow? meeting, IResult? refused) = await FindMeetingAsync(context, room, meetings);
        if (refused is not null)
        {
            return refused;
        }

        if (await moderation.EndAsync(meeting!, MeetingEndReasons.Operator, context.RequestAborted) is not { } disconnected)
        {
            return Error(StatusCodes.Status410Gone, new ProtocolError(ErrorCodes.MeetingEnded, $"meeting '{room}' has already ended", "room"));
        }

        ApiLog.OperatorEndedMeeting(logger, room, disconnected, RemoteOf(context));
        return NoStore(Results.Ok(new OperatorLeaveResponse(room, LeaveReasons.MeetingEnded, null, disconnected)));
    }

    private static async Task<(MeetingRow? Meeting, IResult? Refused)> FindMeetingAsync(HttpContext context, string room, MeetingRepository meetings)
    {
        if (!MeetingNames.IsValidRoomCode(room))
        {
            return (null, Error(StatusCodes.Status400BadRequest, ProtocolError.BadField("room", "'room' must be 3-64 characters of a-z, 0-9 and '-'")));
        }

        return await meetings.FindByCodeAsync(room, context.RequestAborted) is { } meeting
            ? (meeting, null)
            : (null, Error(StatusCodes.Status404NotFound, new ProtocolError(NotFoundCode, $"there is no meeting '{room}'", "room")));
    }

    /// <summary>404 while the API is off, 401 for a missing or wrong key; otherwise the endpoint runs.</summary>
    private static async ValueTask<object?> RequireOperatorKeyAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        HttpContext context = invocation.HttpContext;
        string? key = context.RequestServices.GetRequiredService<IOptions<SignalingOptions>>().Value.OperatorKey;
        if (string.IsNullOrEmpty(key))
        {
            return Error(StatusCodes.Status404NotFound, new ProtocolError(DisabledCode, "the operator API is disabled (set Signaling:OperatorKey)"));
        }

        if (!IsAuthorized(context.Request.Headers.Authorization.ToString(), key))
        {
            ApiLog.OperatorUnauthorized(context.RequestServices.GetRequiredService<ILogger<MeetingModeration>>(), context.Request.Method, context.Request.Path.ToString(), RemoteOf(context));
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Error(StatusCodes.Status401Unauthorized, new ProtocolError(ErrorCodes.Unauthorized, "send 'Authorization: Bearer <Signaling:OperatorKey>'"));
        }

        return await next(invocation);
    }

    /// <summary>
    /// Compares SHA-256 digests of the presented and the configured key in constant time: neither the position of the
    /// first differing byte nor the key's length shows in the response time.
    /// </summary>
    public static bool IsAuthorized(string authorization, string operatorKey)
    {
        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization.AsSpan(BearerPrefix.Length).Trim().ToString()));
        byte[] expected = SHA256.HashData(Encoding.UTF8.GetBytes(operatorKey));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }

    private static string? RemoteOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    private static IResult Error(int status, ProtocolError error) => NoStore(Results.Json(
        new ErrorMessage { Code = error.Code, Message = error.Message, Field = error.Field },
        SignalingJsonContext.Default.ErrorMessage,
        statusCode: status));

    /// <summary>Operator answers describe the moment: never cached.</summary>
    private static IResult NoStore(IResult result) => new NoStoreResult(result);

    private sealed class NoStoreResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "no-store";
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>Body of <c>GET /api/rooms</c>: the rooms signaling holds now, with their participants.</summary>
public sealed record RoomListResponse(IReadOnlyList<RoomSummary> Rooms);

/// <summary>Body of a successful kick or end of meeting.</summary>
/// <param name="Reason">The <c>leave</c> reason the removed participants were sent.</param>
/// <param name="ParticipantId">The removed participant (absent for an end of meeting).</param>
/// <param name="Removed">How many connected participants were disconnected.</param>
public sealed record OperatorLeaveResponse(string Room, string Reason, string? ParticipantId, int Removed);
