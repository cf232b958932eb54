using System.Buffers.Binary;
using Sfu.Crypto.Srtp;

namespace Sfu.Tests.Crypto.Srtp;

/// <summary>Hex parsing and packet builders shared by the SRTP tests.</summary>
internal static class SrtpTestData
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty).Replace("\n", string.Empty));

    /// <summary>Session keys used as-is for both SRTP and SRTCP, as the RFC 7714 vectors give them.</summary>
    public static SrtpSessionKeys GcmSessionKeys(byte[] key, byte[] salt) => new(key, salt, [], key, salt, []);

    public static (SrtpSession Sender, SrtpSession Receiver) Pair(SrtpProfile profile, int seed = 1)
    {
        var random = new Random(seed);
        var material = new byte[SrtpSession.KeyingMaterialLength(profile)];
        random.NextBytes(material);
        return (SrtpSession.CreateFromDtls(profile, material, isServer: true), SrtpSession.CreateFromDtls(profile, material, isServer: false));
    }

    /// <summary>An RTP packet with optional CSRCs and a one-byte-header extension, payload bytes from the seed.</summary>
    public static byte[] Rtp(ushort sequenceNumber, uint ssrc, int payloadLength, int csrcCount = 0, int extensionWords = 0, int seed = 0)
    {
        int headerLength = 12 + (4 * csrcCount) + (extensionWords > 0 ? 4 + (4 * extensionWords) : 0);
        var packet = new byte[headerLength + payloadLength];
        packet[0] = (byte)(0x80 | (extensionWords > 0 ? 0x10 : 0) | csrcCount);
        packet[1] = 0x60 | 0x80;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)sequenceNumber * 960);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (int i = 0; i < csrcCount; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12 + (4 * i)), 0x1000u + (uint)i);
        }

        if (extensionWords > 0)
        {
            int extensionOffset = 12 + (4 * csrcCount);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(extensionOffset), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(extensionOffset + 2), (ushort)extensionWords);
            for (int i = 0; i < 4 * extensionWords; i++)
            {
                packet[extensionOffset + 4 + i] = (byte)(0x10 + i);
            }
        }

        var random = new Random(seed ^ sequenceNumber);
        random.NextBytes(packet.AsSpan(headerLength));
        return packet;
    }

    /// <summary>A receiver report compound packet of the given total length (multiple of 4, at least 8).</summary>
    public static byte[] Rtcp(uint senderSsrc, int length, int seed = 0)
    {
        var packet = new byte[length];
        new Random(seed).NextBytes(packet);
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)((length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), senderSsrc);
        return packet;
    }

    /// <summary>Copies a packet into a buffer with <see cref="SrtpSession.MaxRtcpOverhead"/> bytes of tail room.</summary>
    public static byte[] WithTailRoom(byte[] packet) => [.. packet, .. new byte[SrtpSession.MaxRtcpOverhead]];

    /// <summary>Protects an RTP packet (which must succeed) and returns the SRTP bytes.</summary>
    public static byte[] ProtectRtp(SrtpSession session, byte[] plain)
    {
        byte[] buffer = WithTailRoom(plain);
        Assert.Equal(SrtpStatus.Ok, session.ProtectRtp(buffer, plain.Length, out int protectedLength));
        return buffer[..protectedLength];
    }

    /// <summary>Unprotects an SRTP packet; <paramref name="plain"/> is the RTP packet when the status is Ok.</summary>
    public static SrtpStatus UnprotectRtp(SrtpSession session, byte[] protectedPacket, out byte[] plain)
    {
        byte[] buffer = WithTailRoom(protectedPacket);
        SrtpStatus status = session.UnprotectRtp(buffer, protectedPacket.Length, out int plainLength);
        plain = buffer[..plainLength];
        return status;
    }
}
