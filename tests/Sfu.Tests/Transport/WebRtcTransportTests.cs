using System.Net;
using System.Net.Sockets;
using System.Text;
using Sfu.Dtls;
using Sfu.Ice;
using Sfu.Transport;
using Sfu.Wire.Stun;

namespace Sfu.Tests.Transport;

/// <summary>ICE-lite on the shared port without sockets: which datagrams bind an address, and when a peer is gone.</summary>
public class WebRtcTransportTests
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.CreateSelfSigned();
    private static readonly long Second = TimeSpan.TicksPerSecond;

    private readonly Recorder _sender = new();
    private readonly TransportTable _table = new();
    private readonly DatagramDispatcher _dispatcher;
    private readonly WebRtcTransport _transport;
    private readonly Listener _listener = new();
    private readonly IceCredentials _browser = new("brow", "browserPassword12345678901");

    public WebRtcTransportTests()
    {
        var context = new PortContext(_sender, _table, new DtlsSessionFactory(Certificate), new TestWorkQueue(inline: true), TimeSpan.FromSeconds(30));
        _dispatcher = new DatagramDispatcher(_table);
        _transport = new WebRtcTransport(context, _listener, "peer");
        _table.Add(_transport);
        _transport.SetRemoteIce(_browser.LocalUfrag, _browser.LocalPwd);
        _browser.SetRemote(_transport.Ice.LocalUfrag, _transport.Ice.LocalPwd);
    }

    [Fact]
    public void A_valid_binding_request_binds_the_address_and_is_answered()
    {
        Send(Request(useCandidate: true), From("10.0.0.1", 5000), Second);

        Assert.Equal(1, _sender.Sent);
        Assert.Equal(TransportState.IceConnected, _transport.State);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 5000), _transport.RemoteEndPoint);
        Assert.True(_table.TryGetByAddress(SocketAddressKey.FromEndPoint(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 5000)), out _));
    }

    [Fact]
    public void A_request_with_the_wrong_password_binds_nothing_and_gets_no_answer()
    {
        var impostor = new IceCredentials("brow", "someOtherPassword1234567890");
        impostor.SetRemote(_transport.Ice.LocalUfrag, "notTheServersPassword123456");
        byte[] request = Request(useCandidate: true, impostor);

        Send(request, From("10.0.0.9", 6000), Second);

        Assert.Equal(0, _sender.Sent);
        Assert.Equal(TransportState.New, _transport.State);
        Assert.Null(_transport.RemoteEndPoint);
    }

    [Theory]
    [InlineData(new byte[] { 0x17, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0 })] // DTLS application data
    [InlineData(new byte[] { 0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 })] // RTP
    [InlineData(new byte[] { 0x80, 0xC8, 0, 6, 0, 0, 0, 1 })] // RTCP
    public void Anything_but_STUN_from_an_unknown_address_is_dropped(byte[] datagram)
    {
        Send(datagram, From("10.0.0.1", 5000), Second);

        Assert.Equal(0, _sender.Sent);
        Assert.Equal(TransportState.New, _transport.State);
    }

    [Fact]
    public void A_newly_nominated_address_takes_over_after_a_network_change()
    {
        Send(Request(useCandidate: true), From("10.0.0.1", 5000), Second);
        Send(Request(useCandidate: false), From("192.168.1.7", 7000), 2 * Second);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 5000), _transport.RemoteEndPoint);

        Send(Request(useCandidate: true), From("192.168.1.7", 7000), 3 * Second);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.168.1.7"), 7000), _transport.RemoteEndPoint);
        Assert.Equal(2, _transport.BoundAddresses.Count);
    }

    [Fact]
    public void A_request_without_message_integrity_naming_a_known_ufrag_gets_no_answer_and_binds_nothing()
    {
        byte[] buffer = new byte[128];
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, new byte[12]);
        writer.AddUsername(Encoding.ASCII.GetBytes(_transport.Ice.LocalUfrag + ":brow"));
        writer.AddFingerprint();

        Send(writer.Written.ToArray(), From("203.0.113.5", 5000), Second);

        Assert.Equal(0, _sender.Sent);
        Assert.Equal(TransportState.New, _transport.State);
        Assert.Empty(_transport.BoundAddresses);
    }

    [Fact]
    public void A_peer_binds_at_most_a_few_addresses_and_keeps_the_selected_one()
    {
        Send(Request(useCandidate: true), From("10.0.0.1", 5000), Second);
        for (int port = 6000; port < 6010; port++)
        {
            Send(Request(useCandidate: false), From("192.168.1.7", port), 2 * Second);
        }

        Assert.Equal(WebRtcTransport.MaxBoundAddresses, _transport.BoundAddresses.Count);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 5000), _transport.RemoteEndPoint);
        Assert.Contains(SocketAddressKey.FromEndPoint(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 5000)), _transport.BoundAddresses);
        Assert.True(_table.TryGetByAddress(SocketAddressKey.FromEndPoint(new IPEndPoint(IPAddress.Parse("192.168.1.7"), 6009)), out _));
        Assert.False(_table.TryGetByAddress(SocketAddressKey.FromEndPoint(new IPEndPoint(IPAddress.Parse("192.168.1.7"), 6000)), out _));

        // Every check was answered: an evicted address comes back with its next check.
        Assert.Equal(11, _sender.Sent);
        Send(Request(useCandidate: false), From("192.168.1.7", 6000), 3 * Second);
        Assert.True(_table.TryGetByAddress(SocketAddressKey.FromEndPoint(new IPEndPoint(IPAddress.Parse("192.168.1.7"), 6000)), out _));
        Assert.Equal(WebRtcTransport.MaxBoundAddresses, _transport.BoundAddresses.Count);
    }

    [Fact]
    public void Consent_expires_thirty_seconds_after_the_last_valid_check_and_releases_the_transport()
    {
        Send(Request(useCandidate: true), From("10.0.0.1", 5000), Second);
        _transport.Tick(Second);
        Send(Request(useCandidate: false), From("10.0.0.1", 5000), 20 * Second);

        _transport.Tick(49 * Second);
        Assert.NotEqual(TransportState.Closed, _transport.State);

        _transport.Tick(51 * Second);
        Assert.Equal(TransportState.Closed, _transport.State);
        Assert.Equal("ICE consent expired", _listener.ClosedReason);
        Assert.False(_table.TryGetByAddress(SocketAddressKey.FromEndPoint(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 5000)), out _));
        Assert.Equal(0, _table.Count);
    }

    [Fact]
    public void A_peer_that_never_checks_in_is_released_too()
    {
        _transport.Tick(Second);
        _transport.Tick(32 * Second);

        Assert.Equal(TransportState.Closed, _transport.State);
        Assert.Equal("ICE did not connect", _listener.ClosedReason);
    }

    [Fact]
    public void SRTP_before_DTLS_completed_is_dropped_not_delivered()
    {
        Send(Request(useCandidate: true), From("10.0.0.1", 5000), Second);
        Send([0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 2, 3, 4], From("10.0.0.1", 5000), 2 * Second);

        Assert.Equal(0, _listener.RtpPackets);
    }

    private byte[] Request(bool useCandidate, IceCredentials? credentials = null)
    {
        var client = new IceClient(credentials ?? _browser);
        byte[] buffer = new byte[256];
        Span<byte> transaction = stackalloc byte[12];
        IceClient.NewTransactionId(transaction);
        int length = client.WriteBindingRequest(buffer, transaction, priority: 1234, useCandidate);
        Assert.True(length > 0);
        return buffer[..length];
    }

    private static SocketAddress From(string ip, int port) => new IPEndPoint(IPAddress.Parse(ip), port).Serialize();

    private void Send(byte[] datagram, SocketAddress from, long now) => _dispatcher.Dispatch(datagram.AsSpan(), from, now);

    private sealed class Recorder : IDatagramSender
    {
        public int Sent { get; private set; }

        public bool Send(ReadOnlySpan<byte> datagram, SocketAddress to)
        {
            Sent++;
            return true;
        }
    }

    private sealed class Listener : ITransportListener
    {
        public string? ClosedReason { get; private set; }

        public int RtpPackets { get; private set; }

        public void OnTransportConnected(WebRtcTransport transport)
        {
        }

        public void OnRtp(WebRtcTransport transport, Span<byte> packet, long nowTicks) => RtpPackets++;

        public void OnRtcp(WebRtcTransport transport, Span<byte> packet, long nowTicks)
        {
        }

        public void OnTransportClosed(WebRtcTransport transport, string reason) => ClosedReason = reason;
    }
}
