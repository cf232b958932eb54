namespace Api.Meetings;

/// <summary>
/// At start, before any join: closes the attendance rows this server (<see cref="ServerInstance"/>) left open when its
/// previous run ended without the graceful sweep (killed, crashed, power lost), with reason <c>server_restart</c>. Rows
/// of other servers sharing the database are left alone: those servers are running or will close their own. Each
/// meeting those rows were in gets the empty-meeting grace period, so it ends if nobody comes back; so does each active
/// meeting the previous run's graceful stop left empty (its sweep closed the rows, and the grace period it would have
/// started died with the process), or a meeting nobody returned to after a restart would stay active for ever.
/// </summary>
public sealed class OrphanedAttendance(ParticipantRepository participants, EmptyMeetingCloser closer, ServerInstance instance, TimeProvider time, ILogger<OrphanedAttendance> logger)
{
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> meetings = await participants.CloseOrphanedAsync(
            instance.Id, AttendanceReasons.ServerRestart, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        if (meetings.Count > 0)
        {
            ApiLog.OrphanedAttendanceClosed(logger, instance.Id, meetings.Count);
        }

        IReadOnlyList<string> emptied = await participants.ListEmptiedByShutdownAsync(instance.Id, AttendanceReasons.ServerShutdown, cancellationToken);
        foreach (string code in meetings.Concat(emptied).Distinct(StringComparer.Ordinal))
        {
            closer.ParticipantLeft(code);
        }
    }
}
