using System.Net;
using System.Net.Sockets;

namespace Sfu.Transport;

/// <summary>
/// The one UDP socket a media worker receives and sends on. Uses the .NET 8+ overloads that take a
/// <see cref="SocketAddress"/> so the receive loop reuses one address object (hot-path rule 8).
/// Sending is thread-safe (the kernel serializes datagrams); receiving belongs to the worker thread.
/// </summary>
public sealed class UdpSocket : IDatagramSender, IDisposable
{
    private const int SocketBufferBytes = 4 * 1024 * 1024;
    private readonly Socket _socket;

    public UdpSocket(IPEndPoint bindTo)
    {
        _socket = new Socket(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bindTo.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = true;
        }

        _socket.ReceiveBufferSize = SocketBufferBytes;
        _socket.SendBufferSize = SocketBufferBytes;
        _socket.Bind(bindTo);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        AddressFamily = bindTo.AddressFamily;
    }

    public IPEndPoint LocalEndPoint { get; }

    public AddressFamily AddressFamily { get; }

    /// <summary>A reusable address object of the right family for <see cref="Receive"/>.</summary>
    public SocketAddress CreateAddress() => new(AddressFamily);

    /// <summary>Waits up to <paramref name="microseconds"/> for a datagram to be ready.</summary>
    public bool Poll(int microseconds)
    {
        try
        {
            return _socket.Poll(microseconds, SelectMode.SelectRead);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Receives one datagram; returns its length, or -1 when the socket reports an error (ICMP unreachable and the like).</summary>
    public int Receive(Span<byte> buffer, SocketAddress from)
    {
        try
        {
            return _socket.ReceiveFrom(buffer, SocketFlags.None, from);
        }
        catch (SocketException)
        {
            // A previous send to a closed port surfaces here on some platforms; the socket stays usable.
            return -1;
        }
    }

    /// <summary>Sends one datagram; returns false when the kernel refused it (the packet is lost, the caller counts it).</summary>
    public bool Send(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        try
        {
            return _socket.SendTo(datagram, SocketFlags.None, to) == datagram.Length;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();
}
