using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signaling.Auth;
using Signaling.Diagnostics;
using Signaling.Protocol;
using Signaling.Rooms;

namespace Signaling.Hosting;

/// <summary>
/// The operator API: list rooms, kick a participant, end a meeting (server-initiated <c>leave</c>). Authorized by
/// <c>Authorization: Bearer {Signaling:OperatorKey}</c>; without a configured key every endpoint answers 404.
/// Errors use the signaling error shape <c>{type: "error", code, message, field?}</c>.
/// </summary>
public static class OperatorEndpoints
{
    public const string RoomsPath = "/api/rooms";

    /// <summary>The operator API is off (no <c>Signaling:OperatorKey</c>): 404.</summary>
    public const string DisabledCode = "operator_api_disabled";

    /// <summary>No such room, or no such participant in it: 404.</summary>
    public const string NotFoundCode = "not_found";

    private const string BearerPrefix = "Bearer ";

    internal static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(RoomsPath, ListRoomsAsync);
        endpoints.MapPost(RoomsPath + "/{room}/participants/{participantId}/kick", KickAsync);
        endpoints.MapPost(RoomsPath + "/{room}/end", EndMeetingAsync);
        return endpoints;
    }

    private static Task ListRoomsAsync(HttpContext context)
    {
        if (Refuse(context) is { } refused)
        {
            return refused;
        }

        IReadOnlyList<RoomSummary> rooms = context.RequestServices.GetRequiredService<RoomRegistry>().ListRooms();
        return WriteAsync(context, new RoomListResponse { Rooms = rooms }, SignalingJsonContext.Default.RoomListResponse);
    }

    private static Task KickAsync(HttpContext context)
    {
        if (Refuse(context) is { } refused)
        {
            return refused;
        }

        if (RoomFromRoute(context, out string room) is { } badRoom)
        {
            return badRoom;
        }

        string participantId = context.Request.RouteValues["participantId"] as string ?? string.Empty;
        RoomRegistry registry = context.RequestServices.GetRequiredService<RoomRegistry>();
        if (registry.FindRoom(room) is null)
        {
            return NoSuchRoom(context, room);
        }

        if (!registry.Kick(room, participantId))
        {
            return WriteErrorAsync(context, StatusCodes.Status404NotFound, new ProtocolError(NotFoundCode, $"no participant '{participantId}' in room '{room}'", "participantId"));
        }

        SignalingLog.OperatorKicked(Logger(context), room, participantId, context.Connection.RemoteIpAddress?.ToString());
        return WriteAsync(
            context,
            new OperatorLeaveResponse { Room = room, Reason = LeaveReasons.Kicked, ParticipantId = participantId, Removed = 1 },
            SignalingJsonContext.Default.OperatorLeaveResponse);
    }

    private static Task EndMeetingAsync(HttpContext context)
    {
        if (Refuse(context) is { } refused)
        {
            return refused;
        }

        if (RoomFromRoute(context, out string room) is { } badRoom)
        {
            return badRoom;
        }

        int removed = context.RequestServices.GetRequiredService<RoomRegistry>().EndMeeting(room);
        if (removed == 0)
        {
            return NoSuchRoom(context, room);
        }

        SignalingLog.OperatorEndedMeeting(Logger(context), room, removed, context.Connection.RemoteIpAddress?.ToString());
        return WriteAsync(
            context,
            new OperatorLeaveResponse { Room = room, Reason = LeaveReasons.MeetingEnded, Removed = removed },
            SignalingJsonContext.Default.OperatorLeaveResponse);
    }

    /// <summary>The 404 (API disabled) or 401 (missing or wrong key) response, or null when the request may proceed.</summary>
    private static Task? Refuse(HttpContext context)
    {
        string? key = context.RequestServices.GetRequiredService<IOptions<SignalingOptions>>().Value.OperatorKey;
        if (string.IsNullOrEmpty(key))
        {
            return WriteErrorAsync(context, StatusCodes.Status404NotFound, new ProtocolError(DisabledCode, "the operator API is disabled (set Signaling:OperatorKey)"));
        }

        if (IsAuthorized(context.Request.Headers.Authorization.ToString(), key))
        {
            return null;
        }

        SignalingLog.OperatorUnauthorized(Logger(context), context.Request.Method, context.Request.Path.ToString(), context.Connection.RemoteIpAddress?.ToString());
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return WriteErrorAsync(context, StatusCodes.Status401Unauthorized, new ProtocolError(ErrorCodes.Unauthorized, "send 'Authorization: Bearer <Signaling:OperatorKey>'"));
    }

    /// <summary>
    /// Compares SHA-256 digests of the presented and the configured key in constant time: neither the position of the
    /// first differing byte nor the key's length shows in the response time.
    /// </summary>
    internal static bool IsAuthorized(string authorization, string operatorKey)
    {
        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization.AsSpan(BearerPrefix.Length).Trim().ToString()));
        byte[] expected = SHA256.HashData(Encoding.UTF8.GetBytes(operatorKey));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }

    private static Task? RoomFromRoute(HttpContext context, out string room)
    {
        room = context.Request.RouteValues["room"] as string ?? string.Empty;
        return MeetingNames.IsValidRoomCode(room)
            ? null
            : WriteErrorAsync(context, StatusCodes.Status400BadRequest, ProtocolError.BadField("room", "'room' must be 3-64 characters of a-z, 0-9 and '-'"));
    }

    private static Task NoSuchRoom(HttpContext context, string room) =>
        WriteErrorAsync(context, StatusCodes.Status404NotFound, new ProtocolError(NotFoundCode, $"no room '{room}' (or nobody is in it)", "room"));

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OperatorEndpoints));

    private static Task WriteAsync<T>(HttpContext context, T body, JsonTypeInfo<T> typeInfo)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(body, typeInfo).ExecuteAsync(context);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, ProtocolError error) =>
        ErrorResponses.WriteAsync(context, status, error);
}

/// <summary>Body of <c>GET /api/rooms</c>.</summary>
public sealed class RoomListResponse
{
    public required IReadOnlyList<RoomSummary> Rooms { get; init; }
}

/// <summary>Body of a successful kick or end of meeting.</summary>
public sealed class OperatorLeaveResponse
{
    public required string Room { get; init; }

    /// <summary>The <c>leave</c> reason the removed participants were sent.</summary>
    public required string Reason { get; init; }

    /// <summary>The kicked participant (absent for an end of meeting).</summary>
    public string? ParticipantId { get; init; }

    /// <summary>How many participants were removed.</summary>
    public int Removed { get; init; }
}
