using System.Net;
using System.Net.Sockets;
using Sfu.Transport;

namespace Sfu.Client;

/// <summary>
/// The I/O half of a <see cref="ClientPeer"/>: one UDP socket whose receive thread hands every datagram to the
/// peer's <see cref="ClientTransport"/> with the time it arrived, and which sends the transport's datagrams to the
/// server's candidate.
/// </summary>
internal sealed class ClientUdpEndpoint : IClientDatagramSender, IDisposable
{
    private const int ReceiveBufferSize = 2048;

    private readonly Socket _socket;
    private readonly TimeProvider _time;
    private Thread? _receiveThread;
    private volatile SocketAddress? _server;
    private volatile bool _disposed;

    public ClientUdpEndpoint(string bindAddress, int socketBufferBytes, TimeProvider time)
    {
        IPAddress address = IPAddress.Parse(bindAddress);
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = socketBufferBytes,
            SendBufferSize = socketBufferBytes,
        };
        _socket.Bind(new IPEndPoint(address, 0));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _time = time;
        ReceiveLimit = new ClientReceiveRateLimiter(time.TimestampFrequency);
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The throttle on received RTP (off until a limit is set).</summary>
    public ClientReceiveRateLimiter ReceiveLimit { get; }

    /// <summary>Where datagrams go: the server's candidate, from its first description. Nothing is sent before.</summary>
    public void SetServer(IPEndPoint candidate) => _server = candidate.Serialize();

    /// <summary>Starts the receive thread, which feeds <paramref name="transport"/> until disposed.</summary>
    public void Start(ClientTransport transport, string threadName)
    {
        _receiveThread = new Thread(() => ReceiveLoop(transport)) { IsBackground = true, Name = threadName };
        _receiveThread.Start();
    }

    public bool Send(ReadOnlySpan<byte> datagram)
    {
        SocketAddress? to = _server;
        if (to is null || _disposed)
        {
            return false;
        }

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

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
        if (_receiveThread is { } thread && Thread.CurrentThread != thread)
        {
            thread.Join(TimeSpan.FromSeconds(2));
        }
    }

    private void ReceiveLoop(ClientTransport transport)
    {
        byte[] buffer = new byte[ReceiveBufferSize];
        var from = new SocketAddress(_socket.AddressFamily);
        // Only so a disposed peer's thread notices even if closing the socket did not wake the blocked call.
        _socket.ReceiveTimeout = 500;
        while (!_disposed)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException)
            {
                continue; // timeout, or ICMP port unreachable surfacing on a later call
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            long now = _time.GetTimestamp();
            if (length > 0 && (PacketDemux.Classify(buffer.AsSpan(0, length)) != PacketClass.Rtp || ReceiveLimit.Admit(length, now)))
            {
                transport.Receive(buffer.AsSpan(0, length), now);
            }
        }
    }
}
