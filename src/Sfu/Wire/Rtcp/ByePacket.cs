using System.Buffers.Binary;

namespace Sfu.Wire.Rtcp;

/// <summary>
/// BYE: goodbye (RFC 3550 section 6.6). After the common header (SC = source count, PT = 203) come
/// SC SSRC/CSRC identifiers and optionally a reason: a length octet and that many bytes of UTF-8
/// text, padded to a 32-bit boundary.
/// </summary>
public readonly ref struct ByePacket
{
    /// <summary>Most sources one BYE can carry (5-bit count).</summary>
    public const int MaxSources = 31;

    /// <summary>Longest reason text (8-bit length).</summary>
    public const int MaxReasonLength = 255;

    private readonly ReadOnlySpan<byte> _sources;

    private ByePacket(ReadOnlySpan<byte> sources, int sourceCount, ReadOnlySpan<byte> reason)
    {
        _sources = sources;
        SourceCount = sourceCount;
        Reason = reason;
    }

    /// <summary>Number of SSRC/CSRC identifiers.</summary>
    public int SourceCount { get; }

    /// <summary>The reason for leaving (UTF-8), empty if absent.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    /// <summary>The identifier at <paramref name="index"/> (0 &lt;= index &lt; <see cref="SourceCount"/>).</summary>
    public uint GetSource(int index) => BinaryPrimitives.ReadUInt32BigEndian(_sources.Slice(index * 4));

    /// <summary>Reads the BYE at the start of <paramref name="packet"/>; false if the sources or the reason do not fit.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out ByePacket bye)
    {
        bye = default;
        if (!RtcpHeader.TryRead(packet, out RtcpHeader header) || header.PacketType != RtcpPacketType.Goodbye)
        {
            return false;
        }

        ReadOnlySpan<byte> payload = header.GetPayload(packet);
        int sourcesLength = header.Count * 4;
        if (sourcesLength > payload.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> reason = default;
        if (payload.Length > sourcesLength)
        {
            int reasonLength = payload[sourcesLength];
            if (sourcesLength + 1 + reasonLength > payload.Length)
            {
                return false;
            }

            reason = payload.Slice(sourcesLength + 1, reasonLength);
        }

        bye = new ByePacket(payload.Slice(0, sourcesLength), header.Count, reason);
        return true;
    }

    /// <summary>Length of a BYE with <paramref name="sourceCount"/> sources and a reason of <paramref name="reasonLength"/> bytes.</summary>
    public static int GetLength(int sourceCount, int reasonLength) =>
        RtcpHeader.Length + (sourceCount * 4) + (reasonLength > 0 ? (1 + reasonLength + 3) & ~3 : 0);

    /// <summary>Writes a BYE and returns its length, or 0 if it does not fit or the limits are exceeded.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<uint> sources, ReadOnlySpan<byte> reason = default)
    {
        int length = GetLength(sources.Length, reason.Length);
        if (sources.Length > MaxSources || reason.Length > MaxReasonLength || length > destination.Length)
        {
            return 0;
        }

        RtcpHeader.Write(destination, sources.Length, RtcpPacketType.Goodbye, length);
        int offset = RtcpHeader.Length;
        for (int i = 0; i < sources.Length; i++, offset += 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(offset), sources[i]);
        }

        if (reason.Length > 0)
        {
            destination[offset] = (byte)reason.Length;
            reason.CopyTo(destination.Slice(offset + 1));
            destination.Slice(offset + 1 + reason.Length, length - offset - 1 - reason.Length).Clear();
        }

        return length;
    }
}
