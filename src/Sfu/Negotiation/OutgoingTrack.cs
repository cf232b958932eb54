using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>
/// A track the server sends to this browser (another participant's media), announced with a=msid:{StreamId} {TrackId}
/// and a=ssrc lines. <paramref name="Mid"/> null lets the offer builder place it (reuse an inactive m= line of the same
/// kind, else append one). <paramref name="RtxSsrc"/> 0 means no RTX. <paramref name="Codecs"/> null means the policy's
/// codecs for the kind; otherwise the codecs being forwarded (their payload types are kept when free).
/// </summary>
public sealed record OutgoingTrack(
    string? Mid,
    string Kind,
    string StreamId,
    string TrackId,
    uint Ssrc,
    uint RtxSsrc,
    IReadOnlyList<NegotiatedCodec>? Codecs = null)
{
    /// <summary>RTCP CNAME written in a=ssrc:{ssrc} cname:..; defaults to the stream id.</summary>
    public string? Cname { get; init; }

    internal string EffectiveCname => string.IsNullOrEmpty(Cname) ? StreamId : Cname;
}

/// <summary>What the caller adds to <see cref="SdpAnswerBuilder.TryBuildAnswer(SessionDescription, LocalTransportParameters, CodecPolicy, AnswerOptions, out SessionDescription?, out NegotiatedSession?, out string?)"/>.</summary>
public sealed class AnswerOptions
{
    public static AnswerOptions None { get; } = new();

    /// <summary>Tracks the server will send, each on the offered m= line named by its Mid (which must be set).</summary>
    public IReadOnlyList<OutgoingTrack> Tracks { get; init; } = [];

    /// <summary>The state after the last negotiation: keeps the o= session id and increments its version (RFC 8829 section 5.3.2).</summary>
    public NegotiatedSession? Previous { get; init; }
}
