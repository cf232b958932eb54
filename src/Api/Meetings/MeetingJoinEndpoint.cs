using System.Globalization;
using Api.Accounts;
using Api.Http;
using Microsoft.Extensions.Options;
using Signaling;
using Signaling.Auth;
using Signaling.Hosting;

namespace Api.Meetings;

/// <summary>
/// <c>POST /api/meetings/{code}/join</c>: the only issuer of meeting tokens. Writes the participant (attendance) row and
/// returns a short-lived token naming the meeting, that row's id, the display name and the role (host or guest), which
/// <c>/ws</c> <c>join</c> accepts. Signed-in users join with their account (its host as <c>host</c>); people without an
/// account join as guests where the meeting allows guests.
/// </summary>
public static class MeetingJoinEndpoint
{
    public const int MaxGuestKeyLength = 128;

    public static IEndpointRouteBuilder MapMeetingJoinEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/meetings/{code}/join", JoinAsync)
            .WithTags("Meetings")
            .RequireRateLimiting(RateLimits.JoinTokenPolicy)
            .Accepts<JoinMeetingRequest>("application/json")
            .Produces<JoinMeetingResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        return endpoints;
    }

    private static async Task<IResult> JoinAsync(
        HttpContext context,
        string code,
        MeetingRepository meetings,
        ParticipantRepository participants,
        UserRepository users,
        JoinTokens tokens,
        IOptions<SignalingOptions> signaling,
        TimeProvider time)
    {
        (JoinMeetingRequest? request, IResult? bad) = await JsonBody.ReadAsync<JoinMeetingRequest>(context.Request);
        if (bad is not null)
        {
            return bad;
        }

        if (context.Request.Headers.Authorization.Count > 0 && context.User.Identity?.IsAuthenticated != true)
        {
            return Problems.Unauthorized("the sign-in token is not valid (expired?); sign in again or join without it");
        }

        if (await meetings.FindByCodeAsync(code, context.RequestAborted) is not { } meeting)
        {
            return Problems.NotFound($"there is no meeting '{code}'");
        }

        if (meeting.Status == MeetingStatus.Ended)
        {
            return Problems.Gone("this meeting has ended");
        }

        UserRow? user = AccountTokens.UserId(context.User) is { } userId ? await users.FindByIdAsync(userId, context.RequestAborted) : null;
        bool isHost = user is not null && user.Id == meeting.HostUserId;
        if (user is null && meeting.AllowGuests == 0)
        {
            return Problems.Unauthorized("this meeting is for signed-in users only");
        }

        string? guestKey = user is null ? request!.GuestKey : null;
        if (guestKey is { Length: 0 or > MaxGuestKeyLength })
        {
            return Problems.BadField("guestKey", $"'guestKey' must be 1-{MaxGuestKeyLength} characters");
        }

        string? wantedName = string.IsNullOrWhiteSpace(request!.DisplayName) ? user?.Name : request.DisplayName;
        if (!MeetingNames.TryNormalizeName(wantedName, out string displayName))
        {
            return Problems.BadField("displayName", $"'displayName' must be 1-{MeetingNames.MaxNameLength} characters without control characters");
        }

        if (!isHost && meeting.Locked != 0)
        {
            return Problems.Forbidden("the host locked this meeting");
        }

        var joiner = new JoinIdentity(user?.Id, guestKey, DeviceCookie.Ensure(context), JoinIdentity.AddressOf(context), displayName);
        if (!isHost && await participants.IsBannedAsync(meeting.Id, joiner, context.RequestAborted))
        {
            return Problems.Forbidden("the host removed you from this meeting");
        }

        string role = isHost ? JoinTokenPayload.HostRole : JoinTokenPayload.GuestRole;
        DateTimeOffset now = time.GetUtcNow();
        long participantId = await participants.AddAsync(meeting.Id, joiner, displayName, role, now.ToUnixTimeMilliseconds(), context.RequestAborted);
        string id = participantId.ToString(CultureInfo.InvariantCulture);
        DateTimeOffset expiresAt = now.Add(signaling.Value.TokenLifetime);
        string token = tokens.Issue(new JoinTokenPayload(meeting.Code, displayName, id, expiresAt.ToUnixTimeSeconds(), role));
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new JoinMeetingResponse(token, meeting.Code, id, displayName, role, expiresAt));
    }
}
