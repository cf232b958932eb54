using Sfu.Forwarding;
using Sfu.Streams;

namespace Sfu.Routing;

/// <summary>
/// One encoding of a published track: the whole track when it is not simulcast, else one simulcast layer (RFC 8853)
/// on its own SSRC, named by its rid (RFC 8852 RtpStreamId) or by its place in a=ssrc-group:SIM. Each layer is its own
/// RTP stream, so each keeps its own receive statistics, NACK generator, retransmission store, keyframe throttle and
/// measured bit rate. Owned by the media worker thread.
/// </summary>
public sealed class ProducerLayer : IDisposable
{
    private readonly int _clockRate;
    private readonly bool _isVideo;
    private readonly bool _nacksEnabled;
    private readonly KeyframeRequestThrottle _keyframeThrottle;
    private readonly RetransmissionBuffer? _history;
    private readonly DuplicatePacketFilter _received = new();
    private NackGenerator? _nacks;

    internal ProducerLayer(int index, string? rid, int clockRate, bool isVideo, bool nacksEnabled, long keyframeIntervalTicks)
    {
        Index = index;
        Rid = rid;
        _clockRate = clockRate;
        _isVideo = isVideo;
        _nacksEnabled = nacksEnabled;
        _keyframeThrottle = new KeyframeRequestThrottle(keyframeIntervalTicks);
        if (isVideo)
        {
            _history = new RetransmissionBuffer();
        }
    }

    /// <summary>The place of this layer in the offer's a=simulcast (or a=ssrc-group:SIM) list.</summary>
    public int Index { get; }

    /// <summary>The rid naming this layer (RID simulcast), null for SSRC simulcast and single-encoding tracks.</summary>
    public string? Rid { get; }

    /// <summary>The SSRC this layer's media arrives on; 0 until declared or learned.</summary>
    public uint Ssrc { get; private set; }

    /// <summary>The SSRC of this layer's retransmissions (RFC 4588); 0 when unknown.</summary>
    public uint RtxSsrc { get; private set; }

    public ReceiveStreamStats? Stats { get; private set; }

    public BitrateMeter Bitrate { get; } = new();

    /// <summary>
    /// How long a layer may be silent and still count as flowing: well above a frame interval, even a screen share's
    /// at a few frames per second, so that only a layer the publisher stopped reads as unavailable.
    /// </summary>
    public const long FlowingSilenceTicks = 1500 * MediaTime.TicksPerMillisecond;

    /// <summary>
    /// How long a layer the server just resumed counts as available while its first packet has not come: the signaling
    /// round trip and the publisher's encoder restart. Without it the allocator would move off the layer it asked for
    /// before it could arrive.
    /// </summary>
    public const long ResumeGraceTicks = 2 * MediaTime.TicksPerSecond;

    private long _lastPacketTicks = long.MinValue;
    private long _resumedTicks = long.MinValue;

    /// <summary>Whether the server paused this layer at the publisher (dynacast); it comes back when asked for.</summary>
    public bool PausedByServer { get; private set; }

    /// <summary>
    /// Whether a subscriber can be given this layer now: it flows, or the server paused it (and resumes it when a
    /// subscriber wants it), or the server just resumed it. A layer the publisher stopped by itself (a browser's own
    /// bandwidth limit turns off its upper layers, and they start late after a join) is not: a subscriber switched to it
    /// would wait for a keyframe that never comes.
    /// </summary>
    public bool IsAvailable(long nowTicks)
    {
        // The grace covers only the wait for the first packet after a resume: a browser may send one keyframe on a
        // re-enabled encoding and stop again (its own bandwidth limit), and then the layer is as stopped as any other.
        bool awaitingResume = _resumedTicks != long.MinValue && _lastPacketTicks < _resumedTicks && nowTicks - _resumedTicks < ResumeGraceTicks;
        if (PausedByServer || awaitingResume)
        {
            return true;
        }

        // Not sooner than this: a quicker verdict followed Chrome's layers on and off while its own estimate settles after
        // a join, and every switch waits for a keyframe (a 500 ms rule made the four-page join race miss its 8 s).
        return _lastPacketTicks != long.MinValue && nowTicks - _lastPacketTicks < FlowingSilenceTicks;
    }

    /// <summary>The server paused (dynacast) or resumed this layer at the publisher.</summary>
    internal void SetPausedByServer(bool paused, long nowTicks)
    {
        if (PausedByServer && !paused)
        {
            _resumedTicks = nowTicks;
        }

        PausedByServer = paused;
    }

    /// <summary>When this layer's last keyframe started (engine ticks); <see cref="long.MinValue"/> before any.</summary>
    public long LastKeyframeTicks { get; private set; } = long.MinValue;

    internal KeyframeRequestThrottle KeyframeThrottle => _keyframeThrottle;

    /// <summary>
    /// Sets (or changes) this layer's SSRCs; a new media SSRC is a new stream, so the receive state starts again and the
    /// keyframe throttle lets the next request through (every forwarder waits for a keyframe of the new SSRC).
    /// </summary>
    internal void SetSsrc(uint ssrc, uint rtxSsrc)
    {
        if (ssrc == Ssrc && Stats is not null)
        {
            RtxSsrc = rtxSsrc;
            return;
        }

        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        Stats = new ReceiveStreamStats(ssrc, _clockRate);
        _nacks = _nacksEnabled ? new NackGenerator() : null;
        _history?.Clear();
        _received.Reset();
        _keyframeThrottle.Reset();
    }

    /// <summary>
    /// Records that <paramref name="sequenceNumber"/> arrived; false when it had already (a duplicate, or an old packet the
    /// publisher re-sent on RTX to probe): such a packet is not processed again, so it reaches no subscriber twice.
    /// </summary>
    internal bool TryMarkReceived(ushort sequenceNumber) => _received.TryMarkNew(sequenceNumber);

    /// <summary>Accounts for one received packet; true when the NACK generator lost track and a keyframe is needed.</summary>
    /// <param name="countsTowardRate">
    /// False for padding and retransmissions: the layer's rate is what forwarding it costs a subscriber, and a browser's
    /// own probing (padding, or old packets re-sent on RTX) would make a 100 kbit/s layer measure ten times that.
    /// </param>
    internal bool OnPacket(ReadOnlySpan<byte> packet, ushort sequenceNumber, uint timestamp, long nowTicks, bool countsTowardRate = true)
    {
        Stats?.OnPacket(sequenceNumber, timestamp, nowTicks);
        if (countsTowardRate)
        {
            _lastPacketTicks = nowTicks;
            Bitrate.OnPacket(packet.Length, nowTicks);
        }

        bool resynchronized = _nacks is not null && _nacks.OnPacket(sequenceNumber, nowTicks) == NackOutcome.Resynchronized;
        _history?.Store(sequenceNumber, packet, nowTicks);
        return resynchronized;
    }

    internal void OnKeyframe(long nowTicks) => LastKeyframeTicks = nowTicks;

    /// <summary>A stored packet of this layer by its sequence number, for a subscriber's NACK.</summary>
    public bool TryGetStored(ushort sequenceNumber, long nowTicks, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        return _history is not null && _history.TryGet(sequenceNumber, nowTicks, out packet);
    }

    /// <summary>Sequence numbers of this layer to NACK now.</summary>
    public int CollectNacks(long nowTicks, Span<ushort> destination) => _nacks?.CollectNacks(nowTicks, destination) ?? 0;

    internal bool IsVideo => _isVideo;

    public void Dispose() => _history?.Dispose();
}
