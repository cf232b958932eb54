using Sfu.Routing;
using Sfu.Streams;

namespace Sfu.Tests.Routing;

/// <summary>
/// Whether a simulcast layer can be given to a subscriber: it flows (a packet within 1.5 s), or the server paused it
/// (dynacast) and would resume it, or the server just resumed it and its first packet has not come yet. Times in ticks.
/// </summary>
public class ProducerLayerAvailabilityTests
{
    private const long Ms = MediaTime.TicksPerMillisecond;

    [Fact]
    public void A_layer_is_available_while_it_flows_and_not_once_it_has_been_silent_1_5_s()
    {
        using var layer = NewLayer();
        Assert.False(layer.IsAvailable(0)); // never sent anything

        Send(layer, 1_000 * Ms);
        Assert.True(layer.IsAvailable(1_100 * Ms));
        Assert.True(layer.IsAvailable(2_400 * Ms)); // a still screen share sends a frame now and then
        Assert.False(layer.IsAvailable(2_500 * Ms));
    }

    [Fact]
    public void A_resumed_layer_is_available_until_its_first_packet_then_by_the_usual_rules()
    {
        using var layer = NewLayer();
        Send(layer, 0);
        layer.SetPausedByServer(true, 100 * Ms);
        Assert.True(layer.IsAvailable(5_000 * Ms)); // paused by the server: it comes back when asked

        layer.SetPausedByServer(false, 5_000 * Ms);
        Assert.True(layer.IsAvailable(6_000 * Ms)); // resumed, first packet not yet here
        Assert.False(layer.IsAvailable(7_100 * Ms)); // 2 s and nothing: the publisher did not resume it

        // Resumed again; one keyframe comes at once, then the browser stops the layer again (its own bandwidth limit):
        // the grace is over with that packet, and the usual 1.5 s of silence applies from it.
        layer.SetPausedByServer(true, 8_000 * Ms);
        layer.SetPausedByServer(false, 9_000 * Ms);
        Send(layer, 9_010 * Ms);
        Assert.True(layer.IsAvailable(10_400 * Ms));
        Assert.False(layer.IsAvailable(10_600 * Ms)); // the grace alone would have run to 11,000
    }

    private static ProducerLayer NewLayer() => new(0, "f", 90_000, isVideo: true, nacksEnabled: false, keyframeIntervalTicks: 0);

    private static void Send(ProducerLayer layer, long atTicks)
    {
        byte[] packet = new byte[100];
        layer.OnPacket(packet, 1, 0, atTicks);
    }
}
