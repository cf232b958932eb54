using Sfu.Forwarding;
using Sfu.Negotiation;
using Sfu.Wire.Rtp;

namespace Sfu.Routing;

/// <summary>
/// What a producer tells its owner (the router): a packet arrived and what it is, and the publisher's audio level.
/// A producer never calls its consumers or its publisher; the owner decides where the packet goes.
/// Called on the media worker thread, per packet: implementations must not allocate.
/// </summary>
public interface IProducerListener
{
    /// <summary>
    /// A packet of an unmuted producer, classified once for every consumer: its payload (padding excluded), header,
    /// codec, the forwarder's view of it, and the RFC 6464 audio level byte (-1 when absent).
    /// </summary>
    void OnProducerRtp(Producer producer, ReadOnlySpan<byte> payload, in RtpHeader header, NegotiatedCodec codec, in IncomingPacketInfo info, int audioLevel, long nowTicks);

    /// <summary>The publisher's audio level from the RFC 6464 header extension (0 loudest, 127 silence).</summary>
    void OnAudioLevel(Producer producer, byte level, bool voiceActivity);
}
