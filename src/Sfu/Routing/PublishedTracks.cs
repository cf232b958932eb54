using Sfu.Negotiation;
using Sfu.Wire.Rtp;

namespace Sfu.Routing;

/// <summary>
/// The producers one participant publishes, kept in step with its negotiated m= lines: a line the server receives on
/// gets a producer (kept across renegotiations, re-pointed when the declared SSRCs change), a line that stops sending
/// loses it. Also remembers which track ids the publisher muted. Off the packet path (negotiation and signaling only).
/// </summary>
internal sealed class PublishedTracks(string participantId, RtpDemuxer demux, RoutingContext context, IPublisherFeedbackSender feedback)
{
    // Track ids the publisher muted, kept apart from producers: signaling may say "muted" before the offer that
    // creates the producer, and the state must hold for producers and consumers made later.
    private readonly HashSet<string> _mutedTrackIds = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates, updates and removes producers to match <paramref name="negotiated"/>. New producers report to
    /// <paramref name="listener"/>; the caller announces <paramref name="added"/> and <paramref name="removed"/> to the
    /// router and then disposes the removed ones.
    /// </summary>
    public void Apply(NegotiatedSession negotiated, IProducerListener listener, List<Producer> added, List<Producer> removed)
    {
        var receivingMids = new HashSet<string>(StringComparer.Ordinal);
        demux.ForgetIgnoredLayers();
        foreach (NegotiatedMedia media in negotiated.Media)
        {
            if (media.ServerReceives && media.Remote is not null)
            {
                receivingMids.Add(media.Mid);
                if (Upsert(media, listener) is { } created)
                {
                    added.Add(created);
                }
            }
        }

        foreach (Producer producer in demux.Producers)
        {
            if (!receivingMids.Contains(producer.Mid))
            {
                removed.Add(producer);
            }
        }

        foreach (Producer producer in removed)
        {
            demux.Remove(producer);
        }
    }

    /// <summary>Records the publisher's mute for <paramref name="trackId"/> and applies it to its producers.</summary>
    public void SetMuted(string trackId, bool muted)
    {
        if (muted)
        {
            _mutedTrackIds.Add(trackId);
        }
        else
        {
            _mutedTrackIds.Remove(trackId);
        }

        foreach (Producer producer in demux.Producers)
        {
            if (producer.TrackId == trackId)
            {
                producer.Muted = muted;
            }
        }
    }

    /// <returns>The new producer, or null when the m= line already had one.</returns>
    private Producer? Upsert(NegotiatedMedia media, IProducerListener listener)
    {
        RemoteSource remote = media.Remote!;
        uint ssrc = remote.Encodings.Count > 0 ? remote.Encodings[0].Ssrc : 0;
        uint rtxSsrc = remote.Encodings.Count > 0 ? remote.Encodings[0].RtxSsrc ?? 0 : 0;
        demux.PinSimulcast(remote, ssrc, rtxSsrc);
        if (demux.TryGetByMid(media.Mid, out Producer? existing))
        {
            if (ssrc != 0 && ssrc != existing!.Ssrc)
            {
                demux.SetSsrcs(existing, ssrc, rtxSsrc);
            }

            return null;
        }

        IReadOnlyDictionary<string, int> ids = media.ExtensionIds;
        var extensions = new ProducerExtensions(
            ids.TryGetValue(RtpExtensionUris.Mid, out int midId) ? midId : 0,
            ids.TryGetValue(RtpExtensionUris.AudioLevel, out int levelId) ? levelId : 0);
        MediaKind kind = media.Kind == "audio" ? MediaKind.Audio : MediaKind.Video;

        // A browser without a MediaStream writes msid "-" (JSEP, RFC 8829 section 5.2.1); the publisher's id groups its tracks then.
        string streamId = string.IsNullOrEmpty(remote.StreamId) || remote.StreamId == "-" ? participantId : remote.StreamId;
        string trackId = string.IsNullOrEmpty(remote.TrackId) ? participantId + "-" + media.Mid : remote.TrackId;
        var description = new ProducerDescription(media.Mid, kind, streamId, trackId, extensions);
        var producer = new Producer(participantId, description, media.Codecs, context.KeyframeRequestIntervalTicks, listener, feedback)
        {
            Muted = _mutedTrackIds.Contains(trackId),
        };
        demux.Add(producer, ssrc, rtxSsrc);
        return producer;
    }
}
