using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Crypto.Srtp;
using Sfu.Transport.Batching;

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

    /// <summary>
    /// Cap on SSRCs each transport's SRTP session holds state for at once, per direction (see <see cref="SrtpSession"/>).
    /// Streams free theirs when they end, so this bounds simultaneous streams, sized by the engine from its limits.
    /// </summary>
    public int MaxSrtpSsrcs { get; init; } = SrtpSession.MaxSsrcsPerDirection;

    /// <summary>Where transports report what an operator should see (an SRTP limit reached, a failed DTLS handshake), through the host's log.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>
    /// When the datagram being handled reached the socket (kernel receive time on the engine's tick clock, see
    /// <see cref="DatagramArrival"/>): what transport-wide congestion feedback should record as the arrival time.
    /// The engine hands in its worker socket's; by default it stays at 0 (no kernel time: use nowTicks).
    /// </summary>
    public DatagramArrival Arrival { get; init; } = new();

    /// <summary>RTP packets sent by this worker's transports (media and retransmissions); read on the worker thread for stats.</summary>
    public long RtpPacketsSent { get; internal set; }
}
