using System.Runtime.CompilerServices;

namespace Sfu.Congestion;

/// <summary>Why the allocator does not forward a video to a subscriber.</summary>
public enum VideoPauseReason
{
    None,

    /// <summary>Even the lowest layer does not fit into the subscriber's estimate after more important media.</summary>
    Bandwidth,

    /// <summary>The subscriber's tile is hidden or off-screen (videoPreferences visible=false).</summary>
    Hidden,
}

/// <summary>Bit rates of a track's layers by quality rank (0 = lowest); a value type so tracks live in one array.</summary>
[InlineArray(StreamAllocatorTrack.MaxLayers)]
public struct LayerBitrates
{
    private long _first;
}

/// <summary>
/// One track a subscriber receives, as the <see cref="StreamAllocator"/> sees it: inputs the caller fills in (kind, tile,
/// priority, layer costs), the allocator's output (<see cref="TargetRank"/>, <see cref="PauseReason"/>) and the state it
/// keeps between rounds for hysteresis. The caller keeps one per track in an array it reuses.
/// </summary>
public struct StreamAllocatorTrack
{
    public const int MaxLayers = 4;

    /// <summary>Audio is always sent first; its cost is <see cref="LayerBitrates"/>[0].</summary>
    public bool IsAudio;

    /// <summary>Pinned by the subscriber or the active speaker: upgraded before every other tile.</summary>
    public bool IsImportant;

    /// <summary>False when the tile is hidden or off-screen: the video is not sent at all.</summary>
    public bool Visible;

    /// <summary>Rendered width and height in device pixels; 0 when the subscriber did not say (then the highest layer).</summary>
    public int TileWidth;

    public int TileHeight;

    /// <summary>How many layers the track has (1 without simulcast).</summary>
    public int LayerCount;

    /// <summary>What each layer costs (bit/s) by quality rank; 0 when not measured yet.</summary>
    public LayerBitrates Bitrates;

    /// <summary>
    /// Bit r set: the layer at quality rank r can be forwarded now (the publisher sends it, or would on request). A
    /// layer the publisher stopped by itself is never chosen: the subscriber would wait for its keyframe in vain. 0 means
    /// nothing is known yet (no packet so far): every layer counts as available.
    /// </summary>
    public int AvailableRanks;

    /// <summary>Output: the quality rank to forward, or -1 when paused.</summary>
    public int TargetRank;

    /// <summary>Output: why the video is paused (<see cref="VideoPauseReason.None"/> when it is forwarded).</summary>
    public VideoPauseReason PauseReason;

    /// <summary>State: when the allocator last lowered this track (engine ticks); up-switches wait a hold-off after it.</summary>
    public long LastDownSwitchTicks;

    /// <summary>State: the rank allocated last round (-1 when paused).</summary>
    public int PreviousRank;

    /// <summary>State: since when its lowest layer has not fit while it flowed (engine ticks); <see cref="long.MinValue"/> when it fits.</summary>
    public long OverBudgetSinceTicks;

    /// <summary>State: whether the track has been allocated before (a new track starts without a hold-off).</summary>
    public bool Allocated;

    /// <summary>A fresh track's entry: visible, no tile size, nothing allocated yet.</summary>
    public static StreamAllocatorTrack Create(bool isAudio, int layerCount) => new()
    {
        IsAudio = isAudio,
        Visible = true,
        LayerCount = Math.Clamp(layerCount, 1, MaxLayers),
        TargetRank = 0,
        LastDownSwitchTicks = long.MinValue,
        OverBudgetSinceTicks = long.MinValue,
    };
}
