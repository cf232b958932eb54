using Sfu.Forwarding;
using Sfu.Negotiation;
using Sfu.Wire.Rtp;

namespace Sfu.Routing;

/// <summary>The listener of a participant that has not joined a router (yet): packets and requests go nowhere.</summary>
internal sealed class Unrouted : IProducerListener, IConsumerListener
{
    public static readonly Unrouted Instance = new();

    private Unrouted()
    {
    }

    public void OnProducerRtp(Producer producer, ReadOnlySpan<byte> payload, in RtpHeader header, NegotiatedCodec codec, in IncomingPacketInfo info, int audioLevel, long nowTicks)
    {
    }

    public void OnAudioLevel(Producer producer, byte level, bool voiceActivity)
    {
    }

    public void OnKeyframeRequested(Consumer consumer, long nowTicks)
    {
    }
}
