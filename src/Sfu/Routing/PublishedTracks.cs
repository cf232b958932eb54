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
        if (demux.TryGetByMid(media.Mid, out Producer? existing))
        {
            DeclareLayerSsrcs(existing!, remote);
            return null;
        }

        IReadOnlyDictionary<string, int> ids = media.ExtensionIds;
        var extensions = new ProducerExtensions(
            ids.TryGetValue(RtpExtensionUris.Mid, out int midId) ? midId : 0,
            ids.TryGetValue(RtpExtensionUris.AudioLevel, out int levelId) ? levelId : 0,
            ids.TryGetValue(RtpExtensionUris.RtpStreamId, out int ridId) ? ridId : 0,
            ids.TryGetValue(RtpExtensionUris.RepairedRtpStreamId, out int repairedRidId) ? repairedRidId : 0);
        MediaKind kind = media.Kind == "audio" ? MediaKind.Audio : MediaKind.Video;

        // A browser without a MediaStream writes msid "-" (JSEP, RFC 8829 section 5.2.1); the publisher's id groups its tracks then.
        string streamId = string.IsNullOrEmpty(remote.StreamId) || remote.StreamId == "-" ? participantId : remote.StreamId;
        string trackId = string.IsNullOrEmpty(remote.TrackId) ? participantId + "-" + media.Mid : remote.TrackId;
        var description = new ProducerDescription(media.Mid, kind, streamId, trackId, extensions);
        var producer = new Producer(participantId, description, media.Codecs, context.KeyframeRequestIntervalTicks, listener, feedback, LayerNames(remote))
        {
            Muted = _mutedTrackIds.Contains(trackId),
        };
        demux.Add(producer);
        DeclareLayerSsrcs(producer, remote);
        return producer;
    }

    /// <summary>
    /// The encodings a publisher sends: its rids in a=simulcast order (RID simulcast, RFC 8853), else one unnamed
    /// encoding per a=ssrc-group:SIM member (SSRC simulcast), else one.
    /// </summary>
    private static string?[] LayerNames(RemoteSource remote)
    {
        if (remote.Rids.Count > 0)
        {
            return [.. remote.Rids];
        }

        return new string?[Math.Max(remote.Encodings.Count, 1)];
    }

    /// <summary>
    /// SSRCs the SDP declared per encoding (SSRC simulcast lists them all in order). RID layers are learned from their
    /// packets' RtpStreamId instead: a=ssrc lines beside rids (older Firefox) do not say which rid each SSRC carries.
    /// </summary>
    private void DeclareLayerSsrcs(Producer producer, RemoteSource remote)
    {
        if (producer.IsSimulcast && remote.Rids.Count > 0)
        {
            return;
        }

        int count = Math.Min(remote.Encodings.Count, producer.Layers.Count);
        for (int i = 0; i < count; i++)
        {
            RemoteEncoding encoding = remote.Encodings[i];
            if (encoding.Ssrc != 0)
            {
                demux.SetLayerSsrcs(producer, i, encoding.Ssrc, encoding.RtxSsrc ?? 0);
            }
        }
    }
}
