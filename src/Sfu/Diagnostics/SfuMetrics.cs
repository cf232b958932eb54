using System.Diagnostics.Metrics;

namespace Sfu.Diagnostics;

/// <summary>
/// The engine's instruments on <see cref="System.Diagnostics.Metrics"/>, so the engine has no Prometheus dependency;
/// src/Api exports them through prometheus-net (a MeterListener per host, lock-free and allocation-free per
/// measurement). Names follow the sfu_ prefix and Prometheus conventions. Tags are preallocated arrays or single
/// static pairs: recording on the packet path allocates nothing.
/// </summary>
public static class SfuMetrics
{
    public const string MeterName = "Sfu";

    public static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("sfu_dropped_packets_total", description: "Packets dropped, by reason.");
    // Counted per packet in per-thread blocks (TrafficCounters) and read when /metrics is scraped: see that type for why.
    private static readonly ObservableCounter<long> PacketsIn = Meter.CreateObservableCounter(
        "sfu_packets_received_total", static () => ObserveTraffic(TrafficCounters.PacketsIn), description: "Media packets received.");
    private static readonly ObservableCounter<long> PacketsOut = Meter.CreateObservableCounter(
        "sfu_packets_sent_total", static () => ObserveTraffic(TrafficCounters.PacketsOut), description: "Media packets sent.");
    private static readonly ObservableCounter<long> BytesIn = Meter.CreateObservableCounter(
        "sfu_received_bytes_total", static () => ObserveTraffic(TrafficCounters.BytesIn), description: "Media bytes received.");
    private static readonly ObservableCounter<long> BytesOut = Meter.CreateObservableCounter(
        "sfu_sent_bytes_total", static () => ObserveTraffic(TrafficCounters.BytesOut), description: "Media bytes sent.");
    private static readonly Counter<long> DtlsFailures = Meter.CreateCounter<long>("sfu_dtls_failures_total", description: "DTLS handshakes that failed.");
    private static readonly Counter<long> SubscriptionsRefused = Meter.CreateCounter<long>(
        "sfu_subscriptions_refused_total", description: "Tracks not sent to a participant because it already received its limit (Sfu:MaxSubscriptions).");
    private static readonly Counter<long> SocketDrops = Meter.CreateCounter<long>(
        "sfu_socket_receive_drops_total", description: "Datagrams the kernel dropped at a media worker's socket because its receive buffer was full (SO_RXQ_OVFL).");
    private static readonly Counter<long> IceTimeouts = Meter.CreateCounter<long>("sfu_ice_consent_timeouts_total", description: "Peers timed out by ICE consent freshness.");

    private static readonly Counter<long> Feedback = Meter.CreateCounter<long>(
        "sfu_rtcp_feedback_total", description: "RTCP feedback messages (NACK, PLI, FIR): received from subscribers, sent to publishers.");

    // Simulcast and the stream allocator (issue 12).
    private static readonly Counter<long> LayerSwitches = Meter.CreateCounter<long>(
        "sfu_layer_switches_total", description: "Simulcast layer switches of subscribers' videos, by direction (up or down).");
    private static readonly UpDownCounter<long> PausedVideos = Meter.CreateUpDownCounter<long>(
        "sfu_paused_video_tracks", description: "Subscribed videos the stream allocator pauses now (bandwidth or hidden tile).");
    private static readonly KeyValuePair<string, object?> Up = new("direction", "up");
    private static readonly KeyValuePair<string, object?> Down = new("direction", "down");

    private static readonly Counter<long> ProbePaddingBytes = Meter.CreateCounter<long>(
        "sfu_probe_padding_bytes_total", description: "Bytes of padding-only RTP sent to subscribers to probe their bandwidth.");

    private static readonly Histogram<long> SubscriberEstimate = Meter.CreateHistogram<long>(
        "sfu_subscriber_estimate_bytes_per_second", unit: "By/s", description: "Send-side bandwidth estimates toward subscribers in bytes per second (Prometheus base unit; x8 for bit/s), sampled per transport-cc feedback.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [12_500, 31_250, 62_500, 125_000, 250_000, 500_000, 1_000_000, 2_000_000] });
    private static readonly Counter<long> Retransmissions = Meter.CreateCounter<long>(
        "sfu_retransmitted_packets_total", description: "RTP packets resent to subscribers from the retransmission store, answering their NACKs.");

    private static readonly Counter<long> DtlsHandshakes = Meter.CreateCounter<long>(
        "sfu_dtls_handshakes_total", description: "DTLS handshakes that finished, by result (success, failure).");

    // Forward latency sits around tens of microseconds; buckets from 10 us to 0.33 s show both a healthy worker and a saturated one.
    private static readonly Histogram<double> ForwardLatency = Meter.CreateHistogram(
        "sfu_forward_latency_seconds", unit: "s", description: "Time from reading a publisher's datagram to handing its last forwarded copy to the socket, per datagram that was forwarded.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00001, 0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.33] });

    private static readonly Histogram<double> DtlsDuration = Meter.CreateHistogram(
        "sfu_dtls_handshake_duration_seconds", unit: "s", description: "Duration of DTLS handshakes, from the first ClientHello to the result, by result.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    private static readonly Histogram<double> PublishedLoss = Meter.CreateHistogram(
        "sfu_published_packet_loss_ratio", description: "Fraction of a published stream's packets lost on the way to the server, one observation per stream per receiver report (about 1 s), by kind.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1] });

    private static readonly Histogram<double> PublishedJitter = Meter.CreateHistogram(
        "sfu_published_jitter_seconds", unit: "s", description: "Interarrival jitter of published streams (RFC 3550 section 6.4.1), one observation per stream per receiver report, by kind.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5] });

    private static readonly Histogram<double> Rtt = Meter.CreateHistogram(
        "sfu_rtt_seconds", unit: "s", description: "Round-trip time to subscribers, from the LSR/DLSR of their receiver reports (RFC 3550 section 6.4.1).",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2] });

    private static readonly KeyValuePair<string, object?> Success = new("result", "success");
    private static readonly KeyValuePair<string, object?> Failure = new("result", "failure");
    private static readonly KeyValuePair<string, object?> Audio = new("kind", "audio");
    private static readonly KeyValuePair<string, object?> Video = new("kind", "video");

    private static readonly KeyValuePair<string, object?>[][] DropTags = CreateDropTags();
    private static readonly KeyValuePair<string, object?>[][] FeedbackTags = CreateFeedbackTags();
    private static readonly KeyValuePair<string, object?> Rtp = new("kind", "rtp");
    private static readonly KeyValuePair<string, object?> Rtcp = new("kind", "rtcp");

    public static void CountDrop(DropReason reason) => Dropped.Add(1, DropTags[(int)reason]);

    public static void CountReceived(bool rtcp, int bytes) => TrafficCounters.Add(TrafficCounters.PacketsIn, rtcp, bytes);

    public static void CountSent(bool rtcp, int bytes) => TrafficCounters.Add(TrafficCounters.PacketsOut, rtcp, bytes);

    /// <summary>Process-wide totals of packets (or bytes) received or sent since start: RTP and RTCP.</summary>
    public static (long Rtp, long Rtcp) TrafficTotals(bool sent, bool bytes)
    {
        int slot = (sent ? TrafficCounters.PacketsOut : TrafficCounters.PacketsIn) + (bytes ? 1 : 0);
        return (TrafficCounters.Total(slot, rtcp: false), TrafficCounters.Total(slot, rtcp: true));
    }

    /// <summary>Runs at scrape time only: the two series of one traffic counter.</summary>
    private static Measurement<long>[] ObserveTraffic(int slot) =>
        [new(TrafficCounters.Total(slot, rtcp: false), Rtp), new(TrafficCounters.Total(slot, rtcp: true), Rtcp)];

    /// <param name="sent">True for feedback the SFU sends to a publisher, false for feedback a subscriber sent it.</param>
    public static void CountFeedback(RtcpFeedbackKind kind, bool sent) => Feedback.Add(1, FeedbackTags[((int)kind * 2) + (sent ? 1 : 0)]);

    public static void CountDtlsFailure() => DtlsFailures.Add(1);

    /// <summary>A finished DTLS handshake (off the media thread); a failure is also counted in sfu_dtls_failures_total.</summary>
    public static void CountDtlsHandshake(bool succeeded, TimeSpan duration)
    {
        KeyValuePair<string, object?> result = succeeded ? Success : Failure;
        DtlsHandshakes.Add(1, result);
        DtlsDuration.Record(duration.TotalSeconds, result);
        if (!succeeded)
        {
            DtlsFailures.Add(1);
        }
    }

    public static void CountRetransmission() => Retransmissions.Add(1);

    /// <param name="ticks">TimeSpan ticks from receiving the datagram to sending its last forwarded copy.</param>
    public static void RecordForwardLatency(long ticks) => ForwardLatency.Record(ticks / (double)TimeSpan.TicksPerSecond);

    /// <summary>One receiver report's view of a published stream (RFC 3550 section 6.4.1): fraction lost in 1/256, jitter in RTP timestamp units.</summary>
    public static void RecordPublishedStream(bool video, byte fractionLost, uint jitter, int clockRate)
    {
        KeyValuePair<string, object?> kind = video ? Video : Audio;
        PublishedLoss.Record(fractionLost / 256.0, kind);
        if (clockRate > 0)
        {
            PublishedJitter.Record(jitter / (double)clockRate, kind);
        }
    }

    public static void RecordRtt(long ticks) => Rtt.Record(ticks / (double)TimeSpan.TicksPerSecond);

    public static void CountIceTimeout() => IceTimeouts.Add(1);

    public static void CountSocketDrops(long datagrams) => SocketDrops.Add(datagrams);

    public static void CountSubscriptionRefused() => SubscriptionsRefused.Add(1);

    public static void CountLayerSwitch(bool up) => LayerSwitches.Add(1, up ? Up : Down);

    /// <param name="delta">+1 when the allocator pauses a subscribed video, -1 when it resumes or the video goes away.</param>
    public static void AddPausedVideos(int delta) => PausedVideos.Add(delta);

    public static void CountProbePadding(int bytes) => ProbePaddingBytes.Add(bytes);

    public static void RecordSubscriberEstimate(long bitsPerSecond) => SubscriberEstimate.Record(bitsPerSecond / 8);

    private static KeyValuePair<string, object?>[][] CreateDropTags()
    {
        DropReason[] reasons = Enum.GetValues<DropReason>();
        var tags = new KeyValuePair<string, object?>[reasons.Length][];
        foreach (DropReason reason in reasons)
        {
            tags[(int)reason] = [new KeyValuePair<string, object?>("reason", ToLabel(reason))];
        }

        return tags;
    }

    private static KeyValuePair<string, object?>[][] CreateFeedbackTags()
    {
        RtcpFeedbackKind[] kinds = Enum.GetValues<RtcpFeedbackKind>();
        var tags = new KeyValuePair<string, object?>[kinds.Length * 2][];
        foreach (RtcpFeedbackKind kind in kinds)
        {
            var type = new KeyValuePair<string, object?>("type", kind.ToString().ToLowerInvariant());
            tags[(int)kind * 2] = [type, new KeyValuePair<string, object?>("direction", "received")];
            tags[((int)kind * 2) + 1] = [type, new KeyValuePair<string, object?>("direction", "sent")];
        }

        return tags;
    }

    /// <summary>The <c>reason</c> label value: snake_case, fixed, one per <see cref="DropReason"/>.</summary>
    internal static string ToLabel(DropReason reason) => reason switch
    {
        DropReason.None => "none",
        DropReason.Malformed => "malformed",
        DropReason.UnknownSource => "unknown_source",
        DropReason.StunRejected => "stun_rejected",
        DropReason.NotConnected => "not_connected",
        DropReason.SrtpAuthFailed => "srtp_auth_failed",
        DropReason.SrtpReplay => "srtp_replay",
        DropReason.UnknownSsrc => "unknown_ssrc",
        DropReason.SendFailed => "send_failed",
        DropReason.InternalError => "internal_error",
        DropReason.DtlsQueueFull => "dtls_queue_full",
        DropReason.UnknownPayloadType => "unknown_payload_type",
        DropReason.CodecNotNegotiated => "codec_not_negotiated",
        DropReason.SimulcastLayerIgnored => "simulcast_layer_ignored",
        DropReason.Paused => "paused",
        DropReason.Padding => "padding",
        DropReason.WaitingForKeyframe => "waiting_for_keyframe",
        DropReason.TooOld => "too_old",
        DropReason.StaleSource => "stale_source",
        DropReason.SrtpSsrcLimit => "srtp_ssrc_limit",
        DropReason.Empty => "empty",
        DropReason.Duplicate => "duplicate",
        _ => "other",
    };
}
