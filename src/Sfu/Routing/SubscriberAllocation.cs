using Sfu.Congestion;
using Sfu.Diagnostics;
using Sfu.Forwarding;
using Sfu.Negotiation;

namespace Sfu.Routing;

/// <summary>
/// Runs one subscriber's <see cref="StreamAllocator"/> over its consumers: gathers each track's layer costs, tile and
/// priority, allocates the subscriber's available bandwidth, sets every consumer's target layer and tells the subscriber
/// (through its listener) which videos it pauses or resumes and why. Owned by the media worker thread; no allocation per
/// round once the scratch array fits the consumers.
/// </summary>
internal sealed class SubscriberAllocation(ConsumerSet consumers, IParticipantListener listener, ISubscriberBandwidth bandwidth, long upSwitchHoldTicks)
{
    private readonly StreamAllocator _allocator = new(upSwitchHoldTicks, StreamAllocator.DefaultPauseDelayTicks);
    private readonly Dictionary<string, VideoPreference> _preferences = new(StringComparer.Ordinal);
    private StreamAllocatorTrack[] _tracks = new StreamAllocatorTrack[8];

    /// <summary>Whether the estimate limits the allocation (else there is no limit); the wanted rate is reported either way.</summary>
    public bool UseEstimate { get; set; }

    /// <summary>Replaces the whole set of the subscriber's tile preferences; tracks not listed get the default.</summary>
    public void SetPreferences(IReadOnlyList<VideoPreference> preferences)
    {
        _preferences.Clear();
        foreach (VideoPreference preference in preferences)
        {
            _preferences[preference.TrackId] = preference;
        }
    }

    /// <summary>One allocation round; <paramref name="activeSpeakerId"/> is the room's loudest participant, if any.</summary>
    public void Run(string? activeSpeakerId, long nowTicks)
    {
        int count = consumers.Count;
        if (_tracks.Length < count)
        {
            Array.Resize(ref _tracks, Math.Max(count, _tracks.Length * 2));
        }

        for (int i = 0; i < count; i++)
        {
            Fill(ref _tracks[i], consumers[i], activeSpeakerId, nowTicks);
        }

        // The estimate's distribution is sampled by the estimator on every feedback (sfu_subscriber_estimate_bytes_per_second).
        long available = UseEstimate ? bandwidth.AvailableBitrate : long.MaxValue;
        long wanted = _allocator.Allocate(_tracks.AsSpan(0, count), available, nowTicks);
        bandwidth.SetWantedBitrate(wanted);
        for (int i = 0; i < count; i++)
        {
            Apply(consumers[i], _tracks[i], nowTicks);
        }
    }

    private void Fill(ref StreamAllocatorTrack track, Consumer consumer, string? activeSpeakerId, long nowTicks)
    {
        Producer producer = consumer.Producer;
        track = consumer.Allocation;
        track.IsAudio = producer.Kind == MediaKind.Audio;
        track.LayerCount = Math.Min(producer.Layers.Count, StreamAllocatorTrack.MaxLayers);
        bool known = _preferences.TryGetValue(producer.TrackId, out VideoPreference preference);
        track.Visible = !known || preference.Visible;
        track.TileWidth = known ? preference.Width : 0;
        track.TileHeight = known ? preference.Height : 0;
        track.IsImportant = (known && preference.Pinned) || producer.PublisherId == activeSpeakerId;
        track.AvailableRanks = 0;
        for (int rank = 0; rank < track.LayerCount; rank++)
        {
            // A muted track sends nothing; a layer the publisher paused (dynacast) still costs what it did when it flowed.
            int layer = producer.LayerAtQuality(rank);
            track.Bitrates[rank] = producer.Muted ? 0 : producer.Layers[layer].Bitrate.LastKnownBitsPerSecond;
            track.AvailableRanks |= track.LayerCount > 1 && producer.IsLayerAvailable(layer, nowTicks) ? 1 << rank : 0;
        }
    }

    private void Apply(Consumer consumer, in StreamAllocatorTrack track, long nowTicks)
    {
        VideoPauseReason before = consumer.Allocation.Allocated ? consumer.Allocation.PauseReason : VideoPauseReason.None;
        consumer.Allocation = track;
        if (track.IsAudio)
        {
            return;
        }

        Producer producer = consumer.Producer;
        consumer.SetTargetLayer(track.TargetRank < 0 ? LayerSelector.None : producer.LayerAtQuality(track.TargetRank), nowTicks);
        if (before != track.PauseReason)
        {
            bool paused = track.PauseReason != VideoPauseReason.None;
            if ((before == VideoPauseReason.None) == paused)
            {
                SfuMetrics.AddPausedVideos(paused ? 1 : -1);
            }

            listener.OnVideoPaused(producer.PublisherId, producer.TrackId, paused, ReasonName(paused ? track.PauseReason : before));
        }
    }

    /// <summary>A consumer goes away: a pause it counted no longer holds.</summary>
    public static void Forget(Consumer consumer)
    {
        if (consumer.Allocation.Allocated && consumer.Allocation.PauseReason != VideoPauseReason.None)
        {
            SfuMetrics.AddPausedVideos(-1);
        }
    }

    /// <summary>The reason as signaling's videoPaused message names it.</summary>
    public static string ReasonName(VideoPauseReason reason) => reason == VideoPauseReason.Hidden ? "hidden" : "bandwidth";
}
