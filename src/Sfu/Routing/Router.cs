using Sfu.Forwarding;
using Sfu.Negotiation;
using Sfu.Wire.Rtp;

namespace Sfu.Routing;

/// <summary>
/// A meeting's media on the worker thread (a room): its participants, the map from each producer to its consumers,
/// and the rule that every participant consumes every other participant's producers. It fans each packet out,
/// turns keyframe requests of consumers into throttled requests of their producer, and picks the active speaker.
/// Producers, consumers and participants report to it through listener interfaces; none of them holds a Router.
/// </summary>
public sealed class Router(string id, long dynacastPauseDelayTicks = DynacastLayers.DefaultPauseDelayTicks) : IProducerListener, IConsumerListener, IRoutingListener
{
    private readonly long _dynacastPauseDelayTicks = dynacastPauseDelayTicks;

    /// <summary>Room for an MTU-sized packet plus the SRTP auth tag written behind it.</summary>
    private const int ScratchLength = 2048;

    /// <summary>Idle participants (no media, nothing scheduled) are ticked on every this-many router ticks (100 ms).</summary>
    private const int IdleTickDivisor = 10;

    private static readonly Consumer[] NoConsumers = [];

    private readonly List<Participant> _participants = [];
    private readonly Dictionary<Producer, List<Consumer>> _consumersByProducer = [];
    /// <summary>Stream allocation runs on every this-many router ticks (200 ms), and at once when preferences change.</summary>
    private const int AllocationTickDivisor = 20;

    private readonly ActiveSpeakerDetector _speakers = new();
    private readonly Dictionary<Producer, DynacastLayers> _dynacast = [];
    private int _ticks;

    // Where each forwarded packet is rewritten and protected; one thread fans out, so one buffer serves every consumer.
    private readonly byte[] _scratch = new byte[ScratchLength];

    public string Id { get; } = id;

    public IReadOnlyList<Participant> Participants => _participants;

    public bool IsEmpty => _participants.Count == 0;

    /// <summary>The consumers a producer's packets go to (empty for a producer this router does not route).</summary>
    public IReadOnlyList<Consumer> ConsumersOf(Producer producer) =>
        _consumersByProducer.TryGetValue(producer, out List<Consumer>? consumers) ? consumers : NoConsumers;

    /// <summary>Adds a participant and subscribes it to everything already published.</summary>
    public void Add(Participant participant)
    {
        participant.Attach(this, this, this);
        foreach (Participant other in _participants)
        {
            foreach (Producer producer in other.Producers)
            {
                Subscribe(participant, producer);
            }
        }

        _participants.Add(participant);
    }

    /// <summary>Removes a participant with all its producers and consumers, and closes its transport.</summary>
    public void Remove(Participant participant)
    {
        if (!_participants.Remove(participant))
        {
            return;
        }

        foreach (Consumer consumer in participant.Consumers)
        {
            SubscriberAllocation.Forget(consumer);
            if (_consumersByProducer.TryGetValue(consumer.Producer, out List<Consumer>? consumers))
            {
                consumers.Remove(consumer);
            }
        }

        foreach (Producer producer in participant.Producers)
        {
            Unroute(participant, producer);
        }

        participant.Close();
        _speakers.Remove(participant.ParticipantId);
    }

    /// <summary>
    /// Called about every 10 ms: each participant's transport, RTCP and negotiation, then the active speaker. A participant
    /// without media and with nothing scheduled is ticked only every 100 ms: its timeouts are counted in seconds.
    /// </summary>
    public void Tick(long nowTicks)
    {
        bool slowTick = ++_ticks % IdleTickDivisor == 0;

        // Iterate by index from the end: a tick may remove a participant (consent expiry).
        for (int i = _participants.Count - 1; i >= 0; i--)
        {
            if (i < _participants.Count && (slowTick || _participants[i].NeedsEveryTick))
            {
                _participants[i].Tick(nowTicks);
            }
        }

        if (_speakers.Evaluate(nowTicks) && _speakers.ActiveSpeaker is { } speaker)
        {
            foreach (Participant participant in _participants)
            {
                participant.Listener.OnActiveSpeaker(speaker);
            }
        }

        if (_ticks % AllocationTickDivisor == 0)
        {
            Allocate(nowTicks);
        }
    }

    /// <summary>The room's loudest participant, who gets priority in every subscriber's stream allocation.</summary>
    public string? ActiveSpeaker => _speakers.ActiveSpeaker;

    /// <summary>Every subscriber's stream allocation, then dynacast: which layers each publisher should send.</summary>
    public void Allocate(long nowTicks)
    {
        foreach (Participant participant in _participants)
        {
            foreach (Producer producer in participant.Producers)
            {
                producer.UpdateLayerOrder();
            }
        }

        string? speaker = _speakers.ActiveSpeaker;
        foreach (Participant participant in _participants)
        {
            if (!participant.IsClosed)
            {
                participant.AllocateStreams(speaker, nowTicks);
            }
        }

        UpdateDynacast(nowTicks);
    }

    /// <summary>
    /// Dynacast: a layer no consumer forwards or is switching to is paused at its publisher (after a delay, so resizing
    /// does not toggle it), and resumed at once when one wants it; the publisher's signaling applies it to its encoder.
    /// </summary>
    private void UpdateDynacast(long nowTicks)
    {
        foreach (Participant publisher in _participants)
        {
            foreach (Producer producer in publisher.Producers)
            {
                if (!producer.IsSimulcast)
                {
                    continue;
                }

                if (!_dynacast.TryGetValue(producer, out DynacastLayers? layers))
                {
                    layers = new DynacastLayers(producer.Layers.Count, _dynacastPauseDelayTicks);
                    _dynacast.Add(producer, layers);
                }

                int wanted = 0;
                foreach (Consumer consumer in ConsumersOf(producer))
                {
                    wanted |= consumer.TargetLayer >= 0 ? 1 << consumer.TargetLayer : 0;
                    wanted |= consumer.CurrentLayer >= 0 ? 1 << consumer.CurrentLayer : 0;
                }

                // A layer the publisher stopped by itself (its own bandwidth limit) is left as it is: pausing it saves
                // nothing, and it is chosen only once it flows again, which it could not if it were paused.
                for (int i = 0; i < producer.Layers.Count; i++)
                {
                    wanted |= producer.IsLayerAvailable(i, nowTicks) ? 0 : 1 << i;
                }

                int before = layers.ActiveMask;
                if (layers.Update(wanted, nowTicks))
                {
                    OnLayersChanged(publisher, producer, before, layers.ActiveMask, nowTicks);
                }
            }
        }
    }

    private static void OnLayersChanged(Participant publisher, Producer producer, int before, int active, long nowTicks)
    {
        var names = new List<string>(producer.Layers.Count);
        for (int i = 0; i < producer.Layers.Count; i++)
        {
            producer.Layers[i].SetPausedByServer((active & (1 << i)) == 0, nowTicks);
            if ((active & (1 << i)) == 0)
            {
                continue;
            }

            names.Add(producer.Layers[i].Rid ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if ((before & (1 << i)) == 0)
            {
                // A resumed layer is asked for a keyframe at once, whatever its throttle last let through while it was paused.
                producer.Layers[i].KeyframeThrottle.Reset();
                producer.RequestKeyframe(i, nowTicks);
            }
        }

        publisher.Listener.OnPublishedLayersChanged(producer.TrackId, names);
    }

    /// <summary>The fan-out: one producer packet to every consumer, each rewriting it into the scratch buffer and sending it.</summary>
    void IProducerListener.OnProducerRtp(Producer producer, ReadOnlySpan<byte> payload, in RtpHeader header, NegotiatedCodec codec, in IncomingPacketInfo info, int audioLevel, long nowTicks)
    {
        if (!_consumersByProducer.TryGetValue(producer, out List<Consumer>? consumers))
        {
            return;
        }

        foreach (Consumer consumer in consumers)
        {
            consumer.Forward(payload, header, codec, info, audioLevel, nowTicks, _scratch);
        }
    }

    void IProducerListener.OnAudioLevel(Producer producer, byte level, bool voiceActivity) =>
        _speakers.OnAudioLevel(producer.PublisherId, level, voiceActivity);

    void IRoutingListener.OnStreamsReallocated(long nowTicks) => UpdateDynacast(nowTicks);

    /// <summary>Every consumer's request goes to the one producer, whose throttle makes one PLI per interval of them.</summary>
    void IConsumerListener.OnKeyframeRequested(Consumer consumer, long nowTicks) => consumer.Producer.RequestKeyframe(consumer.KeyframeLayer, nowTicks);

    void IRoutingListener.OnProducerAdded(Participant publisher, Producer producer)
    {
        foreach (Participant participant in _participants)
        {
            if (participant != publisher && !participant.IsClosed)
            {
                Subscribe(participant, producer);
            }
        }
    }

    void IRoutingListener.OnProducerRemoved(Participant publisher, Producer producer) => Unroute(publisher, producer);

    void IRoutingListener.OnProducerMuted(Producer producer, bool muted, long nowTicks)
    {
        foreach (Consumer consumer in ConsumersOf(producer))
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
            // Consumers resume only on a keyframe; ask for one rather than wait for the next periodic one.
            producer.RequestKeyframe(nowTicks);
        }
    }

    void IRoutingListener.OnParticipantClosed(Participant participant) => Remove(participant);

    private void Subscribe(Participant subscriber, Producer producer)
    {
        if (subscriber.TryAddConsumer(producer) is not { } consumer)
        {
            return; // the subscriber is at its subscription limit
        }

        if (producer.Muted)
        {
            consumer.Pause();
        }

        if (!_consumersByProducer.TryGetValue(producer, out List<Consumer>? consumers))
        {
            consumers = [];
            _consumersByProducer.Add(producer, consumers);
        }

        consumers.Add(consumer);
    }

    /// <summary>A producer stops being routed: every other participant drops its consumer of it.</summary>
    private void Unroute(Participant publisher, Producer producer)
    {
        _consumersByProducer.Remove(producer);
        _dynacast.Remove(producer);
        foreach (Participant participant in _participants)
        {
            if (participant != publisher)
            {
                participant.RemoveConsumersOf(producer);
            }
        }
    }
}
