namespace Sfu.Transport;

/// <summary>What every transport of one media worker shares: the socket, the address table, DTLS and the way back onto the worker thread.</summary>
public sealed class PortContext(IDatagramSender socket, TransportTable transports, DtlsSessionFactory dtlsFactory, Action<Action> post, TimeSpan consentTimeout)
{
    public IDatagramSender Socket { get; } = socket;

    public TransportTable Transports { get; } = transports;

    public DtlsSessionFactory DtlsFactory { get; } = dtlsFactory;

    /// <summary>ICE consent freshness timeout (RFC 7675: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; } = consentTimeout;

    /// <summary>Runs work on the worker thread that owns these transports.</summary>
    public void Post(Action work) => post(work);
}
