using Sfu.Congestion;

namespace Sfu.Tests.Congestion;

/// <summary>
/// The subscriber's send-side estimate against a simulated bottleneck (<see cref="SimulatedLink"/>): real feedback
/// from <see cref="Sfu.Congestion.TransportCcRecorder"/>, read back, drives Google Congestion Control
/// (draft-ietf-rmcat-gcc-02). Delay growth and loss step it down, the end of congestion lets it recover, probing
/// raises it when the allocator wants more, and it stays within its configured bounds.
/// </summary>
public class SubscriberBandwidthEstimatorTests
{
    private static readonly SubscriberBandwidthSettings Settings = new(100_000, 1_000_000, 10_000_000);

    [Fact]
    public void Starts_at_the_start_bitrate()
    {
        var estimator = new SubscriberBandwidthEstimator(Settings);
        Assert.Equal(1_000_000, estimator.AvailableBitrate);
    }

    [Fact]
    public void A_clear_link_keeps_the_estimate_at_or_above_what_is_sent()
    {
        var estimator = new SubscriberBandwidthEstimator(Settings);
        var link = new SimulatedLink(estimator);
        link.Run(TimeSpan.FromSeconds(10), mediaBitsPerSecond: 1_500_000);
        Assert.InRange(estimator.AvailableBitrate, 1_400_000, 2_400_000);
        Assert.Equal(BandwidthUsage.Normal, estimator.DelayState);
    }

    [Fact]
    public void Growing_queuing_delay_steps_the_estimate_down_to_the_bottleneck()
    {
        var estimator = new SubscriberBandwidthEstimator(Settings);
        var link = new SimulatedLink(estimator) { CapacityBitsPerSecond = 600_000 };
        link.Run(TimeSpan.FromSeconds(8));
        Assert.InRange(estimator.AvailableBitrate, 200_000, 650_000);
    }

    [Fact]
    public void Overuse_decreases_to_about_085_of_the_acknowledged_bitrate()
    {
        var estimator = new SubscriberBandwidthEstimator(Settings);
        var link = new SimulatedLink(estimator) { CapacityBitsPerSecond = 800_000 };
        link.Run(TimeSpan.FromSeconds(3), mediaBitsPerSecond: 1_200_000);
        Assert.True(estimator.DelayBasedBitrate <= 0.9 * 1_000_000, $"delay-based {estimator.DelayBasedBitrate}");
        Assert.True(estimator.DelayBasedBitrate >= 0.6 * 800_000 * AimdRateController.Beta, $"delay-based {estimator.DelayBasedBitrate}");
    }

    [Fact]
    public void One_overuse_signal_while_application_limited_at_most_halves_the_delay_based_rate()
    {
        // 1 Mbit/s estimated while only 100 kbit/s is sent (videos paused): one signal must not drop it to 85 kbit/s.
        var controller = new AimdRateController(10_000, 10_000_000, 1_000_000) { RoundTripMicros = 20_000 };
        controller.Update(BandwidthUsage.Overusing, acknowledgedBitrate: 100_000, nowMicros: 1_000_000);
        Assert.Equal(500_000, controller.Bitrate);

        // Overuse that goes on is a real queue: every round trip halves again, down to 0.85 of what gets through.
        long now = 1_000_000;
        for (int i = 0; i < 10; i++)
        {
            now += 30_000;
            controller.Update(BandwidthUsage.Overusing, acknowledgedBitrate: 100_000, nowMicros: now);
        }

        Assert.Equal((long)(AimdRateController.Beta * 100_000), controller.Bitrate);
    }

    [Fact]
    public void The_estimate_recovers_when_the_bottleneck_goes_away()
    {
        var estimator = new SubscriberBandwidthEstimator(Settings);
        var link = new SimulatedLink(estimator) { CapacityBitsPerSecond = 500_000 };
        link.Run(TimeSpan.FromSeconds(8));
        long congested = estimator.AvailableBitrate;
        Assert.True(congested < 600_000, $"congested estimate {congested}");

        link.CapacityBitsPerSecond = 20_000_000;
        link.Run(TimeSpan.FromSeconds(15));
        Assert.True(estimator.AvailableBitrate > 2 * congested, $"{estimator.AvailableBitrate} after {congested}");
    }

    [Fact]
    public void Heavy_loss_steps_the_estimate_down_and_it_recovers_when_loss_stops()
    {
        var estimator = new SubscriberBandwidthEstimator(Settings);
        var link = new SimulatedLink(estimator) { LossFraction = 0.25 };
        link.Run(TimeSpan.FromSeconds(6));
        long lossy = estimator.AvailableBitrate;
        Assert.True(lossy < 500_000, $"lossy estimate {lossy}");
        Assert.True(estimator.LossBasedBitrate <= estimator.DelayBasedBitrate);

        link.LossFraction = 0;
        link.Run(TimeSpan.FromSeconds(10));
        Assert.True(estimator.AvailableBitrate > 1.5 * lossy, $"{estimator.AvailableBitrate} after {lossy}");
    }

    [Fact]
    public void Light_loss_below_two_percent_does_not_lower_the_estimate()
    {
        var estimator = new SubscriberBandwidthEstimator(Settings);
        var link = new SimulatedLink(estimator) { LossFraction = 0.01 };
        link.Run(TimeSpan.FromSeconds(8), mediaBitsPerSecond: 1_000_000);
        Assert.True(estimator.AvailableBitrate >= 1_000_000, $"estimate {estimator.AvailableBitrate}");
    }

    [Fact]
    public void The_estimate_stays_within_the_configured_bounds()
    {
        var bounded = new SubscriberBandwidthSettings(200_000, 1_000_000, 1_500_000);
        var starved = new SubscriberBandwidthEstimator(bounded);
        new SimulatedLink(starved) { CapacityBitsPerSecond = 60_000 }.Run(TimeSpan.FromSeconds(10));
        Assert.Equal(200_000, starved.AvailableBitrate);

        var flooded = new SubscriberBandwidthEstimator(bounded);
        flooded.SetWantedBitrate(50_000_000);
        new SimulatedLink(flooded) { CapacityBitsPerSecond = 100_000_000 }.Run(TimeSpan.FromSeconds(10), mediaBitsPerSecond: 5_000_000);
        Assert.Equal(1_500_000, flooded.AvailableBitrate);
    }

    [Fact]
    public void Without_a_wanted_bitrate_nothing_is_probed_and_an_application_limited_stream_caps_the_estimate()
    {
        var estimator = new SubscriberBandwidthEstimator(Settings);
        var link = new SimulatedLink(estimator);
        link.Run(TimeSpan.FromSeconds(8), mediaBitsPerSecond: 400_000);
        Assert.Equal(0, estimator.ProbesSucceeded + estimator.ProbesFailed);
        Assert.True(estimator.AvailableBitrate is >= 400_000 and <= 1_050_000, $"estimate {estimator.AvailableBitrate}");
    }

    [Fact]
    public void Probing_raises_the_estimate_toward_what_the_allocator_wants_on_a_clear_link()
    {
        var estimator = new SubscriberBandwidthEstimator(Settings);
        estimator.SetWantedBitrate(4_000_000);
        var link = new SimulatedLink(estimator);
        link.Run(TimeSpan.FromSeconds(6), mediaBitsPerSecond: 400_000);
        Assert.True(estimator.ProbesSucceeded >= 1, $"{estimator.ProbesSucceeded} probes succeeded, {estimator.ProbesFailed} failed");
        Assert.True(estimator.AvailableBitrate >= 3_000_000, $"estimate {estimator.AvailableBitrate}");
    }

    [Fact]
    public void Probing_a_narrow_link_does_not_raise_the_estimate_beyond_it()
    {
        var estimator = new SubscriberBandwidthEstimator(Settings);
        estimator.SetWantedBitrate(4_000_000);
        var link = new SimulatedLink(estimator) { CapacityBitsPerSecond = 700_000 };
        link.Run(TimeSpan.FromSeconds(10), mediaBitsPerSecond: 400_000);
        Assert.True(estimator.ProbesFailed >= 1, $"{estimator.ProbesSucceeded} probes succeeded, {estimator.ProbesFailed} failed");
        Assert.True(estimator.AvailableBitrate <= 1_100_000, $"estimate {estimator.AvailableBitrate}");
    }

    [Fact]
    public void Probing_never_targets_more_than_the_configured_maximum()
    {
        var estimator = new SubscriberBandwidthEstimator(new SubscriberBandwidthSettings(100_000, 1_000_000, 1_200_000));
        estimator.SetWantedBitrate(8_000_000);
        Assert.True(estimator.TryStartProbe(TimeSpan.FromSeconds(1).Ticks));
        int bytes = 0;
        long at = TimeSpan.FromSeconds(1).Ticks;
        for (int ms = 0; ms <= 100; ms++)
        {
            while (estimator.TryTakeProbePacket(at + (ms * TimeSpan.TicksPerMillisecond), out int size, out _))
            {
                bytes += size;
            }
        }

        // The cluster's bytes over its 80 ms: at most the maximum (one packet of rounding).
        Assert.InRange(bytes * 8L * 1_000_000 / ProbeController.ClusterMicros, 600_000, 1_200_000 + (ProbeController.MaxPaddingSize * 8 * 1_000_000 / ProbeController.ClusterMicros));
    }
}
