namespace Sfu.Congestion;

/// <summary>
/// The delay-based rate controller of Google Congestion Control (draft-ietf-rmcat-gcc-02 section 5.5, libwebrtc's
/// AIMD controller): on overuse the rate drops to <see cref="Beta"/> times the acknowledged bitrate; on a normal
/// signal it grows, multiplicatively (8 % a second) while the link's capacity is unknown and additively (about one
/// packet per response time) near the capacity last measured at a decrease; underuse holds it while a queue drains.
/// It never grows beyond 1.5 × the acknowledged bitrate, since a rate never sent was never tested (probing does that).
/// Times in microseconds; rates in bit/s; no allocation.
/// </summary>
public sealed class AimdRateController(long minBitrate, long maxBitrate, long startBitrate)
{
    /// <summary>Multiplicative decrease factor (section 5.5: "beta" 0.85).</summary>
    public const double Beta = 0.85;

    private const double MultiplicativeIncreasePerSecond = 1.08;
    private const long MinIncreaseBitsPerSecond = 4_000;
    private const double AssumedFramesPerSecond = 30;
    private const double PacketBits = 1200 * 8;
    private const long ResponseTimeExtraMicros = 100_000;
    private const long MaxUpdateGapMicros = 1_000_000;

    private readonly LinkCapacityEstimate _capacity = new();
    private RateControlState _state = RateControlState.Hold;
    private long _lastUpdateMicros = long.MinValue;
    private long _lastDecreaseMicros = long.MinValue;

    private enum RateControlState
    {
        Hold,
        Increase,
        Decrease,
    }

    /// <summary>The delay-based estimate, bit/s.</summary>
    public long Bitrate { get; private set; } = Math.Clamp(startBitrate, minBitrate, maxBitrate);

    /// <summary>The round-trip time used for the additive increase and to space decreases, microseconds.</summary>
    public long RoundTripMicros { get; set; } = 200_000;

    /// <summary>Applies one detector verdict; <paramref name="acknowledgedBitrate"/> is 0 when not measured yet.</summary>
    public long Update(BandwidthUsage usage, long acknowledgedBitrate, long nowMicros)
    {
        long elapsed = _lastUpdateMicros == long.MinValue ? 0 : Math.Clamp(nowMicros - _lastUpdateMicros, 0, MaxUpdateGapMicros);
        _lastUpdateMicros = nowMicros;
        _state = (usage, _state) switch
        {
            (BandwidthUsage.Overusing, _) => RateControlState.Decrease,
            (BandwidthUsage.Underusing, _) => RateControlState.Hold,
            (BandwidthUsage.Normal, RateControlState.Hold) => RateControlState.Increase,
            (BandwidthUsage.Normal, RateControlState.Decrease) => RateControlState.Hold,
            _ => _state,
        };

        if (_state == RateControlState.Increase)
        {
            Increase(acknowledgedBitrate, elapsed);
        }
        else if (_state == RateControlState.Decrease)
        {
            Decrease(acknowledgedBitrate, nowMicros);
        }

        return Bitrate;
    }

    /// <summary>A probe showed the link carries <paramref name="bitrate"/>: start from there (never lowers the rate).</summary>
    public void RaiseTo(long bitrate)
    {
        if (bitrate > Bitrate)
        {
            Bitrate = Math.Clamp(bitrate, minBitrate, maxBitrate);
            _capacity.Reset();
        }
    }

    private void Increase(long acknowledgedBitrate, long elapsedMicros)
    {
        if (acknowledgedBitrate > 0 && _capacity.IsAbove(acknowledgedBitrate))
        {
            _capacity.Reset(); // the link carries more than the capacity measured at the last decrease
        }

        double seconds = elapsedMicros / 1e6;
        double increase;
        if (_capacity.IsKnown)
        {
            double bitsPerFrame = Bitrate / AssumedFramesPerSecond;
            double packetsPerFrame = Math.Ceiling(bitsPerFrame / PacketBits);
            double averagePacketBits = bitsPerFrame / Math.Max(1, packetsPerFrame);
            double responseSeconds = (RoundTripMicros + ResponseTimeExtraMicros) / 1e6;
            increase = Math.Max(MinIncreaseBitsPerSecond, averagePacketBits / responseSeconds) * seconds;
        }
        else
        {
            increase = Math.Max(Bitrate * (Math.Pow(MultiplicativeIncreasePerSecond, seconds) - 1), 1000 * seconds);
        }

        long next = Bitrate + (long)increase;
        if (acknowledgedBitrate > 0)
        {
            // Never run ahead of what was actually carried: an application-limited stream proves nothing above it.
            next = Math.Min(next, Math.Max(Bitrate, (long)(1.5 * acknowledgedBitrate) + 10_000));
        }

        Bitrate = Math.Clamp(next, minBitrate, maxBitrate);
    }

    private void Decrease(long acknowledgedBitrate, long nowMicros)
    {
        // One decrease per round trip: the feedback after a decrease still shows the queue built before it.
        if (_lastDecreaseMicros != long.MinValue && nowMicros - _lastDecreaseMicros < RoundTripMicros)
        {
            return;
        }

        long measured = acknowledgedBitrate > 0 ? acknowledgedBitrate : Bitrate;
        long next = (long)(Beta * measured);
        if (next > Bitrate && _capacity.IsKnown)
        {
            next = (long)(Beta * _capacity.Average);
        }

        // An SFU's sender is often application-limited: videos paused or small, or just resumed and waiting for their
        // keyframes, so the acknowledged bitrate is far below the estimate. One overuse signal there (a keyframe burst,
        // a receiver's busy CPU) would cut the estimate to a fraction of itself, the allocator would pause video, the
        // acknowledged bitrate would fall further, and the next signal would finish the job. At most halving per
        // decrease stops that spiral; a real queue keeps signalling overuse and still brings the rate down within a few
        // round trips.
        next = Math.Max(next, Bitrate / 2);

        Bitrate = Math.Clamp(Math.Min(next, Bitrate), minBitrate, maxBitrate);
        _capacity.OnOveruse(measured);
        _lastDecreaseMicros = nowMicros;
        _state = RateControlState.Hold;
    }
}
