using Sfu.Diagnostics;
using Sfu.Negotiation;
using Sfu.Transport;
using Sfu.Wire.Rtp;

namespace Sfu.Routing;

/// <summary>
/// One browser in a room, on the media worker thread: its transport, the tracks it publishes (producers),
/// the tracks it receives (consumers) and the state of its SDP negotiation. RTP ingress lives here,
/// RTCP in <c>Participant.Rtcp.cs</c>, SDP in <c>Participant.Negotiation.cs</c>.
/// </summary>
public sealed partial class Participant : ITransportListener
{
    private readonly Dictionary<string, Producer> _producersByMid = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, Producer> _producersBySsrc = [];

    /// <summary>Declared SSRC-simulcast layers (media and RTX) the SFU does not forward; see <c>PinSimulcast</c>.</summary>
    private readonly HashSet<uint> _ignoredLayerSsrcs = [];

    private readonly Dictionary<uint, Consumer> _consumersBySsrc = [];
    private readonly List<Consumer> _consumers = [];

    // Track ids the publisher muted, kept apart from producers: signaling may say "muted" before the offer that
    // creates the producer, and the state must hold for producers and consumers made later.
    private readonly HashSet<string> _mutedTrackIds = new(StringComparer.Ordinal);
    private readonly IParticipantListener _observer;
    private readonly RoutingContext _context;

    public Participant(string participantId, IParticipantListener observer, RoutingContext context, Func<ITransportListener, WebRtcTransport> createTransport)
    {
        ParticipantId = participantId;
        _observer = observer;
        _context = context;
        RtcpSsrc = context.NewSsrc();
        Transport = createTransport(this);
    }

    public string ParticipantId { get; }

    public Room? Room { get; internal set; }

    public WebRtcTransport Transport { get; }

    /// <summary>The SSRC the server uses as sender of RTCP feedback to this participant.</summary>
    public uint RtcpSsrc { get; }

    public bool IsMediaReady => Transport.State == TransportState.Connected;

    public IEnumerable<Producer> Producers => _producersByMid.Values;

    public IReadOnlyList<Consumer> Consumers => _consumers;

    public bool IsClosed { get; private set; }

    public int ProducerCount => _producersByMid.Count;

    public int ConsumerCount => _consumers.Count;

    internal IParticipantListener Observer => _observer;

    public void OnTransportConnected(WebRtcTransport transport)
    {
        // Video that was waiting for the transport starts with a keyframe.
        long now = _context.NowTicks();
        foreach (Consumer consumer in _consumers)
        {
            if (consumer.IsNegotiated)
            {
                consumer.Producer.RequestKeyframe(now);
            }
        }
    }

    public void OnRtp(WebRtcTransport transport, Span<byte> packet, long nowTicks)
    {
        if (!RtpHeader.TryRead(packet, out RtpHeader header))
        {
            SfuMetrics.CountDrop(DropReason.Malformed);
            return;
        }

        if (!_producersBySsrc.TryGetValue(header.Ssrc, out Producer? producer))
        {
            // A declared layer other than the pinned one carries the same MID: learning it would flip the producer
            // between layers, so it is dropped before MID learning.
            if (_ignoredLayerSsrcs.Contains(header.Ssrc))
            {
                SfuMetrics.CountDrop(DropReason.SimulcastLayerIgnored);
                return;
            }

            if (!TryLearnSsrc(packet, header, out producer))
            {
                SfuMetrics.CountDrop(DropReason.UnknownSsrc);
                return;
            }
        }

        if (header.Ssrc == producer!.RtxSsrc && producer.Ssrc != producer.RtxSsrc)
        {
            if (!RtxUnwrapper.TryUnwrap(ref packet, ref header, producer))
            {
                SfuMetrics.CountDrop(DropReason.Malformed);
                return;
            }
        }

        producer.OnRtp(packet, header, nowTicks, _context.Scratch);
    }

    /// <summary>
    /// A packet on an SSRC the SDP did not announce (Chrome's RID simulcast, a replaced track, Firefox's late
    /// SSRC changes; never a declared SSRC-simulcast layer, which <c>OnRtp</c> drops first): the MID header
    /// extension (RFC 8843 section 15) says which m= line it belongs to. A packet with the line's RTX payload type
    /// is its new retransmission stream (RFC 4588), which repairs the media SSRC rather than replacing it.
    /// </summary>
    private bool TryLearnSsrc(ReadOnlySpan<byte> packet, in RtpHeader header, out Producer? producer)
    {
        producer = null;
        foreach (Producer candidate in _producersByMid.Values)
        {
            int midId = candidate.Extensions.MidId;
            if (midId > 0 && RtpHeaderExtensions.TryFind(packet, header, midId, out ReadOnlySpan<byte> mid) && MidEquals(mid, candidate.Mid))
            {
                if (candidate.FindCodec(header.PayloadType) is null && candidate.FindCodecByRtx(header.PayloadType) is not null)
                {
                    return TryLearnRtxSsrc(candidate, header.Ssrc, out producer);
                }

                if (candidate.Ssrc != 0)
                {
                    _producersBySsrc.Remove(candidate.Ssrc);
                }

                candidate.SetSsrc(header.Ssrc, candidate.RtxSsrc);
                _producersBySsrc[header.Ssrc] = candidate;
                producer = candidate;
                return true;
            }
        }

        return false;
    }

    private bool TryLearnRtxSsrc(Producer candidate, uint rtxSsrc, out Producer? producer)
    {
        producer = null;
        if (candidate.Ssrc == 0)
        {
            return false; // no media stream yet that a retransmission could repair
        }

        if (candidate.RtxSsrc != 0 && candidate.RtxSsrc != candidate.Ssrc)
        {
            _producersBySsrc.Remove(candidate.RtxSsrc);
        }

        candidate.SetSsrc(candidate.Ssrc, rtxSsrc);
        _producersBySsrc[rtxSsrc] = candidate;
        producer = candidate;
        return true;
    }

    private static bool MidEquals(ReadOnlySpan<byte> ascii, string mid)
    {
        if (ascii.Length != mid.Length)
        {
            return false;
        }

        for (int i = 0; i < ascii.Length; i++)
        {
            if (ascii[i] != mid[i])
            {
                return false;
            }
        }

        return true;
    }

    public void OnTransportClosed(WebRtcTransport transport, string reason)
    {
        if (!IsClosed)
        {
            _observer.OnTransportClosed(reason);
            Room?.Remove(this);
        }
    }

    /// <summary>Starts receiving a producer of another participant; the next server offer announces it.</summary>
    internal void Subscribe(Producer producer)
    {
        var consumer = new Consumer(this, producer, _context.NewSsrc());
        _consumers.Add(consumer);
        _consumersBySsrc.Add(consumer.Ssrc, consumer);
        producer.AddConsumer(consumer);
        if (producer.Muted)
        {
            consumer.Pause();
        }

        _observer.OnRemoteTrack(new RemoteTrackInfo(producer.Publisher.ParticipantId, producer.StreamId, producer.TrackId, producer.Kind), added: true);
        ScheduleRenegotiation();
    }

    internal void Unsubscribe(Producer producer)
    {
        for (int i = _consumers.Count - 1; i >= 0; i--)
        {
            Consumer consumer = _consumers[i];
            if (consumer.Producer == producer)
            {
                _consumers.RemoveAt(i);
                _consumersBySsrc.Remove(consumer.Ssrc);
                producer.RemoveConsumer(consumer);
                if (!IsClosed)
                {
                    _observer.OnRemoteTrack(new RemoteTrackInfo(producer.Publisher.ParticipantId, producer.StreamId, producer.TrackId, producer.Kind), added: false);
                    ScheduleRenegotiation();
                }
            }
        }
    }

    public void SetTrackMuted(string trackId, bool muted)
    {
        if (muted)
        {
            _mutedTrackIds.Add(trackId);
        }
        else
        {
            _mutedTrackIds.Remove(trackId);
        }

        foreach (Producer producer in _producersByMid.Values)
        {
            if (producer.TrackId == trackId)
            {
                producer.Muted = muted;
                foreach (Consumer consumer in producer.Consumers)
                {
                    if (muted)
                    {
                        consumer.Pause();
                    }
                    else
                    {
                        consumer.Resume();
                    }
                }

                if (!muted)
                {
                    producer.RequestKeyframe(_context.NowTicks());
                }
            }
        }
    }

    /// <summary>Called about every 10 ms by the room: NACKs, periodic RTCP, consent, pending renegotiation.</summary>
    internal void Tick(long nowTicks)
    {
        Transport.Tick(nowTicks);
        if (IsClosed)
        {
            return;
        }

        TickRtcp(nowTicks);
        TickNegotiation(nowTicks);
    }

    /// <summary>Releases everything: producers leave every subscriber, consumers leave every producer.</summary>
    internal void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        foreach (Consumer consumer in _consumers)
        {
            consumer.Producer.RemoveConsumer(consumer);
        }

        _consumers.Clear();
        _consumersBySsrc.Clear();
        foreach (Producer producer in _producersByMid.Values)
        {
            Room?.OnProducerRemoved(producer);
            producer.Dispose();
        }

        _producersByMid.Clear();
        _producersBySsrc.Clear();
        _ignoredLayerSsrcs.Clear();
        Transport.Close("participant left");
    }
}
