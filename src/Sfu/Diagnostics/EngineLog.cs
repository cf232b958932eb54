using Microsoft.Extensions.Logging;

namespace Sfu.Diagnostics;

/// <summary>
/// The media engine's log lines, with stable event ids (2000-2099) so operators can filter and alert on them. Everything
/// that fails on a media worker ends here: through the host's ILogger, never only in Trace.
/// </summary>
public static partial class EngineLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "media worker {Worker} listening on {EndPoint}, announced as {Candidates}")]
    public static partial void WorkerStarted(ILogger logger, int worker, string endPoint, string candidates);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "media worker {Worker}: handling a datagram failed; the datagram was dropped")]
    public static partial void DatagramFailed(ILogger logger, int worker, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "media worker {Worker}: the periodic tick failed")]
    public static partial void TickFailed(ILogger logger, int worker, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "media worker {Worker}: command {Command} failed")]
    public static partial void CommandFailed(ILogger logger, int worker, string command, Exception exception);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "an engine event observer failed on {Event}")]
    public static partial void ObserverFailed(ILogger logger, string @event, Exception exception);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "media worker {Worker} stopped: {Participants} participant(s) in {Rooms} room(s) closed")]
    public static partial void WorkerStopped(ILogger logger, int worker, int participants, int rooms);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "media worker {Worker} did not stop within {Timeout}")]
    public static partial void WorkerStopTimedOut(ILogger logger, int worker, TimeSpan timeout);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "the server offer for {Participant} could not be built: {Reason}")]
    public static partial void ServerOfferFailed(ILogger logger, string participant, string reason);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "transport {Transport}: SRTP holds state for its limit of {Limit} SSRCs in one direction; packets of further streams are dropped as srtp_ssrc_limit")]
    public static partial void SrtpSsrcLimitReached(ILogger logger, string transport, int limit);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Warning, Message = "{Participant} receives its limit of {Limit} tracks; further tracks published in the room are not sent to it (sfu_subscriptions_refused_total)")]
    public static partial void SubscriptionLimitReached(ILogger logger, string participant, int limit);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "transport {Transport}: the DTLS handshake failed: {Reason}")]
    public static partial void DtlsHandshakeFailed(ILogger logger, string transport, string reason);

    [LoggerMessage(EventId = 2024, Level = LogLevel.Information, Message = "transport {Transport}: {Reason} within {Timeout}; the participant's media session ends")]
    public static partial void IceTimedOut(ILogger logger, string transport, string reason, TimeSpan timeout);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Information, Message = "transport {Transport}: DTLS stopped on a bad record after the handshake; media goes on with the SRTP keys in place")]
    public static partial void DtlsRecordError(ILogger logger, string transport);
}
