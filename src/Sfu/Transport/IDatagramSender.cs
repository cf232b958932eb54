using System.Net;

namespace Sfu.Transport;

/// <summary>Sends one datagram to a peer; <see cref="UdpSocket"/> in production, a recorder in routing tests.</summary>
public interface IDatagramSender
{
    /// <summary>Returns false when the datagram could not be sent (the caller counts the loss).</summary>
    bool Send(ReadOnlySpan<byte> datagram, SocketAddress to);
}
