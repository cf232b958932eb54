using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sfu.Transport;

/// <summary>What every transport of one media worker shares: the socket, the address table, DTLS and the way back onto the worker thread.</summary>
public sealed class PortContext(IDatagramSender socket, TransportTable transports, DtlsSessionFactory dtlsFactory, ITransportWorkQueue workQueue, TimeSpan consentTimeout)
{
    public IDatagramSender Socket { get; } = socket;

    public TransportTable Transports { get; } = transports;

    public DtlsSessionFactory DtlsFactory { get; } = dtlsFactory;

    /// <summary>ICE consent freshness timeout (RFC 7675: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; } = consentTimeout;

    /// <summary>Queues work that finished on another thread back onto the worker thread that owns these transports.</summary>
    public ITransportWorkQueue WorkQueue { get; } = workQueue;

    /// <summary>Where the transports report what an operator should see (a failed DTLS handshake), through the host's log.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>RTP packets sent by this worker's transports (media and retransmissions); read on the worker thread for stats.</summary>
    public long RtpPacketsSent { get; internal set; }
}
