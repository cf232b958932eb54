using Sfu.Forwarding;
using Sfu.Streams;

namespace Sfu.Tests.Forwarding;

public class DynacastLayersTests
{
    private const long Second = MediaTime.TicksPerSecond;

    [Fact]
    public void All_layers_start_active_and_an_unwanted_layer_pauses_only_after_the_delay()
    {
        var layers = new DynacastLayers(3, pauseDelayTicks: 3 * Second);
        Assert.Equal(0b111, layers.ActiveMask);

        Assert.False(layers.Update(0b001, 10 * Second));
        Assert.False(layers.Update(0b001, 12 * Second));
        Assert.True(layers.Update(0b001, 13 * Second));
        Assert.Equal(0b001, layers.ActiveMask);
        Assert.False(layers.IsActive(2));
    }

    [Fact]
    public void A_wanted_layer_resumes_at_once_and_a_short_gap_does_not_pause_it()
    {
        var layers = new DynacastLayers(3, pauseDelayTicks: 3 * Second);
        layers.Update(0b001, 0);
        Assert.True(layers.Update(0b001, 3 * Second));
        Assert.True(layers.Update(0b101, 3 * Second + 1));
        Assert.Equal(0b101, layers.ActiveMask);

        // Unwanted for 2 s, wanted again, unwanted again: the delay starts over, so nothing toggles.
        Assert.False(layers.Update(0b001, 4 * Second));
        Assert.False(layers.Update(0b101, 6 * Second));
        Assert.False(layers.Update(0b001, 7 * Second));
        Assert.False(layers.Update(0b001, 9 * Second));
        Assert.True(layers.IsActive(2));
        Assert.True(layers.Update(0b001, 10 * Second));
    }

    [Fact]
    public void No_subscriber_pauses_every_layer()
    {
        var layers = new DynacastLayers(2, pauseDelayTicks: 0);
        Assert.False(layers.Update(0, 0)); // the first round only notes that nobody wants them
        Assert.True(layers.Update(0, 0));
        Assert.Equal(0, layers.ActiveMask);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public void Layer_count_out_of_range_is_refused(int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DynacastLayers(count));
}
