namespace Sfu.Client;

/// <summary>
/// Where a <see cref="ClientTransport"/> puts the datagrams it sends to the server: a UDP socket
/// (<see cref="ClientPeer"/>) or a test's in-memory delivery.
/// </summary>
public interface IClientDatagramSender
{
    /// <summary>
    /// Sends one datagram to the server. The span is only valid during the call. Called on whatever thread made the
    /// datagram: the caller of <see cref="ClientTransport.Poll"/> or of a send, or the DTLS handshake's thread.
    /// </summary>
    bool Send(ReadOnlySpan<byte> datagram);
}
