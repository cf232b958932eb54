using Api.Accounts;
using Api.Http;

namespace Api.Meetings;

/// <summary>Loads a meeting for a host-only request: 401 without sign-in, 404 for an unknown code, 403 for another host's meeting.</summary>
public static class HostAccess
{
    public static async Task<(MeetingRow? Meeting, IResult? Problem)> LoadAsync(HttpContext context, MeetingRepository meetings, string code)
    {
        if (AccountTokens.UserId(context.User) is not { } userId)
        {
            return (null, Problems.Unauthorized("sign in as the meeting's host"));
        }

        if (await meetings.FindByCodeAsync(code, context.RequestAborted) is not { } meeting)
        {
            return (null, Problems.NotFound($"there is no meeting '{code}'"));
        }

        if (meeting.HostUserId != userId)
        {
            return (null, Problems.Forbidden("only the meeting's host may do this"));
        }

        return (meeting, null);
    }
}
