using Sfu.Negotiation;
using Sfu.Routing;

namespace Sfu.Tests.Routing;

/// <summary>
/// What a refused description must leave exactly as it was: the producers (mid, SSRCs, track), the consumers (SSRC,
/// mid, negotiated), whether a server offer is pending, the agreed session (by reference: a refusal never replaces
/// it) and the remote ICE/DTLS parameters the transport holds. Records compare by value, so Assert.Equal shows the diff.
/// </summary>
internal sealed record ParticipantSnapshot(
    string Producers,
    string Consumers,
    bool PendingOffer,
    NegotiatedSession? Negotiated,
    string? RemoteUfrag,
    string? RemotePwd,
    string? RemoteFingerprint)
{
    public static ParticipantSnapshot Of(Participant participant) => new(
        string.Join("; ", participant.Producers.OrderBy(p => p.Mid, StringComparer.Ordinal).Select(p => $"{p.Mid} {p.Ssrc}/{p.RtxSsrc} {p.TrackId} {p.Kind}")),
        string.Join("; ", participant.Consumers.Select(c => $"{c.Producer.TrackId} {c.Ssrc} mid={c.Mid} negotiated={c.IsNegotiated}")),
        participant.HasPendingOffer,
        participant.Negotiated,
        participant.Transport.Ice.RemoteUfrag,
        participant.Transport.Ice.RemotePwd,
        participant.Transport.RemoteFingerprint);
}
