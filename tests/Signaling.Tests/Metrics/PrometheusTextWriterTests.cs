using Api.Metrics;

namespace Signaling.Tests.Metrics;

/// <summary>The text exposition format 0.0.4: HELP/TYPE lines, sample lines, escaping, value spelling and ordering.</summary>
public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void CountersAndGaugesAreWrittenWithHelpTypeAndSamplesSortedByNameThenLabels()
    {
        MetricFamily[] families =
        [
            new("sfu_rooms", "Rooms.", MetricType.Gauge, [Sample(3)]),
            new("sfu_dropped_packets_total", "Packets dropped, by reason.", MetricType.Counter,
            [
                Sample(7, ("reason", "unknown_source")),
                Sample(2, ("reason", "malformed")),
            ]),
        ];

        string text = PrometheusTextWriter.Write(families);

        Assert.Equal(
            """
            # HELP sfu_dropped_packets_total Packets dropped, by reason.
            # TYPE sfu_dropped_packets_total counter
            sfu_dropped_packets_total{reason="malformed"} 2
            sfu_dropped_packets_total{reason="unknown_source"} 7
            # HELP sfu_rooms Rooms.
            # TYPE sfu_rooms gauge
            sfu_rooms 3

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void LabelsAreWrittenInNameOrderAndSamplesOrderedPairByPair()
    {
        MetricFamily family = new("m", "h", MetricType.Gauge,
        [
            Sample(3, ("kind", "rtp"), ("dir", "out")),
            Sample(1, ("dir", "in"), ("kind", "rtp")),
            Sample(2, ("dir", "in")),
        ]);

        string[] lines = Lines(PrometheusTextWriter.Write([family]));

        Assert.Equal(["m{dir=\"in\"} 2", "m{dir=\"in\",kind=\"rtp\"} 1", "m{dir=\"out\",kind=\"rtp\"} 3"], lines[2..]);
    }

    [Fact]
    public void LabelValuesEscapeBackslashQuoteAndNewline()
    {
        MetricFamily family = new("m", "h", MetricType.Gauge, [Sample(1, ("path", "a\\b\"c\nd"))]);

        Assert.Contains("m{path=\"a\\\\b\\\"c\\nd\"} 1\n", PrometheusTextWriter.Write([family]));
    }

    [Fact]
    public void HelpEscapesBackslashAndNewlineButNotQuotes()
    {
        MetricFamily family = new("m", "C:\\temp \"quoted\"\nsecond line", MetricType.Gauge, [Sample(1)]);

        Assert.Equal("# HELP m C:\\\\temp \"quoted\"\\nsecond line", Lines(PrometheusTextWriter.Write([family]))[0]);
    }

    [Fact]
    public void EmptyHelpWritesOnlyTheTypeLineAndAFamilyWithoutSamplesOnlyItsHeader()
    {
        string text = PrometheusTextWriter.Write([new("quiet_total", string.Empty, MetricType.Counter, [])]);

        Assert.Equal("# TYPE quiet_total counter\n", text);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(42, "42")]
    [InlineData(-3, "-3")]
    [InlineData(0.25, "0.25")]
    [InlineData(1e20, "1E+20")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void ValuesUseGoFloatSyntax(double value, string expected)
    {
        string text = PrometheusTextWriter.Write([new("m", "h", MetricType.Gauge, [Sample(value)])]);

        Assert.Equal("m " + expected, Lines(text)[2]);
    }

    [Fact]
    public void HistogramWritesCumulativeBucketsWithInfThenSumAndCount()
    {
        var histogram = new HistogramValue([0.1, 1], [2, 5, 6], 3.5);
        MetricFamily family = new("sfu_rtt_seconds", "RTT.", MetricType.Histogram, [new MetricSample([new("kind", "video")], 0, histogram)]);

        string[] lines = Lines(PrometheusTextWriter.Write([family]));

        Assert.Equal(
            [
                "# HELP sfu_rtt_seconds RTT.",
                "# TYPE sfu_rtt_seconds histogram",
                "sfu_rtt_seconds_bucket{kind=\"video\",le=\"0.1\"} 2",
                "sfu_rtt_seconds_bucket{kind=\"video\",le=\"1\"} 5",
                "sfu_rtt_seconds_bucket{kind=\"video\",le=\"+Inf\"} 6",
                "sfu_rtt_seconds_sum{kind=\"video\"} 3.5",
                "sfu_rtt_seconds_count{kind=\"video\"} 6",
            ],
            lines);
    }

    [Fact]
    public void ASecondFamilyOfTheSameNameIsDroppedSoTheNameHasOneTypeLine()
    {
        string text = PrometheusTextWriter.Write(
        [
            new("m", "first", MetricType.Gauge, [Sample(1)]),
            new("m", "second", MetricType.Counter, [Sample(2)]),
        ]);

        Assert.Single(Lines(text), l => l.StartsWith("# TYPE m ", StringComparison.Ordinal));
        Assert.Equal(3, Lines(text).Length);
    }

    [Fact]
    public void TheContentTypeIsTheOneOfTextFormat004()
    {
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", PrometheusTextWriter.ContentType);
    }

    private static MetricSample Sample(double value, params (string Name, string Value)[] labels) =>
        new(labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value)).ToArray(), value);

    private static string[] Lines(string text)
    {
        Assert.EndsWith("\n", text);
        return text[..^1].Split('\n');
    }
}
