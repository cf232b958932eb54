using Sfu.Buffers;
using Sfu.Wire.Rtcp;

namespace Sfu.Congestion;

/// <summary>
/// The receive side of transport-wide congestion control for one transport
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01): it records when each transport-wide sequence number arrived
/// (one counter across every SSRC of the transport: media, RTX and padding probes alike) and turns what it has not
/// reported yet into transport-cc feedback (section 3.1), which the browser's send-side estimator needs to grow its
/// bitrate. Time is a parameter; owned by one media worker thread; nothing allocates per packet.
/// </summary>
/// <remarks>
/// Arrivals live in a ring indexed by the unwrapped sequence number; each slot also remembers which sequence number it
/// holds, so a slot that was never written (a lost packet) needs no clearing. A packet that arrives after its sequence
/// number was already reported (as lost) is not reported again: a feedback interval is longer than any reordering a
/// browser sees, and libwebrtc's adapter takes a packet's first report.
/// </remarks>
public sealed class TransportCcRecorder
{
    /// <summary>Sequence numbers the ring holds; a power of two. At 50 ms feedback this covers 80,000 packets/s.</summary>
    public const int Capacity = 4096;

    /// <summary>
    /// Statuses per feedback message. In the worst case (every packet received with a 2-byte delta: two-bit chunks of
    /// 7) that is 20 + 2 × 58 + 2 × 400 = 936 bytes, below the path MTU after SRTCP; more pending statuses go out in
    /// several messages.
    /// </summary>
    public const int MaxStatusesPerFeedback = 400;

    /// <summary>.NET ticks per receive-delta tick (250 µs, section 3.1).</summary>
    private const long TicksPerDeltaTick = TimeSpan.TicksPerMillisecond / 4;

    private readonly long[] _arrivals = new long[Capacity];
    private readonly long[] _sequences = new long[Capacity];
    private readonly TransportCcPacket[] _packets = new TransportCcPacket[MaxStatusesPerFeedback];
    private readonly SerialUnwrapper<ushort> _unwrapper = new();
    private long _nextToReport;
    private byte _feedbackPacketCount;

    public TransportCcRecorder() => Array.Fill(_sequences, long.MinValue);

    /// <summary>Packets recorded (first arrivals of a sequence number).</summary>
    public long PacketsRecorded { get; private set; }

    /// <summary>Packets that arrived after their sequence number had been reported, or again.</summary>
    public long PacketsIgnored { get; private set; }

    /// <summary>True when some recorded sequence number has not been reported yet.</summary>
    public bool HasPending => _unwrapper.HasStarted && _unwrapper.Highest >= _nextToReport;

    /// <summary>A packet with transport-wide sequence number <paramref name="sequenceNumber"/> arrived at <paramref name="nowTicks"/>.</summary>
    public void OnPacket(ushort sequenceNumber, long nowTicks)
    {
        bool first = !_unwrapper.HasStarted;
        long unwrapped = _unwrapper.Unwrap(sequenceNumber);
        if (first)
        {
            _nextToReport = unwrapped;
        }
        else if (unwrapped < _nextToReport - Capacity)
        {
            // Far behind everything recent: the sender started counting again (a new transport-wide counter).
            _unwrapper.Reset();
            unwrapped = _unwrapper.Unwrap(sequenceNumber);
            _nextToReport = unwrapped;
        }

        int slot = (int)(unwrapped & (Capacity - 1));
        if (unwrapped < _nextToReport || _sequences[slot] == unwrapped)
        {
            PacketsIgnored++;
            return;
        }

        if (unwrapped - _nextToReport >= Capacity)
        {
            // So far ahead that the oldest unreported sequence numbers leave the ring: they are never reported.
            _nextToReport = unwrapped - Capacity + 1;
        }

        _sequences[slot] = unwrapped;
        _arrivals[slot] = FloorDivide(nowTicks, TicksPerDeltaTick);
        PacketsRecorded++;
    }

    /// <summary>
    /// Writes one feedback message (section 3.1) for up to <see cref="MaxStatusesPerFeedback"/> sequence numbers not
    /// reported yet, from the oldest to the highest received, and returns its length; 0 when nothing is pending or it
    /// does not fit <paramref name="destination"/>. Call again while <see cref="HasPending"/> to report the rest.
    /// </summary>
    /// <param name="senderSsrc">Our RTCP SSRC toward this participant.</param>
    /// <param name="mediaSsrc">One of the participant's media SSRCs (browsers ignore it; the whole transport is reported).</param>
    public int WriteFeedback(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        if (!HasPending)
        {
            return 0;
        }

        long start = _nextToReport;
        long end = Math.Min(_unwrapper.Highest + 1, start + MaxStatusesPerFeedback);

        // Reference time (64 ms units): the floor of the first received packet's arrival, so that its delta is 0-255
        // ticks. The highest sequence number was received, so one exists at or after the start.
        long reference = 0;
        for (long s = start; s <= _unwrapper.Highest; s++)
        {
            int slot = (int)(s & (Capacity - 1));
            if (_sequences[slot] == s)
            {
                reference = FloorDivide(_arrivals[slot], TransportCcFeedback.TicksPerReferenceTimeUnit);
                break;
            }
        }

        // Each receive delta is relative to the previous received packet in sequence order (reordering makes it
        // negative), the first to the reference time (section 3.1.5). A delta beyond 16 signed bits (a pause of
        // over 8 s) ends this message; the next one starts from its own reference time.
        long previous = reference * TransportCcFeedback.TicksPerReferenceTimeUnit;
        int count = 0;
        for (long s = start; s < end; s++)
        {
            int slot = (int)(s & (Capacity - 1));
            if (_sequences[slot] != s)
            {
                _packets[count++] = new TransportCcPacket((ushort)s, received: false, 0);
                continue;
            }

            long delta = _arrivals[slot] - previous;
            if (delta is < short.MinValue or > short.MaxValue)
            {
                end = s;
                break;
            }

            _packets[count++] = new TransportCcPacket((ushort)s, received: true, (int)delta);
            previous = _arrivals[slot];
        }

        int length = TransportCcFeedbackWriter.Write(destination, senderSsrc, mediaSsrc, (uint)reference, _feedbackPacketCount, _packets.AsSpan(0, count));
        if (length > 0)
        {
            _feedbackPacketCount++;
            _nextToReport = end;
        }

        return length;
    }

    private static long FloorDivide(long value, long divisor) => value >= 0 ? value / divisor : ((value + 1) / divisor) - 1;
}
