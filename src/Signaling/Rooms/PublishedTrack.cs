using Signaling.Protocol;

namespace Signaling.Rooms;

/// <summary>A track a participant announced with <c>publish</c> (or the engine reported without one).</summary>
public sealed class PublishedTrack(string trackId, string streamId, string kind, string source, bool muted)
{
    public string TrackId { get; } = trackId;

    public string StreamId { get; } = streamId;

    public string Kind { get; } = kind;

    public string Source { get; } = source;

    public bool Muted { get; internal set; } = muted;

    internal TrackInfo ToInfo() => new() { TrackId = TrackId, StreamId = StreamId, Kind = Kind, Source = Source, Muted = Muted };

    internal TrackPublishedMessage ToPublished(string participantId) => new()
    {
        ParticipantId = participantId,
        TrackId = TrackId,
        StreamId = StreamId,
        Kind = Kind,
        Source = Source,
        Muted = Muted,
    };
}
