using LoadGen.Remote;

namespace Sfu.IntegrationTests.LoadGen;

/// <summary>The load tool's reader of the Prometheus text format (0.0.4): sums by name and label, on real and broken text.</summary>
public class PrometheusTextTests
{
    private const string Exposition = """
        # HELP sfu_packets_sent_total Media packets sent.
        # TYPE sfu_packets_sent_total counter
        sfu_packets_sent_total{kind="rtp"} 300000
        sfu_packets_sent_total{kind="rtcp"} 1234
        sfu_packets_sent_total_created{kind="rtp"} 1.7e9
        sfu_packets_sent_totally 5
        # TYPE process_cpu_seconds_total counter
        process_cpu_seconds_total 4.99 1733370000000
        sfu_dropped_packets_total{reason="malformed",worker="0"} 2
        sfu_dropped_packets_total{reason="malformed",worker="1"} 3
        sfu_dropped_packets_total{reason="send_failed"} 1e1
        """;

    [Theory]
    [InlineData("sfu_packets_sent_total", "kind=\"rtp\"", 300000)]
    [InlineData("sfu_packets_sent_total", null, 301234)]
    [InlineData("process_cpu_seconds_total", null, 4.99)]
    [InlineData("sfu_dropped_packets_total", "reason=\"malformed\"", 5)]
    [InlineData("sfu_dropped_packets_total", null, 15)]
    public void SumsTheSeriesOfOneMetric(string metric, string? label, double expected)
    {
        Assert.Equal(expected, PrometheusText.Sum(Exposition, metric, label)!.Value, precision: 6);
    }

    [Fact]
    public void AMetricWithoutSamplesIsNull()
    {
        Assert.Null(PrometheusText.Sum(Exposition, "sfu_rooms"));
        Assert.Null(PrometheusText.Sum(Exposition, "sfu_packets_sent_total", "kind=\"video\""));
        Assert.Null(PrometheusText.Sum("", "x"));
    }

    [Fact]
    public void RandomAndMutatedTextNeverThrows()
    {
        var random = new Random(4004);
        char[] alphabet = "sfu_packets_sent_total{kind=\"rtp\"} 0123456789.e+-#\n\t}{,=".ToCharArray();
        for (int i = 0; i < 20_000; i++)
        {
            char[] text = Exposition.ToCharArray();
            for (int m = random.Next(1, 8); m > 0; m--)
            {
                text[random.Next(text.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            string mutated = new string(text)[..random.Next(text.Length + 1)];
            PrometheusText.Sum(mutated, "sfu_packets_sent_total", "kind=\"rtp\"");
            PrometheusText.Sum(new string(alphabet[..random.Next(alphabet.Length)]), "process_cpu_seconds_total");
        }
    }
}
