using System.Net;
using System.Net.Sockets;
using Sfu.Dtls;

namespace Sfu.IntegrationTests.Dtls;

/// <summary>
/// One side of a DTLS test over a real loopback UDP socket: a pump thread feeds received datagrams into the
/// channel (as the SFU's packet loop would), and the channel's sends go out on the same socket, optionally
/// through a loss rule.
/// </summary>
internal sealed class UdpDtlsEndpoint : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _pump;
    private readonly Func<int, ReadOnlyMemory<byte>, bool>? _dropOutgoing;
    private EndPoint? _remote;
    private int _sendIndex;
    private int _dropped;

    /// <param name="dropOutgoing">Given the 0-based index of an outgoing datagram and its bytes, true drops it.</param>
    public UdpDtlsEndpoint(Func<int, ReadOnlyMemory<byte>, bool>? dropOutgoing = null, int channelCapacity = DtlsDatagramChannel.DefaultCapacity)
    {
        _dropOutgoing = dropOutgoing;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        Channel = new DtlsDatagramChannel(Send, capacity: channelCapacity);
        _pump = new Thread(ReceiveLoop) { IsBackground = true, Name = "udp-dtls-pump" };
        _pump.Start();
    }

    public IPEndPoint LocalEndPoint { get; }

    public DtlsDatagramChannel Channel { get; }

    public int DroppedOutgoing => Volatile.Read(ref _dropped);

    public int SentOutgoing => Volatile.Read(ref _sendIndex);

    public void ConnectTo(UdpDtlsEndpoint other) => _remote = other.LocalEndPoint;

    public void ConnectTo(IPEndPoint remote) => _remote = remote;

    private void Send(ReadOnlyMemory<byte> datagram)
    {
        int index = Interlocked.Increment(ref _sendIndex) - 1;
        if (_dropOutgoing is not null && _dropOutgoing(index, datagram))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        EndPoint? remote = _remote;
        if (remote is null)
        {
            return;
        }

        try
        {
            _socket.SendTo(datagram.Span, SocketFlags.None, remote);
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }

    private void ReceiveLoop()
    {
        byte[] buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                continue;
            }
            catch (Exception)
            {
                return;
            }

            Channel.EnqueueIncoming(buffer.AsSpan(0, length));
        }
    }

    public void Dispose()
    {
        _socket.Close();
        _pump.Join(TimeSpan.FromSeconds(5));
        Channel.Close();
    }
}
