using Sfu.Negotiation;

namespace Sfu.Routing;

/// <summary>
/// A published track as other participants see it. The engine keeps the publisher's own msid: in the offers it
/// sends to subscribers the track is announced as a=msid:{StreamId} {TrackId}, so a browser finds the publisher
/// through <c>RTCTrackEvent.streams[0].id</c>.
/// </summary>
public sealed record RemoteTrackInfo(string ParticipantId, string StreamId, string TrackId, MediaKind Kind);
