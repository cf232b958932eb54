using Sfu.Streams;

namespace Sfu.Congestion;

/// <summary>
/// Fits what one subscriber receives into its available bandwidth (the estimate of <see cref="ISubscriberBandwidth"/>):
/// audio first, then one lowest layer per visible video in order of importance (pinned tiles and the active speaker,
/// then larger tiles), pausing the least important videos when even that does not fit; what is left upgrades the
/// important videos as far as their tiles can show (width at most 320 -> low, at most 640 -> mid, else high), then the
/// others one layer at a time in tile order.
/// Only layers the publisher sends now are chosen (see <see cref="StreamAllocatorTrack.AvailableRanks"/>).
/// </summary>
/// <remarks>
/// Every round starts from scratch, so a falling estimate lowers layers at once. Raising is what flaps (an estimate
/// that wobbles around a layer's cost would switch it on every round, each switch costing a keyframe), so a track is
/// not raised, nor resumed from a bandwidth pause, sooner than <see cref="UpSwitchHoldTicks"/> after it was lowered.
/// No I/O; single owner (the subscriber's worker); no allocation once the scratch array fits the track count.
/// </remarks>
public sealed class StreamAllocator(long upSwitchHoldTicks = StreamAllocator.DefaultUpSwitchHoldTicks, long pauseDelayTicks = 0)
{
    public const long DefaultUpSwitchHoldTicks = 4 * MediaTime.TicksPerSecond;

    /// <summary>What the engine uses for <see cref="PauseDelayTicks"/>.</summary>
    public const long DefaultPauseDelayTicks = 2 * MediaTime.TicksPerSecond;

    /// <summary>Tiles up to this width want the lowest layer.</summary>
    public const int LowLayerMaxWidth = 320;

    /// <summary>Tiles up to this width want at most the middle layer.</summary>
    public const int MidLayerMaxWidth = 640;

    private int[] _order = new int[8];

    public long UpSwitchHoldTicks { get; } = upSwitchHoldTicks >= 0 ? upSwitchHoldTicks : throw new ArgumentOutOfRangeException(nameof(upSwitchHoldTicks));

    /// <summary>
    /// How long a flowing video whose lowest layer no longer fits keeps it before it pauses. A pause is what people see
    /// (a tile goes dark, then waits for a keyframe and the up-switch hold to come back), and an estimate dips for a
    /// moment far more often than a link really shrinks: a keyframe burst, a receiver's busy CPU. Lowering layers stays
    /// immediate; a video that never flowed and does not fit starts paused.
    /// </summary>
    public long PauseDelayTicks { get; } = pauseDelayTicks >= 0 ? pauseDelayTicks : throw new ArgumentOutOfRangeException(nameof(pauseDelayTicks));

    /// <summary>
    /// Allocates <paramref name="availableBitrate"/> (bit/s; <see cref="long.MaxValue"/> for no limit) over
    /// <paramref name="tracks"/>, writing each track's target and pause reason.
    /// </summary>
    /// <returns>What the subscriber would receive with no limit (every visible video at the layer its tile wants), bit/s.</returns>
    public long Allocate(Span<StreamAllocatorTrack> tracks, long availableBitrate, long nowTicks)
    {
        long budget = availableBitrate;
        long wanted = 0;
        int videoCount = 0;
        if (_order.Length < tracks.Length)
        {
            _order = new int[Math.Max(tracks.Length, _order.Length * 2)];
        }

        for (int i = 0; i < tracks.Length; i++)
        {
            ref StreamAllocatorTrack track = ref tracks[i];
            if (track.IsAudio)
            {
                track.TargetRank = 0;
                track.PauseReason = VideoPauseReason.None;
                budget -= track.Bitrates[0];
                wanted += track.Bitrates[0];
            }
            else
            {
                InsertByImportance(tracks, i, videoCount++);
                if (track.Visible)
                {
                    wanted += track.Bitrates[WantedRank(track)];
                }
            }
        }

        // First every visible video gets its lowest layer, most important first; those that do not fit pause.
        for (int n = 0; n < videoCount; n++)
        {
            ref StreamAllocatorTrack track = ref tracks[_order[n]];
            if (!track.Visible)
            {
                Set(ref track, -1, VideoPauseReason.Hidden, nowTicks);
                continue;
            }

            bool heldPaused = track.Allocated && track.PreviousRank < 0 && track.PauseReason == VideoPauseReason.Bandwidth && IsHolding(track, nowTicks);
            int lowest = LowestAvailableRank(track);
            long cost = track.Bitrates[lowest];
            if (cost <= budget)
            {
                track.OverBudgetSinceTicks = long.MinValue;
            }
            else if (!heldPaused && track.Allocated && track.PreviousRank >= 0)
            {
                track.OverBudgetSinceTicks = track.OverBudgetSinceTicks == long.MinValue ? nowTicks : track.OverBudgetSinceTicks;
            }

            bool inPauseGrace = track.OverBudgetSinceTicks != long.MinValue && nowTicks - track.OverBudgetSinceTicks < PauseDelayTicks;
            if (heldPaused || (cost > budget && !inPauseGrace))
            {
                track.OverBudgetSinceTicks = long.MinValue;
                Set(ref track, -1, VideoPauseReason.Bandwidth, nowTicks);
                continue;
            }

            budget -= cost;
            track.TargetRank = lowest; // provisional; the upgrade pass below sets it for good
        }

        // Then what is left raises videos: pinned tiles and the speaker first, each as far as its tile wants (they are
        // shown large); then the others one layer at a time, in tile order, so that every tile reaches the middle layer
        // before any reaches the top one (three readable tiles beat one sharp tile and two blurred ones).
        for (int n = 0; n < videoCount; n++)
        {
            ref StreamAllocatorTrack track = ref tracks[_order[n]];
            if (track.TargetRank >= 0 && track.IsImportant)
            {
                while (TryRaise(ref track, Ceiling(track, nowTicks), ref budget))
                {
                }
            }
        }

        for (int step = 1; step < StreamAllocatorTrack.MaxLayers; step++)
        {
            for (int n = 0; n < videoCount; n++)
            {
                ref StreamAllocatorTrack track = ref tracks[_order[n]];
                if (track.TargetRank >= 0 && !track.IsImportant)
                {
                    TryRaise(ref track, Ceiling(track, nowTicks), ref budget);
                }
            }
        }

        for (int n = 0; n < videoCount; n++)
        {
            ref StreamAllocatorTrack track = ref tracks[_order[n]];
            if (track.TargetRank >= 0)
            {
                Set(ref track, track.TargetRank, VideoPauseReason.None, nowTicks);
            }
        }

        return wanted;
    }

    /// <summary>The highest quality rank the tile can show: by width, never above the track's layers.</summary>
    public static int WantedRank(in StreamAllocatorTrack track)
    {
        int top = track.LayerCount - 1;
        if (track.TileWidth <= 0)
        {
            return top;
        }

        int rank = track.TileWidth <= LowLayerMaxWidth ? 0 : track.TileWidth <= MidLayerMaxWidth ? 1 : 2;
        return Math.Min(rank, top);
    }

    /// <summary>The highest rank a track may get this round: what its tile wants, and no higher than last round while holding.</summary>
    private int Ceiling(in StreamAllocatorTrack track, long nowTicks)
    {
        int ceiling = WantedRank(track);
        if (track.Allocated && track.PreviousRank >= 0 && IsHolding(track, nowTicks))
        {
            ceiling = Math.Min(ceiling, track.PreviousRank);
        }

        return ceiling;
    }

    /// <summary>Raises the track to the next layer above its target that is available and fits; false when none does.</summary>
    private static bool TryRaise(ref StreamAllocatorTrack track, int ceiling, ref long budget)
    {
        for (int candidate = track.TargetRank + 1; candidate <= ceiling; candidate++)
        {
            if (!IsAvailable(track, candidate))
            {
                continue;
            }

            long extra = track.Bitrates[candidate] - track.Bitrates[track.TargetRank];
            if (extra > budget)
            {
                return false;
            }

            budget -= extra;
            track.TargetRank = candidate;
            return true;
        }

        return false;
    }

    /// <summary>The highest rank at or below <paramref name="ceiling"/> the publisher sends; the lowest available when none.</summary>
    private static int HighestAvailableRank(in StreamAllocatorTrack track, int ceiling)
    {
        for (int rank = ceiling; rank >= 0; rank--)
        {
            if (IsAvailable(track, rank))
            {
                return rank;
            }
        }

        return LowestAvailableRank(track);
    }

    /// <summary>The lowest quality rank the publisher sends (or would on request); 0 when nothing is known.</summary>
    public static int LowestAvailableRank(in StreamAllocatorTrack track)
    {
        for (int rank = 0; rank < track.LayerCount; rank++)
        {
            if (IsAvailable(track, rank))
            {
                return rank;
            }
        }

        return 0;
    }

    private static bool IsAvailable(in StreamAllocatorTrack track, int rank) =>
        track.AvailableRanks == 0 || (track.AvailableRanks & (1 << rank)) != 0;

    private bool IsHolding(in StreamAllocatorTrack track, long nowTicks) =>
        track.LastDownSwitchTicks != long.MinValue && nowTicks - track.LastDownSwitchTicks < UpSwitchHoldTicks;

    private static void Set(ref StreamAllocatorTrack track, int rank, VideoPauseReason reason, long nowTicks)
    {
        // A lower layer than last round, or a pause of a video that was flowing, starts the hold-off when bandwidth forced
        // it: the track gets less than its tile wants of what the publisher sends. A smaller or hidden tile is the
        // subscriber's choice and a layer the publisher stopped is the publisher's; neither may hold back the next
        // up-switch (a pin moved back to a tile that just shrank must get its layer at once).
        if (track.Allocated && track.PreviousRank >= 0 && rank < track.PreviousRank && reason != VideoPauseReason.Hidden
            && rank < HighestAvailableRank(track, WantedRank(track)))
        {
            track.LastDownSwitchTicks = nowTicks;
        }

        track.TargetRank = rank;
        track.PreviousRank = rank;
        track.PauseReason = reason;
        track.Allocated = true;
    }

    /// <summary>Insertion into the importance order: important first, then larger tiles, then the caller's order.</summary>
    private void InsertByImportance(Span<StreamAllocatorTrack> tracks, int index, int count)
    {
        int position = count;
        while (position > 0 && IsMoreImportant(tracks[index], tracks[_order[position - 1]]))
        {
            _order[position] = _order[position - 1];
            position--;
        }

        _order[position] = index;
    }

    private static bool IsMoreImportant(in StreamAllocatorTrack a, in StreamAllocatorTrack b)
    {
        if (a.IsImportant != b.IsImportant)
        {
            return a.IsImportant;
        }

        return TileArea(a) > TileArea(b);
    }

    // A tile of unknown size counts as the largest: the subscriber said nothing, so it gets the default (highest) layer.
    private static long TileArea(in StreamAllocatorTrack track) =>
        track.TileWidth <= 0 ? long.MaxValue : (long)track.TileWidth * Math.Max(track.TileHeight, 1);
}
