using Sfu.Streams;
using Sfu.Wire.Rtcp;

namespace Sfu.Client;

/// <summary>
/// The receiver side of Generic NACK (RFC 4585 section 6.2.1) for a client: one <see cref="NackGenerator"/> per received
/// SSRC that negotiated "nack", and the reduced-size RTCP (RFC 5506) that asks for what is missing. Not thread-safe: a
/// peer feeds it from its receive thread and drains it from its NACK timer under one lock. Times are engine ticks
/// (<see cref="MediaTime"/>).
/// </summary>
public sealed class ClientNackTracker
{
    /// <summary>Sequence numbers put into one NACK at most (the rest wait for the next round).</summary>
    public const int MaxSequenceNumbersPerNack = 64;

    private readonly Dictionary<uint, NackGenerator> _streams = [];
    private readonly ushort[] _missing = new ushort[MaxSequenceNumbersPerNack];
    private readonly long _retryIntervalTicks;

    /// <param name="retryIntervalTicks">Minimum time between two NACKs for the same packet.</param>
    public ClientNackTracker(long retryIntervalTicks = NackGenerator.DefaultRetryIntervalTicks)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(retryIntervalTicks);
        _retryIntervalTicks = retryIntervalTicks;
    }

    /// <summary>NACK packets written so far.</summary>
    public long NacksWritten { get; private set; }

    /// <summary>Sequence numbers put into NACKs so far (one NACKed twice counts twice).</summary>
    public long SequenceNumbersNacked { get; private set; }

    /// <summary>Missing packets that arrived after being NACKed, over every stream.</summary>
    public long Recovered
    {
        get
        {
            long total = 0;
            foreach (NackGenerator stream in _streams.Values)
            {
                total += stream.RecoveredCount;
            }

            return total;
        }
    }

    /// <summary>Missing packets given up (too many retries, too old), over every stream.</summary>
    public long GivenUp
    {
        get
        {
            long total = 0;
            foreach (NackGenerator stream in _streams.Values)
            {
                total += stream.GivenUpCount;
            }

            return total;
        }
    }

    /// <summary>Accounts one received packet of <paramref name="ssrc"/> (a stream that negotiated nack).</summary>
    public NackOutcome OnPacket(uint ssrc, ushort sequenceNumber, long nowTicks)
    {
        if (!_streams.TryGetValue(ssrc, out NackGenerator? stream))
        {
            stream = new NackGenerator(retryIntervalTicks: _retryIntervalTicks);
            _streams.Add(ssrc, stream);
        }

        return stream.OnPacket(sequenceNumber, nowTicks);
    }

    /// <summary>
    /// Writes one Generic NACK per stream with packets due for a (re)request into <paramref name="destination"/>, as one
    /// reduced-size compound packet from <paramref name="senderSsrc"/>. Streams that do not fit wait for the next call.
    /// </summary>
    /// <returns>The compound length, 0 when nothing is due.</returns>
    public int WriteDueNacks(Span<byte> destination, uint senderSsrc, long nowTicks)
    {
        int length = 0;
        foreach (KeyValuePair<uint, NackGenerator> stream in _streams)
        {
            // The largest NACK: every number 17 apart, one entry each.
            if (destination.Length - length < GenericNack.GetLength(MaxSequenceNumbersPerNack))
            {
                break;
            }

            int count = stream.Value.CollectNacks(nowTicks, _missing);
            if (count == 0)
            {
                continue;
            }

            int written = GenericNack.Write(destination[length..], senderSsrc, stream.Key, _missing.AsSpan(0, count));
            if (written > 0)
            {
                length += written;
                NacksWritten++;
                SequenceNumbersNacked += count;
            }
        }

        return length;
    }
}
