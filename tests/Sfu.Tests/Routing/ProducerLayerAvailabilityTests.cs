using Sfu.Routing;
using Sfu.Streams;

namespace Sfu.Tests.Routing;

/// <summary>
/// Whether a simulcast layer can be given to a subscriber: it flows, or the server paused it (dynacast) and would resume
/// it, or the server just resumed it and its first packet has not come yet. Times in engine ticks.
/// </summary>
public class ProducerLayerAvailabilityTests
{
    private const long Ms = MediaTime.TicksPerMillisecond;

    [Fact]
    public void A_layer_is_available_while_it_flows_and_not_once_it_falls_silent_alone()
    {
        using var layer = NewLayer();
        Assert.False(layer.IsAvailable(0, long.MinValue)); // never sent anything

        Send(layer, 1_000 * Ms);
        Assert.True(layer.IsAvailable(1_100 * Ms, 1_090 * Ms));

        // Silent 500 ms while a sibling layer sent 10 ms ago: stopped by its publisher.
        Assert.False(layer.IsAvailable(1_500 * Ms, 1_490 * Ms));

        // Silent 500 ms while the whole track is silent (a still screen share): still counted as flowing until 1.5 s.
        Assert.True(layer.IsAvailable(1_500 * Ms, 1_000 * Ms));
        Assert.False(layer.IsAvailable(2_500 * Ms, 1_000 * Ms));
    }

    [Fact]
    public void A_resumed_layer_is_available_until_its_first_packet_then_by_the_usual_rules()
    {
        using var layer = NewLayer();
        Send(layer, 0);
        layer.SetPausedByServer(true, 100 * Ms);
        Assert.True(layer.IsAvailable(5_000 * Ms, 4_990 * Ms)); // paused by the server: it comes back when asked

        layer.SetPausedByServer(false, 5_000 * Ms);
        Assert.True(layer.IsAvailable(6_000 * Ms, 5_990 * Ms)); // resumed, first packet not yet here
        Assert.False(layer.IsAvailable(7_100 * Ms, 7_090 * Ms)); // 2 s and nothing: the publisher did not resume it

        // Resumed again; one keyframe comes, then the browser stops the layer again (its own bandwidth limit).
        layer.SetPausedByServer(true, 8_000 * Ms);
        layer.SetPausedByServer(false, 9_000 * Ms);
        Send(layer, 9_300 * Ms);
        Assert.True(layer.IsAvailable(9_400 * Ms, 9_390 * Ms));
        Assert.False(layer.IsAvailable(9_800 * Ms, 9_790 * Ms)); // within the 2 s, but it did come and stopped alone
    }

    private static ProducerLayer NewLayer() => new(0, "f", 90_000, isVideo: true, nacksEnabled: false, keyframeIntervalTicks: 0);

    private static void Send(ProducerLayer layer, long atTicks)
    {
        byte[] packet = new byte[100];
        layer.OnPacket(packet, 1, 0, atTicks);
    }
}
