using Sfu.Routing;

namespace Sfu.Tests.Routing;

/// <summary>
/// What a participant (or a consumer) sent, decoded on the spot, instead of protecting and sending it: the fake side of
/// the <see cref="IRtpPacketSender"/> seam. <see cref="IsReady"/> false plays a transport that is not connected.
/// </summary>
internal sealed class RecordingPacketSender(Func<long> now) : IParticipantSender
{
    public bool IsReady { get; set; } = true;

    public List<ReceivedRtp> Rtp { get; } = [];

    public List<ReceivedRtcp> Rtcp { get; } = [];

    /// <summary>SSRCs routing released, sent (consumers) and received (producers), in order.</summary>
    public List<uint> ReleasedSsrcs { get; } = [];

    public List<uint> ReleasedReceivedSsrcs { get; } = [];

    public bool SendRtp(Span<byte> packet, int length)
    {
        if (IsReady)
        {
            Rtp.Add(new ReceivedRtp(packet[..length].ToArray(), now()));
        }

        return IsReady;
    }

    public bool SendRtcp(Span<byte> packet, int length)
    {
        if (IsReady)
        {
            Rtcp.Add(new ReceivedRtcp(packet[..length].ToArray(), now()));
        }

        return IsReady;
    }

    public void ReleaseSsrc(uint ssrc) => ReleasedSsrcs.Add(ssrc);

    public void ReleaseReceivedSsrc(uint ssrc) => ReleasedReceivedSsrcs.Add(ssrc);

    public int RtpCountOn(uint ssrc) => Rtp.Count(packet => packet.Ssrc == ssrc);

    /// <summary>When each compound packet carrying a PLI was sent.</summary>
    public long[] PliTimes() => [.. Rtcp.Where(packet => packet.Messages.OfType<PliMessage>().Any()).Select(packet => packet.AtTicks)];
}
