using System.Collections.Concurrent;

namespace Api.Meetings;

/// <summary>
/// Meeting ids by code for signaling's per-message calls (chat, leaves): a code never changes its meeting, so the
/// lookup is cached after the first read.
/// </summary>
public sealed class MeetingDirectory(MeetingRepository meetings)
{
    private readonly ConcurrentDictionary<string, long> _ids = new(StringComparer.Ordinal);

    public async ValueTask<long?> IdOfAsync(string code, CancellationToken cancellationToken = default)
    {
        if (_ids.TryGetValue(code, out long id))
        {
            return id;
        }

        if (await meetings.FindByCodeAsync(code, cancellationToken) is not { } meeting)
        {
            return null;
        }

        _ids[code] = meeting.Id;
        return meeting.Id;
    }
}
