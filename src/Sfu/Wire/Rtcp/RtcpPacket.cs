namespace Sfu.Wire.Rtcp;

/// <summary>One RTCP packet inside a compound packet, as yielded by <see cref="RtcpCompoundEnumerator"/>.</summary>
public readonly ref struct RtcpPacket
{
    internal RtcpPacket(RtcpHeader header, ReadOnlySpan<byte> data)
    {
        Header = header;
        Data = data;
    }

    /// <summary>The parsed common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>The whole packet: header, body and padding. Pass this to a message's <c>TryRead</c>.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Shortcut for <see cref="RtcpHeader.PacketType"/>.</summary>
    public byte PacketType => Header.PacketType;

    /// <summary>Shortcut for <see cref="RtcpHeader.Format"/> (the count field).</summary>
    public int Format => Header.Format;
}
