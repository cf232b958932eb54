namespace Sfu.Forwarding;

/// <summary>
/// The facts about one incoming RTP packet a <see cref="Forwarder"/> decides on, taken from the parsed
/// header by the caller (the forwarder does not read packet bytes).
/// </summary>
/// <param name="Ssrc">The packet's SSRC (the publisher's source).</param>
/// <param name="SequenceNumber">The packet's 16-bit sequence number.</param>
/// <param name="Timestamp">The packet's RTP timestamp.</param>
/// <param name="Marker">The RTP marker bit.</param>
/// <param name="IsKeyframe">Whether the packet starts a keyframe (<see cref="KeyframeDetector"/>); false for audio.</param>
/// <param name="PayloadLength">Payload bytes without header, extensions and padding; 0 for a padding-only packet.</param>
/// <param name="ClockRate">The RTP clock rate of the payload type in Hz.</param>
/// <param name="Layer">The simulcast layer (encoding index in the offer) the packet belongs to; 0 without simulcast.</param>
/// <param name="Codec">The video codec of the payload (what its descriptor looks like); <see cref="VideoCodec.Unknown"/> for audio.</param>
public readonly record struct IncomingPacketInfo(
    uint Ssrc,
    ushort SequenceNumber,
    uint Timestamp,
    bool Marker,
    bool IsKeyframe,
    int PayloadLength,
    int ClockRate,
    int Layer = 0,
    VideoCodec Codec = VideoCodec.Unknown);
