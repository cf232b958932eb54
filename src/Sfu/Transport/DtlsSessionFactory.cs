using Sfu.Dtls;

namespace Sfu.Transport;

/// <summary>
/// Creates the DTLS server side of each transport with our certificate, and runs every handshake through
/// one scheduler so a flood of ClientHellos cannot start unbounded handshake threads.
/// </summary>
public sealed class DtlsSessionFactory(DtlsCertificate certificate, DtlsHandshakeScheduler? scheduler = null, DtlsHandshakeOptions? options = null)
{
    private readonly DtlsHandshakeScheduler _scheduler = scheduler ?? new DtlsHandshakeScheduler();

    public DtlsCertificate Certificate { get; } = certificate;

    /// <param name="expectedRemoteFingerprint">The peer's a=fingerprint (sha-256) from its SDP.</param>
    /// <param name="send">Sends one DTLS datagram to the peer; called from the handshake thread.</param>
    public DtlsSession CreateServer(string expectedRemoteFingerprint, Action<ReadOnlyMemory<byte>> send)
    {
        var channel = new DtlsDatagramChannel(send);
        var handshake = new DtlsHandshake(DtlsRole.Server, Certificate, expectedRemoteFingerprint, channel, options);
        return new DtlsSession(handshake, _scheduler);
    }
}

/// <summary>One peer's DTLS: received records go in from the worker thread, the handshake runs on its own thread.</summary>
public sealed class DtlsSession(DtlsHandshake handshake, DtlsHandshakeScheduler scheduler) : IDisposable
{
    /// <summary>Queues a received record; false when the queue is full (the record is dropped, DTLS retransmits).</summary>
    public bool EnqueueIncoming(ReadOnlySpan<byte> datagram) => handshake.Channel.EnqueueIncoming(datagram);

    public Task<DtlsHandshakeResult> HandshakeAsync() => scheduler.RunAsync(handshake);

    /// <summary>
    /// Raised (on a DTLS thread) when the association ends after the handshake. Only close_notify and fatal
    /// alerts from the peer mean it is gone: BouncyCastle also ends on one forged record (<see cref="DtlsCloseReason.Error"/>),
    /// which must not let a spoofer tear down media whose SRTP keys are already in place.
    /// </summary>
    public event Action<DtlsCloseReason>? Closed
    {
        add => handshake.Closed += value;
        remove => handshake.Closed -= value;
    }

    public void Dispose() => handshake.Dispose();
}
