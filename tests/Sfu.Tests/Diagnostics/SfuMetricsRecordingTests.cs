using System.Diagnostics.Metrics;
using Sfu.Diagnostics;

namespace Sfu.Tests.Diagnostics;

/// <summary>
/// The units the engine records in (RFC 3550 report fields, TimeSpan ticks) become the Prometheus units the series
/// promise (ratios, seconds), with the fixed labels. Only measurements of this test's own thread are kept: the
/// instruments are process-wide and other tests record into them in parallel.
/// </summary>
public sealed class SfuMetricsRecordingTests : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, string Tags)> _recorded = [];
    private readonly int _thread = Environment.CurrentManagedThreadId;

    public SfuMetricsRecordingTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SfuMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    [Theory]
    [InlineData(true, 64, 9000u, 90000, "video", 0.25, 0.1)]
    [InlineData(false, 0, 480u, 48000, "audio", 0.0, 0.01)]
    [InlineData(false, 255, 0u, 48000, "audio", 255 / 256.0, 0.0)]
    public void PublishedStreamLossIsAFractionOf256AndJitterIsInSecondsOfTheClockRate(bool video, byte fractionLost, uint jitter, int clockRate, string kind, double loss, double jitterSeconds)
    {
        SfuMetrics.RecordPublishedStream(video, fractionLost, jitter, clockRate);

        Assert.Contains(("sfu_published_packet_loss_ratio", loss, "kind=" + kind), _recorded);
        Assert.Contains(("sfu_published_jitter_seconds", jitterSeconds, "kind=" + kind), _recorded);
    }

    [Fact]
    public void AStreamWithoutAClockRateReportsLossButNoJitter()
    {
        SfuMetrics.RecordPublishedStream(video: true, fractionLost: 128, jitter: 100, clockRate: 0);

        Assert.Contains(("sfu_published_packet_loss_ratio", 0.5, "kind=video"), _recorded);
        Assert.DoesNotContain(_recorded, r => r.Instrument == "sfu_published_jitter_seconds");
    }

    [Fact]
    public void LatenciesInTicksAreRecordedInSeconds()
    {
        SfuMetrics.RecordForwardLatency(350); // 35 us
        SfuMetrics.RecordRtt(TimeSpan.FromMilliseconds(42).Ticks);

        Assert.Contains(("sfu_forward_latency_seconds", 0.000035, ""), _recorded);
        Assert.Contains(_recorded, r => r.Instrument == "sfu_rtt_seconds" && Math.Abs(r.Value - 0.042) < 1e-12);
    }

    [Fact]
    public void AFailedHandshakeCountsByResultWithItsDurationAndInTheFailureTotal()
    {
        SfuMetrics.CountDtlsHandshake(succeeded: false, TimeSpan.FromMilliseconds(1500));
        SfuMetrics.CountDtlsHandshake(succeeded: true, TimeSpan.FromMilliseconds(80));

        Assert.Contains(("sfu_dtls_handshakes_total", 1, "result=failure"), _recorded);
        Assert.Contains(("sfu_dtls_handshake_duration_seconds", 1.5, "result=failure"), _recorded);
        Assert.Contains(("sfu_dtls_failures_total", 1, ""), _recorded);
        Assert.Contains(("sfu_dtls_handshakes_total", 1, "result=success"), _recorded);
        Assert.Single(_recorded, r => r.Instrument == "sfu_dtls_failures_total");
    }

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (Environment.CurrentManagedThreadId != _thread)
        {
            return;
        }

        var text = new List<string>();
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            text.Add(tag.Key + "=" + tag.Value);
        }

        _recorded.Add((instrument.Name, value, string.Join(",", text)));
    }
}
