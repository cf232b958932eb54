using Sfu.Buffers;
using Sfu.Engine;
using Sfu.Negotiation;

namespace Sfu.Client;

/// <summary>
/// What one incoming SSRC delivered: packets, gaps, duplicates (by 64-bit unwrapped sequence number, RFC 3550
/// appendix A.1) and payload integrity (the <see cref="SyntheticPayload"/> counter must advance exactly with the
/// sequence number, and every byte must be as sent). Not thread-safe: a peer updates it from its receive thread under its stats lock.
/// </summary>
public sealed class ReceiveStreamCounter(uint ssrc)
{
    /// <summary>Sequence numbers remembered for duplicate detection.</summary>
    private const int WindowSize = 4096;

    private readonly SerialUnwrapper<ushort> _unwrapper = new();
    private readonly bool[] _seen = new bool[WindowSize];
    private long _lowest = long.MaxValue;
    private long _highest = long.MinValue;
    private bool _hasCounterOffset;
    private long _counterOffset;

    public uint Ssrc { get; } = ssrc;

    /// <summary>Who sent it, once the server's description announced the SSRC.</summary>
    public RemoteTrack? Track { get; set; }

    public long Packets { get; private set; }

    public long Duplicates { get; private set; }

    /// <summary>Packets older than the duplicate window: counted, not checked.</summary>
    public long TooOld { get; private set; }

    public long PayloadErrors { get; private set; }

    public long Keyframes { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Send-to-receive time of the last stamped packet, in Stopwatch ticks (0 before one arrived).</summary>
    public long LastTransit { get; private set; }

    /// <summary>Interarrival jitter in Stopwatch ticks, RFC 3550 section 6.4.1 with the payload's send stamps for RTP timestamps.</summary>
    public double Jitter { get; private set; }

    /// <summary>Stamped packets received (those <see cref="LastTransit"/> and <see cref="Jitter"/> are made of).</summary>
    public long StampedPackets { get; private set; }

    /// <summary>The publisher's own SSRC, read from the payload (0 until a valid payload arrived).</summary>
    public uint OriginSsrc { get; private set; }

    /// <summary>
    /// Valid payloads by the publisher SSRC they carry: one entry normally, one per simulcast layer that arrived when the
    /// SFU switched layers on this stream (the forwarded SSRC stays the same, the payload's origin tells the layer).
    /// </summary>
    public Dictionary<uint, long> PacketsByOrigin { get; } = [];

    /// <summary>Times the payload's origin SSRC changed: simulcast layer switches by the SFU.</summary>
    public long OriginSwitches { get; private set; }

    /// <summary>Sequence numbers between the lowest and highest received that never arrived.</summary>
    public long Lost => Packets == 0 ? 0 : Math.Max(0, _highest - _lowest + 1 - (Packets - Duplicates - TooOld));

    /// <param name="arrivalTimestamp">Stopwatch ticks when the packet arrived (for stamped payloads' latency); 0 skips it.</param>
    public void OnPacket(ushort sequenceNumber, ReadOnlySpan<byte> payload, MediaKind? kind, long arrivalTimestamp = 0)
    {
        Packets++;
        Bytes += payload.Length;
        long unwrapped = _unwrapper.Unwrap(sequenceNumber);
        if (!MarkSeen(unwrapped))
        {
            return;
        }

        ReadOnlySpan<byte> body = payload;
        if (kind == MediaKind.Video || (kind is null && !SyntheticPayload.TryRead(payload, out _, out _)))
        {
            if (!Vp8PayloadHeader.TryRead(payload, out int headerLength, out bool keyframe))
            {
                PayloadErrors++;
                return;
            }

            Keyframes += keyframe ? 1 : 0;
            body = payload[headerLength..];
        }

        if (!SyntheticPayload.TryRead(body, out uint origin, out uint counter, out long sent))
        {
            PayloadErrors++;
            return;
        }

        if (sent != 0 && arrivalTimestamp != 0)
        {
            long transit = arrivalTimestamp - sent;
            if (StampedPackets > 0)
            {
                Jitter += (Math.Abs(transit - LastTransit) - Jitter) / 16;
            }

            LastTransit = transit;
            StampedPackets++;
        }

        // The counter and the sequence number advance together: a fixed offset per stream, and per layer when the SFU
        // switches simulcast layers (another origin SSRC with its own counter then continues the sequence numbers).
        long offset = counter - unwrapped;
        if (!_hasCounterOffset || origin != OriginSsrc)
        {
            OriginSwitches += _hasCounterOffset ? 1 : 0;
            _hasCounterOffset = true;
            _counterOffset = offset;
            OriginSsrc = origin;
        }
        else if (offset != _counterOffset)
        {
            PayloadErrors++;
            return;
        }

        PacketsByOrigin[origin] = PacketsByOrigin.GetValueOrDefault(origin) + 1;
    }

    /// <summary>False for a duplicate or a packet too old to tell.</summary>
    private bool MarkSeen(long unwrapped)
    {
        if (unwrapped > _highest)
        {
            // Forget what the slots from the old highest up to this one held (numbers a whole window older).
            long clearFrom = _highest == long.MinValue ? unwrapped : Math.Max(_highest + 1, unwrapped - WindowSize + 1);
            for (long n = clearFrom; n <= unwrapped; n++)
            {
                _seen[(int)(n & (WindowSize - 1))] = false;
            }

            _highest = unwrapped;
        }
        else if (unwrapped <= _highest - WindowSize)
        {
            TooOld++;
            return false;
        }

        int slot = (int)(unwrapped & (WindowSize - 1));
        if (_seen[slot] && unwrapped >= _lowest)
        {
            Duplicates++;
            return false;
        }

        _seen[slot] = true;
        _lowest = Math.Min(_lowest, unwrapped);
        return true;
    }
}
