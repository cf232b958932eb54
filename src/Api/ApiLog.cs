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
}
