using System.Diagnostics;
using Sfu.Client;

namespace Sfu.IntegrationTests.LoadGen;

/// <summary>What subscribers measure forward latency with: stamped synthetic payloads and the latency histogram.</summary>
public class LatencyMeasurementTests
{
    [Fact]
    public void AStampedPayloadCarriesItsSendTimeAndStillProvesItsBytes()
    {
        byte[] payload = new byte[100];
        long stamp = Stopwatch.GetTimestamp();

        SyntheticPayload.Write(payload, 0xCAFEBABE, 77, stamp);

        Assert.True(SyntheticPayload.TryRead(payload, out uint origin, out uint counter, out long read));
        Assert.Equal((0xCAFEBABEu, 77u, stamp), (origin, counter, read));
        payload[60] ^= 1;
        Assert.False(SyntheticPayload.TryRead(payload, out _, out _, out _));
    }

    [Fact]
    public void AnUnstampedPayloadReadsWithoutAStamp()
    {
        byte[] payload = new byte[40];
        SyntheticPayload.Write(payload, 5, 6);

        Assert.True(SyntheticPayload.TryRead(payload, out _, out _, out long stamp));
        Assert.Equal(0, stamp);
        Assert.Equal(12, SyntheticPayload.Write(new byte[12], 5, 6, sentTimestamp: 99)); // too short for a stamp: unstamped
    }

    [Fact]
    public void ReceiveCounterComputesTransitAndJitterFromStamps()
    {
        var counter = new ReceiveStreamCounter(1);
        byte[] payload = new byte[100];
        long sent = 1_000_000;
        long[] transits = [1000, 3000, 1000, 3000];
        for (int i = 0; i < transits.Length; i++)
        {
            SyntheticPayload.Write(payload, 9, (uint)i, sent + i);
            counter.OnPacket((ushort)i, payload, Sfu.Negotiation.MediaKind.Audio, sent + i + transits[i]);
        }

        Assert.Equal(4, counter.StampedPackets);
        Assert.Equal(3000, counter.LastTransit);
        Assert.InRange(counter.Jitter, 300, 400); // three |D| of 2000 through the 1/16 filter: 2000 * (1 - (15/16)^3)
    }

    [Fact]
    public void HistogramQuantilesAreBucketEdges()
    {
        var histogram = new LatencyHistogram();
        for (int i = 1; i <= 100; i++)
        {
            histogram.Record(i * 100 * Stopwatch.Frequency / 1_000_000); // i x 100 us
        }

        Assert.Equal(100, histogram.Count);
        Assert.InRange(histogram.QuantileMicroseconds(0.50), 5000, 5020);
        Assert.InRange(histogram.QuantileMicroseconds(0.99), 9900, 9920);
        var merged = new LatencyHistogram();
        merged.Add(histogram);
        merged.Record(-5);
        Assert.Equal(101, merged.Count);
        Assert.Equal(LatencyHistogram.BucketMicroseconds, merged.QuantileMicroseconds(0.001));
        Assert.Equal(0, new LatencyHistogram().QuantileMicroseconds(0.5));
    }
}
