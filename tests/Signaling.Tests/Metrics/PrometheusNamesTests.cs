using Api.Metrics;

namespace Signaling.Tests.Metrics;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("sfu_dropped_packets_total", MetricType.Counter, "sfu_dropped_packets_total")]
    [InlineData("sfu_nacks", MetricType.Counter, "sfu_nacks_total")]
    [InlineData("sfu_rooms", MetricType.Gauge, "sfu_rooms")]
    [InlineData("sfu.rtt.seconds", MetricType.Histogram, "sfu_rtt_seconds")]
    [InlineData("2xx-responses", MetricType.Counter, "_2xx_responses_total")]
    [InlineData("ns:rate", MetricType.Gauge, "ns:rate")]
    public void MetricNamesAreValidAndCountersEndInTotalOnce(string instrument, MetricType type, string expected)
    {
        Assert.Equal(expected, PrometheusNames.ForMetric(instrument, type));
    }

    [Theory]
    [InlineData("reason", "reason")]
    [InlineData("net.peer:port", "net_peer_port")]
    [InlineData("1st", "_1st")]
    public void LabelNamesAreValid(string tag, string expected)
    {
        Assert.Equal(expected, PrometheusNames.ForLabel(tag));
    }
}
