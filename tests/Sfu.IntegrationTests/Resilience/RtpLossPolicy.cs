using Sfu.Transport;
using Sfu.Wire.Rtp;

namespace Sfu.IntegrationTests.Resilience;

/// <summary>
/// Which datagrams one direction of a <see cref="LossyUdpRelay"/> drops: a seeded-random share of the SRTP media
/// packets, only while <see cref="Enabled"/>, never STUN, DTLS or SRTCP (the handshake and the feedback that repairs
/// the loss always get through). The first packets of every SSRC are spared too: a video stream starts at its first
/// keyframe, and losing that is a different promise (a PLI, not a NACK). The RTP header is not encrypted by SRTP, so
/// SSRC and sequence number of every drop are known. Called from one relay thread; read from the test thread.
/// </summary>
internal sealed class RtpLossPolicy
{
    private readonly object _gate = new();
    private readonly Random _random;
    private readonly double _rate;
    private readonly int _spareFirst;
    private readonly Dictionary<uint, int> _seenBySsrc = [];
    private readonly Dictionary<uint, HashSet<ushort>> _droppedBySsrc = [];
    private readonly Dictionary<uint, long> _dropCountBySsrc = [];
    private volatile bool _enabled;

    public RtpLossPolicy(double rate, int seed, int spareFirstPerSsrc = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 0.5);
        _rate = rate;
        _random = new Random(seed);
        _spareFirst = spareFirstPerSsrc;
    }

    /// <summary>Forwards everything.</summary>
    public static RtpLossPolicy None => new(0, 0);

    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    /// <summary>Decides for one datagram; true to drop it.</summary>
    public bool ShouldDrop(ReadOnlySpan<byte> datagram)
    {
        if (_rate == 0 || PacketDemux.Classify(datagram) != PacketClass.Rtp || !RtpHeader.TryRead(datagram, out RtpHeader header))
        {
            return false;
        }

        lock (_gate)
        {
            int seen = _seenBySsrc.GetValueOrDefault(header.Ssrc) + 1;
            _seenBySsrc[header.Ssrc] = seen;
            if (!_enabled || seen <= _spareFirst || _random.NextDouble() >= _rate)
            {
                return false;
            }

            if (!_droppedBySsrc.TryGetValue(header.Ssrc, out HashSet<ushort>? dropped))
            {
                dropped = [];
                _droppedBySsrc.Add(header.Ssrc, dropped);
            }

            dropped.Add(header.SequenceNumber);
            _dropCountBySsrc[header.Ssrc] = _dropCountBySsrc.GetValueOrDefault(header.Ssrc) + 1;
            return true;
        }
    }

    /// <summary>Datagrams of <paramref name="ssrc"/> dropped, a retransmission dropped again counting again.</summary>
    public long Dropped(uint ssrc)
    {
        lock (_gate)
        {
            return _dropCountBySsrc.GetValueOrDefault(ssrc);
        }
    }

    /// <summary>Distinct sequence numbers of <paramref name="ssrc"/> dropped at least once.</summary>
    public int DistinctDropped(uint ssrc)
    {
        lock (_gate)
        {
            return _droppedBySsrc.TryGetValue(ssrc, out HashSet<ushort>? dropped) ? dropped.Count : 0;
        }
    }

    /// <summary>Media datagrams of <paramref name="ssrc"/> that reached the relay, dropped or not.</summary>
    public int Seen(uint ssrc)
    {
        lock (_gate)
        {
            return _seenBySsrc.GetValueOrDefault(ssrc);
        }
    }
}
