using System.Buffers.Binary;
using System.Text;
using Sfu.Wire.Stun;

namespace Sfu.Tests.Wire.Stun;

public class StunMessageTests
{
    private static readonly byte[] TransactionId = StunTestVectors.FromHex("01 02 03 04 05 06 07 08 09 0a 0b 0c");

    [Fact]
    public void TryRead_AcceptsHeaderOnlyMessage()
    {
        byte[] packet = Build(StunMessageType.BindingRequest, static (ref StunWriter _) => { });

        Assert.Equal(20, packet.Length);
        Assert.True(StunMessage.TryRead(packet, out StunMessage msg));
        Assert.False(msg.HasMessageIntegrity);
        Assert.False(msg.HasFingerprint);
        Assert.False(msg.TryGetUsername(out _));
    }

    [Fact]
    public void TryRead_RejectsShortPacket()
    {
        Assert.False(StunMessage.TryRead(StunTestVectors.Request.AsSpan(0, 19), out _));
        Assert.False(StunMessage.TryRead(ReadOnlySpan<byte>.Empty, out _));
    }

    [Theory]
    [InlineData(0x80)]
    [InlineData(0x40)]
    public void TryRead_RejectsLeadingBitsSet(byte bits)
    {
        byte[] packet = (byte[])StunTestVectors.Request.Clone();
        packet[0] |= bits;

        Assert.False(StunMessage.TryRead(packet, out _));
    }

    [Fact]
    public void TryRead_RejectsWrongMagicCookie()
    {
        byte[] packet = (byte[])StunTestVectors.Request.Clone();
        packet[7] ^= 0x01;

        Assert.False(StunMessage.TryRead(packet, out _));
    }

    [Theory]
    [InlineData(-4)]
    [InlineData(4)]
    [InlineData(1)]
    [InlineData(-2)]
    public void TryRead_RejectsLengthThatDoesNotMatchPacket(int delta)
    {
        byte[] packet = (byte[])StunTestVectors.Request.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(packet.Length - 20 + delta));

        Assert.False(StunMessage.TryRead(packet, out _));
    }

    [Fact]
    public void TryRead_RejectsTrailingBytesBeyondLength()
    {
        byte[] packet = [.. StunTestVectors.Request, 0, 0, 0, 0];

        Assert.False(StunMessage.TryRead(packet, out _));
    }

    [Fact]
    public void TryRead_RejectsAttributeOverrunningMessage()
    {
        byte[] packet = (byte[])StunTestVectors.Request.Clone();
        // The SOFTWARE attribute at offset 20 claims 0x00FF bytes.
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), 0x00FF);

        Assert.False(StunMessage.TryRead(packet, out _));
    }

    [Fact]
    public void TryRead_RejectsPaddingCutShort()
    {
        // One attribute of 5 bytes needs 8 bytes with padding; the body only gives 4 + 4.
        byte[] packet = new byte[20 + 8];
        BinaryPrimitives.WriteUInt16BigEndian(packet, 0x0001);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 8);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), StunMessage.MagicCookie);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), StunAttributeType.Software);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), 5);

        Assert.False(StunMessage.TryRead(packet, out _));
    }

    [Theory]
    [InlineData(0x0001, 0x001, StunMessageClass.Request)]
    [InlineData(0x0011, 0x001, StunMessageClass.Indication)]
    [InlineData(0x0101, 0x001, StunMessageClass.SuccessResponse)]
    [InlineData(0x0111, 0x001, StunMessageClass.ErrorResponse)]
    [InlineData(0x0003, 0x003, StunMessageClass.Request)] // TURN Allocate
    [InlineData(0x0113, 0x003, StunMessageClass.ErrorResponse)]
    [InlineData(0x3EEF, 0xFFF, StunMessageClass.Request)]
    public void MethodAndClass_AreDecodedFromInterleavedBits(ushort type, ushort method, StunMessageClass messageClass)
    {
        byte[] packet = Build((StunMessageType)type, static (ref StunWriter _) => { });

        Assert.True(StunMessage.TryRead(packet, out StunMessage msg));
        Assert.Equal(method, msg.Method);
        Assert.Equal(messageClass, msg.Class);
    }

    [Fact]
    public void TryGetAttribute_IgnoresAttributesAfterMessageIntegrityExceptFingerprint()
    {
        byte[] packet = Build(StunMessageType.BindingRequest, static (ref StunWriter w) =>
        {
            w.AddMessageIntegrity("key"u8);
            w.AddUsername("late:user"u8);
            w.AddFingerprint();
        });

        Assert.True(StunMessage.TryRead(packet, out StunMessage msg));
        Assert.False(msg.TryGetUsername(out _));
        Assert.True(msg.TryGetAttribute(StunAttributeType.Fingerprint, out _));
        Assert.True(msg.TryGetAttribute(StunAttributeType.MessageIntegrity, out _));
        Assert.True(msg.VerifyFingerprint());
    }

    [Fact]
    public void TryGetAttribute_ReturnsFirstOccurrence()
    {
        byte[] packet = Build(StunMessageType.BindingRequest, static (ref StunWriter w) =>
        {
            w.AddPriority(1);
            w.AddPriority(2);
        });

        Assert.True(StunMessage.TryRead(packet, out StunMessage msg));
        Assert.True(msg.TryGetPriority(out uint priority));
        Assert.Equal(1u, priority);
    }

    [Fact]
    public void TypedGetters_RejectWrongValueLengths()
    {
        byte[] packet = Build(StunMessageType.BindingRequest, static (ref StunWriter w) =>
        {
            w.AddAttribute(StunAttributeType.Priority, [1, 2, 3]);
            w.AddAttribute(StunAttributeType.IceControlling, [1, 2, 3, 4]);
            w.AddAttribute(StunAttributeType.IceControlled, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
            w.AddAttribute(StunAttributeType.ErrorCode, [0, 0, 4]);
            w.AddAttribute(StunAttributeType.XorMappedAddress, [0, 1, 0, 0, 1, 2, 3]);
        });

        Assert.True(StunMessage.TryRead(packet, out StunMessage msg));
        Assert.False(msg.TryGetPriority(out _));
        Assert.False(msg.TryGetIceControlling(out _));
        Assert.False(msg.TryGetIceControlled(out _));
        Assert.False(msg.TryGetErrorCode(out _, out _));
        Assert.False(msg.TryGetXorMappedAddress(out System.Net.IPEndPoint? endPoint));
        Assert.Null(endPoint);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 2, 0 })] // class 2 is not an error class
    [InlineData(new byte[] { 0, 0, 7, 0 })] // class 7 neither
    [InlineData(new byte[] { 0, 0, 4, 100 })] // number above 99
    public void TryGetErrorCode_RejectsOutOfRangeValues(byte[] value)
    {
        byte[] packet = Build(StunMessageType.BindingErrorResponse, (ref StunWriter w) => w.AddAttribute(StunAttributeType.ErrorCode, value));

        Assert.True(StunMessage.TryRead(packet, out StunMessage msg));
        Assert.False(msg.TryGetErrorCode(out _, out _));
    }

    [Fact]
    public void ErrorCode_RoundTrips()
    {
        byte[] packet = Build(StunMessageType.BindingErrorResponse, static (ref StunWriter w) => w.AddErrorCode(487, "Role Conflict"));

        Assert.True(StunMessage.TryRead(packet, out StunMessage msg));
        Assert.True(msg.TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason));
        Assert.Equal(487, code);
        Assert.Equal("Role Conflict", Encoding.UTF8.GetString(reason));
        Assert.Equal(StunTestVectors.FromHex("00 09 00 11 00 00 04 57"), packet.AsSpan(20, 8).ToArray());
    }

    [Fact]
    public void VerifyMessageIntegrity_FailsOnAnyFlippedBitBeforeIt()
    {
        byte[] original = StunTestVectors.Request;
        byte[] key = Encoding.UTF8.GetBytes(StunTestVectors.ShortTermPassword);
        int integrityOffset = 20 + 20 + 8 + 12 + 16;
        for (int i = 0; i < integrityOffset + 24; i++)
        {
            if (i is 2 or 3)
            {
                continue; // the length field must stay consistent for TryRead
            }

            byte[] packet = (byte[])original.Clone();
            packet[i] ^= 0x01;
            if (StunMessage.TryRead(packet, out StunMessage msg))
            {
                Assert.False(msg.VerifyMessageIntegrity(key), $"bit flip at {i} went unnoticed");
            }
        }
    }

    [Fact]
    public void VerifyFingerprint_FailsWhenFingerprintIsNotLast()
    {
        byte[] packet = Build(StunMessageType.BindingRequest, static (ref StunWriter w) =>
        {
            w.AddFingerprint();
            w.AddPriority(7);
        });

        Assert.True(StunMessage.TryRead(packet, out StunMessage msg));
        Assert.True(msg.HasFingerprint);
        Assert.False(msg.VerifyFingerprint());
    }

    [Fact]
    public void VerifyFingerprint_FailsOnCorruptedBody()
    {
        byte[] packet = (byte[])StunTestVectors.IPv4Response.Clone();
        packet[30] ^= 0x80;

        Assert.True(StunMessage.TryRead(packet, out StunMessage msg));
        Assert.False(msg.VerifyFingerprint());
    }

    [Fact]
    public void VerifyMessageIntegrity_HandlesMessagesLargerThanTheStackCopy()
    {
        byte[] big = new byte[1500];
        byte[] packet = Build(StunMessageType.BindingRequest, (ref StunWriter w) =>
        {
            w.AddAttribute(0x8050, big);
            w.AddMessageIntegrity("secret"u8);
            w.AddFingerprint();
        }, 2048);

        Assert.True(StunMessage.TryRead(packet, out StunMessage msg));
        Assert.True(msg.VerifyMessageIntegrity("secret"u8));
        Assert.False(msg.VerifyMessageIntegrity("secreT"u8));
        Assert.True(msg.VerifyFingerprint());
    }

    [Fact]
    public void GetAttributes_EnumeratesInWireOrder()
    {
        Assert.True(StunMessage.TryRead(StunTestVectors.Request, out StunMessage msg));
        var types = new List<ushort>();
        foreach (StunAttribute attribute in msg.GetAttributes())
        {
            types.Add(attribute.Type);
        }

        Assert.Equal(
            [StunAttributeType.Software, StunAttributeType.Priority, StunAttributeType.IceControlled, StunAttributeType.Username, StunAttributeType.MessageIntegrity, StunAttributeType.Fingerprint],
            types);
    }

    [Fact]
    public void LooksLikeStun_ChecksBitsAndCookieOnly()
    {
        Assert.True(StunMessage.LooksLikeStun(StunTestVectors.Request));
        Assert.False(StunMessage.LooksLikeStun(StunTestVectors.Request.AsSpan(0, 19)));
        byte[] rtp = (byte[])StunTestVectors.Request.Clone();
        rtp[0] = 0x80; // RTP version 2 sets the top bit
        Assert.False(StunMessage.LooksLikeStun(rtp));
        byte[] noCookie = (byte[])StunTestVectors.Request.Clone();
        noCookie[4] = 0;
        Assert.False(StunMessage.LooksLikeStun(noCookie));
        byte[] badLength = (byte[])StunTestVectors.Request.Clone();
        badLength[3] = 1;
        Assert.True(StunMessage.LooksLikeStun(badLength)); // lengths are TryRead's job
    }

    internal delegate void WriteAttributes(ref StunWriter writer);

    internal static byte[] Build(StunMessageType type, WriteAttributes write, int capacity = 512)
    {
        byte[] buffer = new byte[capacity];
        var writer = new StunWriter(buffer, type, TransactionId);
        write(ref writer);
        Assert.False(writer.HasOverflowed);
        return writer.Written.ToArray();
    }
}
