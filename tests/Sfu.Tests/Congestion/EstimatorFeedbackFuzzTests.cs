using Sfu.Congestion;
using Sfu.Wire.Rtcp;

namespace Sfu.Tests.Congestion;

/// <summary>
/// Feedback is outside input: random bytes, mutated valid messages and pathological but well-formed ones (every packet
/// lost, huge or negative deltas, numbers never sent, the same message twice) never throw, never produce NaN or an
/// estimate outside the configured bounds, and leave the estimator working for the feedback after them.
/// </summary>
public class EstimatorFeedbackFuzzTests
{
    private static readonly SubscriberBandwidthSettings Settings = new(150_000, 1_000_000, 4_000_000);

    [Fact]
    public void Random_and_mutated_feedback_keeps_the_estimate_within_bounds()
    {
        var random = new Random(12);
        var estimator = new SubscriberBandwidthEstimator(Settings);
        long now = TimeSpan.FromSeconds(10).Ticks;
        for (int i = 0; i < 300; i++)
        {
            estimator.OnPacketSent(1200, now + (i * TimeSpan.TicksPerMillisecond));
        }

        byte[] valid = ValidFeedback(0, 300);
        byte[] buffer = new byte[valid.Length + 64];
        int accepted = 0;
        for (int round = 0; round < 20_000; round++)
        {
            int length;
            if (round % 2 == 0)
            {
                length = random.Next(0, buffer.Length);
                random.NextBytes(buffer.AsSpan(0, length));
                buffer[0] = (byte)((buffer[0] & 0x3F) | 0x80);
                buffer[1] = (byte)RtcpPacketType.TransportFeedback;
            }
            else
            {
                valid.CopyTo(buffer, 0);
                length = valid.Length;
                for (int flips = random.Next(1, 6); flips > 0; flips--)
                {
                    buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                }
            }

            now += TimeSpan.TicksPerMillisecond;
            if (TransportCcFeedback.TryRead(buffer.AsSpan(0, length), out TransportCcFeedback feedback))
            {
                accepted++;
                estimator.OnFeedback(feedback, now);
                Assert.InRange(estimator.AvailableBitrate, Settings.MinBitrate, Settings.MaxBitrate);
            }
        }

        Assert.True(accepted > 100, $"only {accepted} mutated messages were readable");
        AssertStillWorks(estimator);
    }

    [Theory]
    [InlineData(short.MaxValue)]
    [InlineData(short.MinValue)]
    [InlineData(0)]
    public void Extreme_receive_deltas_keep_the_estimate_finite_and_within_bounds(int delta)
    {
        var estimator = new SubscriberBandwidthEstimator(Settings);
        long now = TimeSpan.FromSeconds(10).Ticks;
        for (int i = 0; i < 200; i++)
        {
            estimator.OnPacketSent(1200, now + (i * TimeSpan.TicksPerMillisecond));
        }

        var packets = new TransportCcPacket[200];
        for (int i = 0; i < packets.Length; i++)
        {
            packets[i] = new TransportCcPacket((ushort)i, received: true, i == 0 ? 0 : delta);
        }

        byte[] buffer = new byte[2000];
        int length = TransportCcFeedbackWriter.Write(buffer, 1, 2, 0xFFFFFF, 0, packets);
        Assert.True(TransportCcFeedback.TryRead(buffer.AsSpan(0, length), out TransportCcFeedback feedback));
        estimator.OnFeedback(feedback, now + TimeSpan.TicksPerSecond);
        estimator.OnFeedback(feedback, now + (2 * TimeSpan.TicksPerSecond)); // the same message again changes nothing
        Assert.InRange(estimator.AvailableBitrate, Settings.MinBitrate, Settings.MaxBitrate);
        Assert.InRange(estimator.AcknowledgedBitrate, 0, long.MaxValue / 2);
        AssertStillWorks(estimator);
    }

    [Fact]
    public void Feedback_about_numbers_never_sent_changes_nothing()
    {
        var estimator = new SubscriberBandwidthEstimator(Settings);
        byte[] feedback = ValidFeedback(40_000, 100);
        Assert.True(TransportCcFeedback.TryRead(feedback, out TransportCcFeedback message));
        estimator.OnFeedback(message, TimeSpan.FromSeconds(5).Ticks);
        Assert.Equal(Settings.StartBitrate, estimator.AvailableBitrate);
        Assert.Equal(0, estimator.AcknowledgedBitrate);
    }

    [Fact]
    public void Everything_lost_steps_down_to_no_less_than_the_minimum()
    {
        var estimator = new SubscriberBandwidthEstimator(Settings);
        long now = TimeSpan.FromSeconds(10).Ticks;
        ushort next = 0;
        var packets = new TransportCcPacket[100];
        byte[] buffer = new byte[1500];
        for (int round = 0; round < 100; round++)
        {
            for (int i = 0; i < packets.Length; i++)
            {
                estimator.OnPacketSent(1200, now);
                packets[i] = new TransportCcPacket(next++, received: false, 0);
            }

            now += 100 * TimeSpan.TicksPerMillisecond;
            int length = TransportCcFeedbackWriter.Write(buffer, 1, 2, 0, (byte)round, packets);
            Assert.True(TransportCcFeedback.TryRead(buffer.AsSpan(0, length), out TransportCcFeedback feedback));
            estimator.OnFeedback(feedback, now);
        }

        Assert.Equal(Settings.MinBitrate, estimator.AvailableBitrate);
    }

    /// <summary>Feedback for <paramref name="count"/> packets from <paramref name="first"/>, received 1 ms apart.</summary>
    private static byte[] ValidFeedback(ushort first, int count)
    {
        var packets = new TransportCcPacket[count];
        for (int i = 0; i < count; i++)
        {
            packets[i] = new TransportCcPacket((ushort)(first + i), received: i % 7 != 3, i == 0 ? 0 : 4);
        }

        byte[] buffer = new byte[2000];
        int length = TransportCcFeedbackWriter.Write(buffer, 1, 2, 1000, 0, packets);
        return buffer[..length];
    }

    /// <summary>After whatever came before, a clear link at 1.2 Mbit/s still gives an estimate of about that.</summary>
    private static void AssertStillWorks(SubscriberBandwidthEstimator estimator)
    {
        var link = new SimulatedLink(estimator);
        link.Run(TimeSpan.FromSeconds(12), mediaBitsPerSecond: 1_200_000);
        Assert.InRange(estimator.AvailableBitrate, Settings.MinBitrate, Settings.MaxBitrate);
        Assert.True(estimator.AvailableBitrate >= 1_000_000, $"estimate {estimator.AvailableBitrate} after bad feedback");
    }
}
