using System.Net;
using System.Net.Sockets;

namespace Sfu.IntegrationTests.Resilience;

/// <summary>
/// A user-space impairment between one client and the SFU's UDP port (the kernel here has no netem): the client sends
/// to <see cref="ClientFacingEndPoint"/>, the relay forwards from its own server-facing socket, and the SFU, which is
/// ICE-lite and learns addresses from STUN, sees the relay as the client. Each direction has its
/// <see cref="RtpLossPolicy"/>. One thread per direction; both stop on <see cref="Dispose"/> or after the lifetime.
/// </summary>
internal sealed class LossyUdpRelay : IDisposable
{
    private const int BufferBytes = 4 * 1024 * 1024;

    private readonly Socket _clientFacing;
    private readonly Socket _serverFacing;
    private readonly IPEndPoint _server;
    private readonly RtpLossPolicy _uplink;
    private readonly RtpLossPolicy _downlink;
    private readonly long _deadline;
    private readonly Thread _up;
    private readonly Thread _down;
    private volatile IPEndPoint? _client;
    private volatile bool _stopped;
    private long _upForwarded;
    private long _downForwarded;

    /// <param name="server">The SFU's media endpoint.</param>
    /// <param name="uplink">Loss from the client to the SFU.</param>
    /// <param name="downlink">Loss from the SFU to the client.</param>
    /// <param name="lifetime">The relay stops by itself after this long (default 60 s), so a hung test cannot leak it.</param>
    public LossyUdpRelay(IPEndPoint server, RtpLossPolicy uplink, RtpLossPolicy downlink, TimeSpan? lifetime = null)
    {
        _server = server;
        _uplink = uplink;
        _downlink = downlink;
        _deadline = Environment.TickCount64 + (long)(lifetime ?? TimeSpan.FromSeconds(60)).TotalMilliseconds;
        _clientFacing = Bind(server.Address);
        _serverFacing = Bind(server.Address);
        ClientFacingEndPoint = (IPEndPoint)_clientFacing.LocalEndPoint!;
        _up = new Thread(() => Pump(_clientFacing, isUplink: true)) { IsBackground = true, Name = "relay-up" };
        _down = new Thread(() => Pump(_serverFacing, isUplink: false)) { IsBackground = true, Name = "relay-down" };
        _up.Start();
        _down.Start();
    }

    /// <summary>The address to announce to the client as the server's candidate.</summary>
    public IPEndPoint ClientFacingEndPoint { get; }

    public long UplinkForwarded => Interlocked.Read(ref _upForwarded);

    public long DownlinkForwarded => Interlocked.Read(ref _downForwarded);

    private static Socket Bind(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = BufferBytes,
            SendBufferSize = BufferBytes,
            ReceiveTimeout = 200, // so the thread sees a stop without a datagram
        };
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    private void Pump(Socket from, bool isUplink)
    {
        byte[] buffer = new byte[2048];
        EndPoint source = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopped && Environment.TickCount64 < _deadline)
        {
            int length;
            try
            {
                length = from.ReceiveFrom(buffer, ref source);
            }
            catch (SocketException)
            {
                continue; // timeout, or an ICMP error from an earlier send
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            ReadOnlySpan<byte> datagram = buffer.AsSpan(0, length);
            if (isUplink)
            {
                _client = (IPEndPoint)source;
                if (!_uplink.ShouldDrop(datagram) && TrySend(_serverFacing, datagram, _server))
                {
                    Interlocked.Increment(ref _upForwarded);
                }
            }
            else if (((IPEndPoint)source).Equals(_server) && _client is { } client && !_downlink.ShouldDrop(datagram)
                && TrySend(_clientFacing, datagram, client))
            {
                Interlocked.Increment(ref _downForwarded);
            }
        }
    }

    private static bool TrySend(Socket socket, ReadOnlySpan<byte> datagram, IPEndPoint to)
    {
        try
        {
            return socket.SendTo(datagram, SocketFlags.None, to) == datagram.Length;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _clientFacing.Dispose();
        _serverFacing.Dispose();
        _up.Join(TimeSpan.FromSeconds(2));
        _down.Join(TimeSpan.FromSeconds(2));
    }
}
