using Api.Metrics;

namespace Signaling.Tests.Metrics;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("sfu_dropped_packets_total", true, "sfu_dropped_packets_total")]
    [InlineData("sfu_nacks", true, "sfu_nacks_total")]
    [InlineData("sfu_rooms", false, "sfu_rooms")]
    [InlineData("sfu.rtt.seconds", false, "sfu_rtt_seconds")]
    [InlineData("2xx-responses", true, "_2xx_responses_total")]
    [InlineData("ns:rate", false, "ns:rate")]
    public void MetricNamesAreValidAndCountersEndInTotalOnce(string instrument, bool counter, string expected)
    {
        Assert.Equal(expected, PrometheusNames.ForMetric(instrument, counter));
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
