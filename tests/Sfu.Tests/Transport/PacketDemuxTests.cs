using System.Net;
using System.Net.Sockets;
using Sfu.Transport;

namespace Sfu.Tests.Transport;

public class PacketDemuxTests
{
    // RFC 7983 section 7: [0..3] STUN, [20..63] DTLS, [128..191] RTP/RTCP; RFC 5761 section 4: PT 192..223 is RTCP.
    [Theory]
    [InlineData(0x00, 0x01, PacketClass.Stun)]
    [InlineData(0x03, 0x00, PacketClass.Stun)]
    [InlineData(0x04, 0x00, PacketClass.Unknown)]
    [InlineData(0x13, 0x00, PacketClass.Unknown)]
    [InlineData(0x14, 0xFE, PacketClass.Dtls)]
    [InlineData(0x16, 0xFE, PacketClass.Dtls)]
    [InlineData(0x3F, 0xFE, PacketClass.Dtls)]
    [InlineData(0x40, 0x00, PacketClass.Unknown)]
    [InlineData(0x7F, 0x00, PacketClass.Unknown)]
    [InlineData(0x80, 0x60, PacketClass.Rtp)]
    [InlineData(0x80, 0xE0, PacketClass.Rtp)] // marker bit + PT 96
    [InlineData(0x80, 0xC8, PacketClass.Rtcp)] // SR
    [InlineData(0x81, 0xC9, PacketClass.Rtcp)] // RR
    [InlineData(0x8F, 0xCE, PacketClass.Rtcp)] // PSFB
    [InlineData(0x80, 0xDF, PacketClass.Rtcp)]
    [InlineData(0xBF, 0x00, PacketClass.Rtp)]
    [InlineData(0xC0, 0x00, PacketClass.Unknown)]
    public void First_bytes_decide_the_protocol(byte first, byte second, PacketClass expected) =>
        Assert.Equal(expected, PacketDemux.Classify([first, second, 0, 0]));

    [Fact]
    public void Datagrams_shorter_than_two_bytes_are_unknown()
    {
        Assert.Equal(PacketClass.Unknown, PacketDemux.Classify([]));
        Assert.Equal(PacketClass.Unknown, PacketDemux.Classify([0x80]));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(7983);
        byte[] buffer = new byte[64];
        for (int i = 0; i < 100_000; i++)
        {
            int length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer);
            PacketClass result = PacketDemux.Classify(buffer.AsSpan(0, length));
            Assert.True(Enum.IsDefined(result));
        }
    }

    [Theory]
    [InlineData("127.0.0.1", 5000)]
    [InlineData("10.1.2.3", 65535)]
    [InlineData("2001:db8::7", 443)]
    public void Socket_address_keys_round_trip_and_compare_by_value(string ip, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(ip), port);
        Assert.True(SocketAddressKey.TryCreate(endPoint.Serialize(), out SocketAddressKey key));
        Assert.Equal(endPoint, key.ToEndPoint());
        Assert.Equal(SocketAddressKey.FromEndPoint(endPoint), key);
        Assert.NotEqual(SocketAddressKey.FromEndPoint(new IPEndPoint(endPoint.Address, port == 1 ? 2 : 1)), key);
    }

    [Fact]
    public void An_IPv4_mapped_address_from_a_dual_mode_socket_equals_the_IPv4_address()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.1"), 9);
        Assert.True(SocketAddressKey.TryCreate(mapped.Serialize(), out SocketAddressKey key));
        Assert.Equal(SocketAddressKey.FromEndPoint(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 9)), key);
        Assert.Equal(AddressFamily.InterNetwork, key.ToEndPoint().AddressFamily);
    }
}
