namespace Api;

internal static partial class ApiLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Serving the web client from {Root}")]
    public static partial void ServingWebRoot(ILogger logger, string root);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Web client folder {Root} not found; set Web:Root. Only the API is served")]
    public static partial void WebRootMissing(ILogger logger, string root);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Media on {Workers} worker(s), UDP {EndPoints}, announced as {Candidates}")]
    public static partial void MediaStarted(ILogger logger, int workers, string endPoints, string candidates);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "The media thread did not report engine stats within {TimeoutMs} ms; /metrics is served without sfu_rooms and the other engine gauges")]
    public static partial void EngineStatsTimedOut(ILogger logger, double timeoutMs);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "An observable instrument's callback failed during a /metrics scrape")]
    public static partial void MetricsCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Meetings database ({Provider}) is up to date: {Applied} migration(s) applied now")]
    public static partial void DatabaseMigrated(ILogger logger, string provider, int applied);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Meeting {Code} ended ({Reason})")]
    public static partial void MeetingEnded(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Could not close the attendance row {ParticipantId} of meeting {Code}")]
    public static partial void AttendanceWriteFailed(ILogger logger, string code, long participantId, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Could not check whether the empty meeting {Code} should end")]
    public static partial void EmptyMeetingCheckFailed(ILogger logger, string code, Exception exception);
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Refused a /metrics scrape from {Address}: not in Metrics:AllowedAddresses")]
    public static partial void MetricsRefused(ILogger logger, string address);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Meetings by status left out of a /metrics scrape: the meetings database did not answer")]
    public static partial void MeetingCountsUnavailable(ILogger logger);

    [LoggerMessage(EventId = 4600, Level = LogLevel.Warning, Message = "Server {InstanceId} did not stop gracefully last time: closed its open attendance rows in {Meetings} meeting(s) (server_restart)")]
    public static partial void OrphanedAttendanceClosed(ILogger logger, string instanceId, int meetings);

    [LoggerMessage(EventId = 4601, Level = LogLevel.Information, Message = "Operator at {Remote} removed participant {ParticipantId} from meeting {Code} (was connected: {WasConnected})")]
    public static partial void OperatorRemoved(ILogger logger, string code, string participantId, bool wasConnected, string? remote);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Information, Message = "Operator at {Remote} ended meeting {Code}: {Count} connected participant(s) disconnected")]
    public static partial void OperatorEndedMeeting(ILogger logger, string code, int count, string? remote);

    [LoggerMessage(EventId = 4603, Level = LogLevel.Warning, Message = "Refused operator request {Method} {Path} from {Remote}: missing or wrong bearer key")]
    public static partial void OperatorUnauthorized(ILogger logger, string method, string path, string? remote);
}
