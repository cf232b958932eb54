using Sfu.Dtls;

namespace Sfu.Transport;

/// <summary>
/// The way back onto the worker thread that owns a transport, for what finishes elsewhere: a DTLS handshake runs on its
/// own thread (BouncyCastle's blocks), and its outcome must be applied by the one thread that owns the transport.
/// Implementations queue a typed command; they never run the work inline on the calling thread.
/// </summary>
public interface ITransportWorkQueue
{
    /// <summary>The handshake of <paramref name="session"/> ended: with keys, or with <paramref name="error"/>.</summary>
    void PostDtlsCompleted(WebRtcTransport transport, DtlsSession session, DtlsHandshakeResult? result, string? error);

    /// <summary>The peer closed DTLS (close_notify or a fatal alert).</summary>
    void PostDtlsClosedByPeer(WebRtcTransport transport, DtlsSession session);
}
