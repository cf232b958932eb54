using Sfu.Dtls;
using Sfu.Transport;

namespace Sfu.Engine.Commands;

/// <summary>A DTLS handshake finished on its own thread; its keys (or its failure) are applied on the transport's worker.</summary>
internal sealed class DtlsCompletedCommand(WebRtcTransport transport, DtlsSession session, DtlsHandshakeResult? result, string? error) : WorkerCommand
{
    internal override void Execute() => transport.OnDtlsCompleted(session, result, error);
}

/// <summary>The peer closed DTLS (close_notify or a fatal alert); the transport closes on its worker.</summary>
internal sealed class DtlsClosedByPeerCommand(WebRtcTransport transport, DtlsSession session) : WorkerCommand
{
    internal override void Execute() => transport.OnDtlsClosedByPeer(session);
}
