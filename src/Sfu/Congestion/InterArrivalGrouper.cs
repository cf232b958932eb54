namespace Sfu.Congestion;

/// <summary>
/// Groups packets into send bursts and yields the delay variation between consecutive groups
/// (draft-ietf-rmcat-gcc-02 section 5.2): packets sent within 5 ms of a group's first packet belong to it, since a
/// pacer or a frame's packets leave together and only their last arrival says how long the group took to cross.
/// Times are in microseconds; packets come in send order (transport-wide sequence order).
/// </summary>
public sealed class InterArrivalGrouper
{
    /// <summary>Send-time span of one group (libwebrtc's kSendTimeGroupLength).</summary>
    public const long GroupLengthMicros = 5_000;

    /// <summary>Arrivals this close together, and closer than they were sent, are one burst (libwebrtc: 5 ms).</summary>
    public const long BurstDeltaMicros = 5_000;

    /// <summary>The longest an arrival burst may last and still be one group (libwebrtc: 100 ms).</summary>
    public const long MaxBurstMicros = 100_000;

    /// <summary>An arrival gap this long means the receiver's clock or path restarted: the grouping starts over.</summary>
    private const long ResetGapMicros = 3_000_000;

    private Group _current;
    private Group _previous;
    private bool _hasCurrent;
    private bool _hasPrevious;

    /// <summary>
    /// Adds one received packet. True when it closes a group and a delta between the two last complete groups is
    /// available: <paramref name="sendDeltaMicros"/> and <paramref name="arrivalDeltaMicros"/> between their last
    /// packets, and <paramref name="arrivalMicros"/> the closed group's last arrival.
    /// </summary>
    public bool TryAdd(long sendMicros, long arrivalMicros, out long sendDeltaMicros, out long arrivalDeltaMicros, out long groupArrivalMicros)
    {
        sendDeltaMicros = 0;
        arrivalDeltaMicros = 0;
        groupArrivalMicros = 0;
        if (!_hasCurrent)
        {
            Start(sendMicros, arrivalMicros);
            return false;
        }

        if (sendMicros < _current.FirstSend)
        {
            return false; // sent before the group being built: reordered far behind, not useful for delay
        }

        if (Math.Abs(arrivalMicros - _current.LastArrival) > ResetGapMicros)
        {
            _hasPrevious = false;
            Start(sendMicros, arrivalMicros);
            return false;
        }

        if (sendMicros - _current.FirstSend <= GroupLengthMicros || BelongsToArrivalBurst(sendMicros, arrivalMicros))
        {
            _current.LastSend = Math.Max(_current.LastSend, sendMicros);
            _current.LastArrival = Math.Max(_current.LastArrival, arrivalMicros);
            return false;
        }

        bool ready = _hasPrevious;
        if (ready)
        {
            sendDeltaMicros = _current.LastSend - _previous.LastSend;
            arrivalDeltaMicros = _current.LastArrival - _previous.LastArrival;
            groupArrivalMicros = _current.LastArrival;
        }

        _previous = _current;
        _hasPrevious = true;
        Start(sendMicros, arrivalMicros);
        return ready;
    }

    /// <summary>
    /// A packet that arrives within <see cref="BurstDeltaMicros"/> of the group's last one and closer to it than it was
    /// sent (negative propagation delta) arrived in a burst: the receiver read a queue it had not served, because its
    /// thread was not scheduled or a NIC coalesced interrupts. libwebrtc's InterArrival merges such packets into the
    /// group; without it a receiver on a busy CPU reads as a growing queue on the path, and the estimate collapses.
    /// A burst is capped at <see cref="MaxBurstMicros"/>, so a real queue still shows.
    /// </summary>
    private bool BelongsToArrivalBurst(long sendMicros, long arrivalMicros)
    {
        long arrivalDelta = arrivalMicros - _current.LastArrival;
        long sendDelta = sendMicros - _current.LastSend;
        return arrivalDelta - sendDelta < 0
            && arrivalDelta <= BurstDeltaMicros
            && arrivalMicros - _current.FirstArrival < MaxBurstMicros;
    }

    private void Start(long sendMicros, long arrivalMicros)
    {
        _current = new Group { FirstSend = sendMicros, LastSend = sendMicros, FirstArrival = arrivalMicros, LastArrival = arrivalMicros };
        _hasCurrent = true;
    }

    private struct Group
    {
        public long FirstSend;
        public long LastSend;
        public long FirstArrival;
        public long LastArrival;
    }
}
