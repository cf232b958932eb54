namespace Api;

internal static partial class ApiLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Serving the web client from {Root}")]
    public static partial void ServingWebRoot(ILogger logger, string root);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Web client folder {Root} not found; set Web:Root. Only the API is served")]
    public static partial void WebRootMissing(ILogger logger, string root);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Media on UDP {EndPoint}, announced as {Candidates}")]
    public static partial void MediaStarted(ILogger logger, string endPoint, string candidates);
}
