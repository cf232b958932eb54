using System.Diagnostics.Metrics;

namespace Sfu.Diagnostics;

/// <summary>
/// The engine's instruments on <see cref="System.Diagnostics.Metrics"/> (prometheus-net cannot be restored
/// here); src/Api exposes them in Prometheus text format. Names follow the sfu_ prefix and Prometheus conventions.
/// </summary>
public static class SfuMetrics
{
    public const string MeterName = "Sfu";

    public static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("sfu_dropped_packets_total", description: "Packets dropped, by reason.");
    private static readonly Counter<long> PacketsIn = Meter.CreateCounter<long>("sfu_packets_received_total", description: "Media packets received.");
    private static readonly Counter<long> PacketsOut = Meter.CreateCounter<long>("sfu_packets_sent_total", description: "Media packets sent.");
    private static readonly Counter<long> BytesIn = Meter.CreateCounter<long>("sfu_received_bytes_total", description: "Media bytes received.");
    private static readonly Counter<long> BytesOut = Meter.CreateCounter<long>("sfu_sent_bytes_total", description: "Media bytes sent.");
    private static readonly Counter<long> DtlsFailures = Meter.CreateCounter<long>("sfu_dtls_failures_total", description: "DTLS handshakes that failed.");
    private static readonly Counter<long> SubscriptionsRefused = Meter.CreateCounter<long>(
        "sfu_subscriptions_refused_total", description: "Tracks not sent to a participant because it already received its limit (Sfu:MaxSubscriptions).");
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
        "sfu_subscriber_estimate_bits_per_second", unit: "bit/s", description: "Send-side bandwidth estimates toward subscribers, sampled per transport-cc feedback.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [100_000, 250_000, 500_000, 1_000_000, 2_000_000, 4_000_000, 8_000_000, 16_000_000] });

    private static readonly KeyValuePair<string, object?>[][] DropTags = CreateDropTags();
    private static readonly KeyValuePair<string, object?>[][] FeedbackTags = CreateFeedbackTags();
    private static readonly KeyValuePair<string, object?> Rtp = new("kind", "rtp");
    private static readonly KeyValuePair<string, object?> Rtcp = new("kind", "rtcp");

    public static void CountDrop(DropReason reason) => Dropped.Add(1, DropTags[(int)reason]);

    public static void CountReceived(bool rtcp, int bytes)
    {
        PacketsIn.Add(1, rtcp ? Rtcp : Rtp);
        BytesIn.Add(bytes, rtcp ? Rtcp : Rtp);
    }

    public static void CountSent(bool rtcp, int bytes)
    {
        PacketsOut.Add(1, rtcp ? Rtcp : Rtp);
        BytesOut.Add(bytes, rtcp ? Rtcp : Rtp);
    }

    /// <param name="sent">True for feedback the SFU sends to a publisher, false for feedback a subscriber sent it.</param>
    public static void CountFeedback(RtcpFeedbackKind kind, bool sent) => Feedback.Add(1, FeedbackTags[((int)kind * 2) + (sent ? 1 : 0)]);

    public static void CountDtlsFailure() => DtlsFailures.Add(1);

    public static void CountIceTimeout() => IceTimeouts.Add(1);

    public static void CountSubscriptionRefused() => SubscriptionsRefused.Add(1);

    public static void CountLayerSwitch(bool up) => LayerSwitches.Add(1, up ? Up : Down);

    /// <param name="delta">+1 when the allocator pauses a subscribed video, -1 when it resumes or the video goes away.</param>
    public static void AddPausedVideos(int delta) => PausedVideos.Add(delta);

    public static void CountProbePadding(int bytes) => ProbePaddingBytes.Add(bytes);

    public static void RecordSubscriberEstimate(long bitsPerSecond) => SubscriberEstimate.Record(bitsPerSecond);

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
        _ => "other",
    };
}
