using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Signaling.Rooms;

namespace Api.Meetings;

/// <summary>
/// Ends an active meeting once its last participant left and <c>Meetings:EmptyGracePeriod</c> passed with nobody
/// back. At the end of the period the room and the attendance rows are checked again, so a join in between keeps it.
/// </summary>
public sealed class EmptyMeetingCloser(
    MeetingRepository meetings,
    ParticipantRepository participants,
    IServiceProvider services,
    IOptions<MeetingsOptions> options,
    TimeProvider time,
    ILogger<EmptyMeetingCloser> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, ITimer> _timers = new(StringComparer.Ordinal);

    /// <summary>A leave was written: when the room is now empty, the grace period starts (again).</summary>
    public void ParticipantLeft(string code)
    {
        if (!IsRoomEmpty(code))
        {
            return;
        }

        ITimer timer = time.CreateTimer(static state => _ = ((Pending)state!).Closer.ExpireAsync(((Pending)state).Code), new Pending(this, code), options.Value.EmptyGracePeriod, Timeout.InfiniteTimeSpan);
        if (_timers.TryGetValue(code, out ITimer? previous))
        {
            previous.Dispose();
        }

        _timers[code] = timer;
    }

    public void Dispose()
    {
        foreach (ITimer timer in _timers.Values)
        {
            timer.Dispose();
        }

        _timers.Clear();
    }

    private bool IsRoomEmpty(string code)
    {
        RoomRegistry rooms = services.GetRequiredService<RoomRegistry>();
        return rooms.FindRoom(code) is not { } room || room.Count == 0;
    }

    private async Task ExpireAsync(string code)
    {
        try
        {
            if (!IsRoomEmpty(code) || await meetings.FindByCodeAsync(code) is not { Status: MeetingStatus.Active } meeting)
            {
                return;
            }

            if (await participants.CountPresentAsync(meeting.Id) == 0
                && await meetings.EndAsync(meeting.Id, MeetingEndReasons.Empty, time.GetUtcNow().ToUnixTimeMilliseconds()))
            {
                ApiLog.MeetingEnded(logger, code, MeetingEndReasons.Empty);
            }
        }
        catch (Exception e)
        {
            ApiLog.EmptyMeetingCheckFailed(logger, code, e);
        }
    }

    private sealed record Pending(EmptyMeetingCloser Closer, string Code);
}

/// <summary>The <c>end_reason</c> of a meeting.</summary>
public static class MeetingEndReasons
{
    public const string Host = "host";
    public const string Empty = "empty";
    public const string Operator = "operator";
}
