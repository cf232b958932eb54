using Sfu.Wire.Rtcp;

namespace Sfu.Congestion;

/// <summary>
/// The send-side bandwidth estimate toward one subscriber (Google Congestion Control, draft-ietf-rmcat-gcc-02, fed by
/// transport-cc feedback, draft-holmer-rmcat-transport-wide-cc-extensions-01): every packet sent to the subscriber gets
/// a transport-wide sequence number from <see cref="OnPacketSent"/>; each feedback message matches arrivals to send
/// times, feeding the delay-based detector and AIMD controller, the loss-based controller, the acknowledged bitrate and
/// the probe in flight. The estimate is the smaller of the delay- and loss-based rates, within the settings' bounds.
/// Time is a parameter (.NET ticks); owned by the subscriber's media worker thread; no allocation per packet.
/// </summary>
public sealed class SubscriberBandwidthEstimator : ISubscriberBandwidth
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    private readonly SubscriberBandwidthSettings _settings;
    private readonly SentPacketHistory _history = new();
    private readonly InterArrivalGrouper _grouper = new();
    private readonly TrendlineOveruseDetector _detector = new();
    private readonly AcknowledgedBitrateEstimator _acknowledged = new();
    private readonly AimdRateController _delayBased;
    private readonly LossBasedController _lossBased;
    private readonly ProbeController _probes;
    private readonly ProbeResultMeter _probeResult = new();

    public SubscriberBandwidthEstimator(SubscriberBandwidthSettings settings)
    {
        _settings = settings.Normalized();
        _delayBased = new AimdRateController(_settings.MinBitrate, _settings.MaxBitrate, _settings.StartBitrate);
        _lossBased = new LossBasedController(_settings.MinBitrate, _settings.MaxBitrate, _settings.StartBitrate);
        _probes = new ProbeController(_settings.MaxBitrate);
        AvailableBitrate = _settings.StartBitrate;
    }

    public long AvailableBitrate { get; private set; }

    /// <summary>What the allocator last asked for, bit/s.</summary>
    public long WantedBitrate { get; private set; }

    public long DelayBasedBitrate => _delayBased.Bitrate;

    public long LossBasedBitrate => _lossBased.Bitrate;

    public long AcknowledgedBitrate => _acknowledged.Bitrate;

    public BandwidthUsage DelayState => _detector.State;

    public long FeedbackMessages { get; private set; }

    /// <summary>REMB messages from the subscriber: its own receive-side estimate, used while no transport-cc feedback came.</summary>
    public long RembMessages { get; private set; }

    public long ProbesSucceeded { get; private set; }

    public long ProbesFailed { get; private set; }

    public SubscriberBandwidthSettings Settings => _settings;

    public void SetWantedBitrate(long bitsPerSecond) => WantedBitrate = Math.Max(0, bitsPerSecond);

    /// <summary>The round-trip time to the subscriber (from its receiver reports), which paces decreases.</summary>
    public void SetRoundTrip(long roundTripTicks)
    {
        long micros = Math.Clamp(roundTripTicks / TicksPerMicrosecond, 10_000, 2_000_000);
        _delayBased.RoundTripMicros = micros;
        _lossBased.RoundTripMicros = micros;
    }

    /// <summary>A packet of <paramref name="size"/> bytes is sent now: returns the transport-wide sequence number it carries.</summary>
    public ushort OnPacketSent(int size, long nowTicks, int probeCluster = 0) => _history.Add(size, nowTicks / TicksPerMicrosecond, probeCluster);

    /// <summary>Starts a probe cluster when the allocator wants more than the estimate; true when one started.</summary>
    public bool TryStartProbe(long nowTicks)
    {
        long now = nowTicks / TicksPerMicrosecond;
        CompleteProbe(now); // a probe whose feedback never came times out here
        if (!_probes.TryStart(AvailableBitrate, WantedBitrate, now))
        {
            return false;
        }

        _probeResult.Begin(_probes.ActiveCluster, _probes.PlannedPackets, now);
        return true;
    }

    /// <summary>The next probe packet due now: send a padding-only packet of <paramref name="size"/> bytes in <paramref name="cluster"/>.</summary>
    public bool TryTakeProbePacket(long nowTicks, out int size, out int cluster) =>
        _probes.TryTakePacket(nowTicks / TicksPerMicrosecond, out size, out cluster);

    /// <summary>
    /// The subscriber's REMB: a subscriber that negotiated goog-remb but not transport-cc estimates on its side and says
    /// so. Its number is the estimate until transport-cc feedback arrives; after that the send side knows better
    /// (a browser with both sends no REMB anyway).
    /// </summary>
    public void OnRemb(long bitsPerSecond)
    {
        RembMessages++;
        if (FeedbackMessages == 0)
        {
            AvailableBitrate = Math.Clamp(bitsPerSecond, _settings.MinBitrate, _settings.MaxBitrate);
        }
    }

    /// <summary>Processes one transport-cc feedback message from the subscriber.</summary>
    public void OnFeedback(in TransportCcFeedback feedback, long nowTicks)
    {
        long now = nowTicks / TicksPerMicrosecond;
        FeedbackMessages++;
        int received = 0;
        int lost = 0;
        bool overuseSeen = false;
        foreach (TransportCcPacketStatus status in feedback)
        {
            if (!_history.TryGet(status.SequenceNumber, out SentPacket sent))
            {
                continue; // never sent, older than the history, or reported received before
            }

            if (!status.Received)
            {
                lost++;
                continue;
            }

            received++;
            _history.MarkAcknowledged(sent.Sequence);
            long arrival = status.ArrivalTicks * TransportCcFeedback.DeltaTickMicroseconds;
            _acknowledged.OnAcknowledged(arrival, sent.Size);
            _probeResult.OnReceived(sent.ProbeCluster, sent.SendTicks, arrival, sent.Size);
            if (_grouper.TryAdd(sent.SendTicks, arrival, out long sendDelta, out long arrivalDelta, out long groupArrival))
            {
                overuseSeen |= _detector.Update(sendDelta / 1000.0, arrivalDelta / 1000.0, groupArrival / 1000.0) == BandwidthUsage.Overusing;
            }
        }

        if (received + lost == 0)
        {
            return;
        }

        _delayBased.Update(overuseSeen ? BandwidthUsage.Overusing : _detector.State, _acknowledged.Bitrate, now);
        _lossBased.OnFeedback(received, lost, _acknowledged.Bitrate, now);
        CompleteProbe(now);
        AvailableBitrate = Math.Clamp(Math.Min(_delayBased.Bitrate, _lossBased.Bitrate), _settings.MinBitrate, _settings.MaxBitrate);
    }

    private void CompleteProbe(long now)
    {
        if (_probes.ActiveCluster == 0 || !_probeResult.TryComplete(now, out long proved))
        {
            return;
        }

        // A probe proves at most the rate it was sent at, and nothing while the link shows overuse or heavy loss.
        long result = Math.Min(proved, _probes.TargetBitrate);
        bool raised = result > AvailableBitrate && _detector.State != BandwidthUsage.Overusing && _lossBased.LastLossFraction <= LossBasedController.HighLoss;
        if (raised)
        {
            _delayBased.RaiseTo(result);
            _lossBased.RaiseTo(result);
            ProbesSucceeded++;
        }
        else
        {
            ProbesFailed++;
        }

        _probes.Finish(raised, now);
    }
}
