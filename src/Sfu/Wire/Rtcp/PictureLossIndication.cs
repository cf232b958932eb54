namespace Sfu.Wire.Rtcp;

/// <summary>
/// Picture Loss Indication (PSFB, FMT 1; RFC 4585 section 6.3.1): the common feedback header with
/// no FCI. The SFU forwards it (throttled) to the publisher of <see cref="MediaSsrc"/> to get a keyframe.
/// </summary>
public readonly struct PictureLossIndication
{
    /// <summary>Length of a PLI.</summary>
    public const int Length = 12;

    private PictureLossIndication(uint senderSsrc, uint mediaSsrc)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source that should send a keyframe.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Reads a PLI at the start of <paramref name="packet"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out PictureLossIndication pli)
    {
        bool ok = RtcpFeedback.TryRead(packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.PictureLossIndication,
            out uint sender, out uint media, out _);
        pli = ok ? new PictureLossIndication(sender, media) : default;
        return ok;
    }

    /// <summary>Writes a PLI and returns 12, or 0 if <paramref name="destination"/> is too small.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        if (destination.Length < Length)
        {
            return 0;
        }

        RtcpFeedback.Write(destination, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.PictureLossIndication, Length, senderSsrc, mediaSsrc);
        return Length;
    }
}
