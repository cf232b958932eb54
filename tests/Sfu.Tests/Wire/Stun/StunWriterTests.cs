using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Sfu.Wire.Stun;

namespace Sfu.Tests.Wire.Stun;

public class StunWriterTests
{
    private static readonly byte[] TransactionId = StunTestVectors.FromHex("01 02 03 04 05 06 07 08 09 0a 0b 0c");

    [Fact]
    public void Header_IsWrittenWithCookieAndTransactionId()
    {
        Span<byte> buffer = stackalloc byte[20];
        var writer = new StunWriter(buffer, StunMessageType.BindingSuccessResponse, TransactionId);

        Assert.False(writer.HasOverflowed);
        Assert.Equal(20, writer.Length);
        Assert.Equal(StunTestVectors.FromHex("01 01 00 00 21 12 a4 42 01 02 03 04 05 06 07 08 09 0a 0b 0c"), buffer.ToArray());
    }

    [Fact]
    public void Constructor_FlagsTooSmallBufferOrBadTransactionId()
    {
        Span<byte> buffer = stackalloc byte[64];

        var small = new StunWriter(buffer.Slice(0, 19), StunMessageType.BindingRequest, TransactionId);
        var shortId = new StunWriter(buffer, StunMessageType.BindingRequest, TransactionId.AsSpan(0, 11));

        Assert.True(small.HasOverflowed);
        Assert.Equal(0, small.Length);
        Assert.False(small.AddPriority(1));
        Assert.True(shortId.HasOverflowed);
        Assert.False(shortId.AddFingerprint());
    }

    [Fact]
    public void Overflow_LeavesTheMessageValidAndStopsLaterAdds()
    {
        Span<byte> buffer = stackalloc byte[20 + 8 + 4];
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, TransactionId);

        Assert.True(writer.AddPriority(5));
        Assert.False(writer.AddUsername("abcdefgh"u8)); // needs 12 bytes, only 4 left
        Assert.True(writer.HasOverflowed);
        Assert.False(writer.AddUseCandidate()); // would fit, but the writer has failed
        Assert.Equal(28, writer.Length);
        Assert.True(StunMessage.TryRead(writer.Written, out StunMessage msg));
        Assert.True(msg.TryGetPriority(out uint priority));
        Assert.Equal(5u, priority);
    }

    [Fact]
    public void ExactFit_DoesNotOverflow()
    {
        Span<byte> buffer = stackalloc byte[20 + 24 + 8];
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, TransactionId);

        Assert.True(writer.AddMessageIntegrity("k"u8));
        Assert.True(writer.AddFingerprint());
        Assert.False(writer.HasOverflowed);
        Assert.Equal(buffer.Length, writer.Length);
    }

    [Theory]
    [InlineData(299)]
    [InlineData(700)]
    [InlineData(-1)]
    public void AddErrorCode_RejectsCodesOutsideTheErrorClasses(int code)
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunWriter(buffer, StunMessageType.BindingErrorResponse, TransactionId);

        Assert.False(writer.AddErrorCode(code, "x"));
        Assert.True(writer.HasOverflowed);
        Assert.Equal(20, writer.Length);
    }

    [Fact]
    public void Padding_IsZeroByDefaultAndLengthFieldTracksAttributes()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        writer.AddUsername("abcde"u8);

        Assert.Equal(StunTestVectors.FromHex("00 06 00 05 61 62 63 64 65 00 00 00"), buffer.Slice(20, 12).ToArray());
        Assert.Equal(12, BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(2)));
    }

    [Fact]
    public void XorMappedAddress_FromIPv4SocketAddress_RoundTrips()
    {
        var endPoint = new IPEndPoint(IPAddress.Parse("203.0.113.77"), 50123);

        byte[] packet = WriteAddress(endPoint.Serialize());

        Assert.True(StunMessage.TryRead(packet, out StunMessage msg));
        Assert.True(msg.TryGetXorMappedAddress(out IPEndPoint? read));
        Assert.Equal(endPoint, read);
        Assert.True(msg.TryGetAttribute(StunAttributeType.XorMappedAddress, out ReadOnlySpan<byte> value));
        Assert.Equal(StunXorAddress.IPv4ValueLength, value.Length);
    }

    [Fact]
    public void XorMappedAddress_FromDualModeIPv4MappedSocketAddress_IsWrittenAsIPv4()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("198.51.100.9").MapToIPv6(), 4000);
        Assert.Equal(AddressFamily.InterNetworkV6, mapped.Serialize().Family);

        byte[] packet = WriteAddress(mapped.Serialize());

        Assert.True(StunMessage.TryRead(packet, out StunMessage msg));
        Assert.True(msg.TryGetXorMappedAddress(out IPEndPoint? read));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.9"), 4000), read);
    }

    [Fact]
    public void XorMappedAddress_FromIPv6SocketAddressWithScope_KeepsAddressAndPort()
    {
        var endPoint = new IPEndPoint(IPAddress.Parse("fe80::1:2:3:4%3"), 65535);

        byte[] packet = WriteAddress(endPoint.Serialize());

        Assert.True(StunMessage.TryRead(packet, out StunMessage msg));
        Span<byte> address = stackalloc byte[16];
        Assert.True(msg.TryGetXorMappedAddress(address, out int length, out ushort port));
        Assert.Equal(16, length);
        Assert.Equal(65535, port);
        Assert.Equal(IPAddress.Parse("fe80::1:2:3:4").GetAddressBytes(), address.ToArray());
    }

    [Fact]
    public void XorMappedAddress_RejectsUnsupportedFamilies()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunWriter(buffer, StunMessageType.BindingSuccessResponse, TransactionId);

        Assert.False(writer.AddXorMappedAddress(new SocketAddress(AddressFamily.Unix, 16)));
        Assert.True(writer.HasOverflowed);
    }

    [Fact]
    public void XorMappedAddress_RejectsWrongAddressLength()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunWriter(buffer, StunMessageType.BindingSuccessResponse, TransactionId);

        Assert.False(writer.AddXorMappedAddress([1, 2, 3], 1));
        Assert.True(writer.HasOverflowed);
    }

    [Fact]
    public void UnknownAttributes_AreWrittenAsBigEndianList()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunWriter(buffer, StunMessageType.BindingErrorResponse, TransactionId);

        writer.AddUnknownAttributes([0x0031, 0x7FFF, 0x0042]);

        Assert.Equal(StunTestVectors.FromHex("00 0a 00 06 00 31 7f ff 00 42 00 00"), buffer.Slice(20, 12).ToArray());
    }

    [Fact]
    public void IntegrityAndFingerprint_VerifyWithTheReader()
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        writer.AddUsername("abcd:efgh"u8);
        writer.AddIceControlling(42);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity("password-password-1234"u8);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryRead(writer.Written, out StunMessage msg));
        Assert.True(msg.VerifyMessageIntegrity("password-password-1234"u8));
        Assert.True(msg.VerifyFingerprint());
        Assert.True(msg.HasUseCandidate);
        Assert.True(msg.TryGetIceControlling(out ulong tieBreaker));
        Assert.Equal(42ul, tieBreaker);
    }

    private static byte[] WriteAddress(SocketAddress socketAddress)
    {
        byte[] buffer = new byte[64];
        var writer = new StunWriter(buffer, StunMessageType.BindingSuccessResponse, TransactionId);
        Assert.True(writer.AddXorMappedAddress(socketAddress));
        return writer.Written.ToArray();
    }
}
