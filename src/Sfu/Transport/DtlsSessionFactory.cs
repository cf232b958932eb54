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

    public void Dispose() => handshake.Dispose();
}
