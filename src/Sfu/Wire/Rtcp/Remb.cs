using System.Buffers.Binary;

namespace Sfu.Wire.Rtcp;

/// <summary>
/// Receiver Estimated Maximum Bitrate (PSFB, FMT 15; draft-alvestrand-rmcat-remb-03 section 2.2):
/// <code>
/// |V=2|P| FMT=15  |   PT=206      |             length            |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source (0)                     |
/// |  Unique identifier 'R' 'E' 'M' 'B'                            |
/// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
/// |   SSRC feedback                                               |
/// |  ...                                                          |
/// </code>
/// The bitrate in bits per second is mantissa (18 bits) &lt;&lt; exponent (6 bits).
/// </summary>
public readonly ref struct Remb
{
    /// <summary>'REMB' as a big-endian 32-bit value.</summary>
    public const uint Identifier = 0x52454D42;

    /// <summary>Length of a REMB without SSRCs.</summary>
    public const int MinLength = 20;

    /// <summary>Most SSRCs one REMB can list (8-bit count).</summary>
    public const int MaxSsrcs = 255;

    private const int MantissaBits = 18;
    private const uint MaxMantissa = (1u << MantissaBits) - 1;

    private readonly ReadOnlySpan<byte> _ssrcs;

    private Remb(uint senderSsrc, ulong bitrate, ReadOnlySpan<byte> ssrcs)
    {
        SenderSsrc = senderSsrc;
        Bitrate = bitrate;
        _ssrcs = ssrcs;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>Estimated maximum bitrate in bits per second (saturates at <see cref="ulong.MaxValue"/>).</summary>
    public ulong Bitrate { get; }

    /// <summary>Number of SSRCs the estimate applies to.</summary>
    public int SsrcCount => _ssrcs.Length / 4;

    /// <summary>The SSRC at <paramref name="index"/> (0 &lt;= index &lt; <see cref="SsrcCount"/>).</summary>
    public uint GetSsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(_ssrcs.Slice(index * 4));

    /// <summary>Reads a REMB at the start of <paramref name="packet"/>; false for other application-layer feedback.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out Remb remb)
    {
        remb = default;
        if (!RtcpFeedback.TryRead(packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.ApplicationLayer,
                out uint sender, out _, out ReadOnlySpan<byte> fci)
            || fci.Length < 8
            || BinaryPrimitives.ReadUInt32BigEndian(fci) != Identifier)
        {
            return false;
        }

        int ssrcCount = fci[4];
        if (8 + (ssrcCount * 4) > fci.Length)
        {
            return false;
        }

        int exponent = fci[5] >> 2;
        ulong mantissa = BinaryPrimitives.ReadUInt32BigEndian(fci.Slice(4)) & MaxMantissa;

        // An 18-bit mantissa shifted by up to 63 can overflow 64 bits: saturate instead of wrapping.
        ulong bitrate = mantissa == 0 ? 0
            : exponent <= 64 - MantissaBits || (mantissa >> (64 - exponent)) == 0 ? mantissa << exponent
            : ulong.MaxValue;
        remb = new Remb(sender, bitrate, fci.Slice(8, ssrcCount * 4));
        return true;
    }

    /// <summary>Length of a REMB listing <paramref name="ssrcCount"/> SSRCs.</summary>
    public static int GetLength(int ssrcCount) => MinLength + (ssrcCount * 4);

    /// <summary>
    /// Writes a REMB and returns its length, or 0 if it does not fit or lists more than 255 SSRCs.
    /// The bitrate is rounded down to what mantissa and exponent can express.
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs)
    {
        int length = GetLength(ssrcs.Length);
        if (ssrcs.Length > MaxSsrcs || length > destination.Length)
        {
            return 0;
        }

        int exponent = 0;
        while (bitrate >> exponent > MaxMantissa)
        {
            exponent++;
        }

        uint mantissa = (uint)(bitrate >> exponent);
        RtcpFeedback.Write(destination, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.ApplicationLayer, length, senderSsrc, 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), Identifier);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), ((uint)ssrcs.Length << 24) | ((uint)exponent << MantissaBits) | mantissa);
        for (int i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(MinLength + (i * 4)), ssrcs[i]);
        }

        return length;
    }
}
