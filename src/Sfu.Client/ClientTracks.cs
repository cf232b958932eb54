using Sfu.Engine;
using Sfu.Negotiation;

namespace Sfu.Client;

/// <summary>A track this client publishes: announced with a=msid:{participant id} {TrackId} and a=ssrc lines.</summary>
public sealed record LocalTrack(MediaKind Kind, string TrackId, uint Ssrc, uint RtxSsrc)
{
    /// <summary>
    /// The RID simulcast layers of this track, low to high, or null for a single stream. A simulcast track is offered
    /// with a=rid/a=simulcast instead of a=ssrc lines and sends on the layers' SSRCs (not <see cref="Ssrc"/>).
    /// </summary>
    public IReadOnlyList<SimulcastLayer>? Layers { get; init; }
}

/// <summary>
/// A track the server sends to this client, as its offer (or answer) announced it: the m= line, the SSRC the packets
/// arrive with, and the publisher's msid. The engine keeps the publisher's stream id, which our clients set to their
/// participant id, so <see cref="StreamId"/> names the participant the packets come from.
/// </summary>
public sealed record RemoteTrack(string Mid, MediaKind Kind, string StreamId, string TrackId, uint Ssrc, uint RtxSsrc)
{
    public string SourceParticipantId => StreamId;
}
