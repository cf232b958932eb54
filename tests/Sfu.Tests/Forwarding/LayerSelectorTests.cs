using Sfu.Forwarding;
using Sfu.Streams;

namespace Sfu.Tests.Forwarding;

/// <summary>
/// The layer switcher as table rows: "T n" sets the target layer (-1 pauses); "n [key] -> outcome" feeds a packet of
/// layer n and expects skip, await (dropped, keyframe wanted), pass, or switch:m (passed, switched away from layer m).
/// </summary>
public class LayerSelectorTests
{
    [Theory]
    [InlineData("first packet waits for a keyframe of the target",
        "T 0; 0 -> await; 1 -> skip; 0 key -> switch:-1; 0 -> pass; 1 key -> skip")]
    [InlineData("up-switch only at the target's keyframe, the current layer flows until then",
        "T 0; 0 key -> switch:-1; T 2; 0 -> pass; 2 -> await; 1 key -> skip; 0 -> pass; 2 key -> switch:0; 0 -> skip; 0 key -> skip; 2 -> pass")]
    [InlineData("down-switch waits for the lower layer's keyframe too",
        "T 2; 2 key -> switch:-1; T 0; 2 -> pass; 0 -> await; 0 key -> switch:2; 2 -> skip; 0 -> pass")]
    [InlineData("target changed back before the switch happened: nothing switches",
        "T 1; 1 key -> switch:-1; T 2; 2 -> await; T 1; 2 key -> skip; 1 -> pass")]
    [InlineData("paused forwards nothing and restarts at a keyframe",
        "T 1; 1 key -> switch:-1; T -1; 1 -> skip; 1 key -> skip; T 1; 1 -> await; 1 key -> switch:-1; 1 -> pass")]
    [InlineData("target retargeted mid-switch goes to the newest target",
        "T 0; 0 key -> switch:-1; T 1; T 2; 1 key -> skip; 2 key -> switch:0")]
    public void Switches_only_on_a_keyframe_of_the_target_layer(string name, string script)
    {
        _ = name;
        var selector = new LayerSelector();
        foreach (string rawStep in script.Split(';'))
        {
            string step = rawStep.Trim();
            if (step.StartsWith('T'))
            {
                selector.SetTarget(int.Parse(step[2..], System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }

            string[] parts = step.Split("->");
            string[] input = parts[0].Trim().Split(' ');
            int layer = int.Parse(input[0], System.Globalization.CultureInfo.InvariantCulture);
            bool key = input.Length > 1 && input[1] == "key";
            LayerDecision decision = selector.Select(layer, key);
            string expected = parts[1].Trim();
            LayerDecision wanted = expected switch
            {
                "skip" => LayerDecision.Skip,
                "await" => LayerDecision.AwaitKeyframe,
                "pass" => LayerDecision.Continue,
                _ => LayerDecision.SwitchFrom(int.Parse(expected["switch:".Length..], System.Globalization.CultureInfo.InvariantCulture)),
            };
            Assert.True(wanted == decision, $"{step}: got {decision}");
        }
    }

    /// <summary>
    /// Three layers with their own SSRCs, sequence and timestamp origins, sent interleaved as a browser does; the
    /// consumer's selector plus forwarder must produce one stream whose sequence numbers have no gap or repeat across
    /// an up-switch and a down-switch, and whose timestamps only move forward.
    /// </summary>
    [Fact]
    public void Selector_and_forwarder_give_one_continuous_stream_across_switches()
    {
        uint[] ssrcs = [1111, 2222, 3333];
        ushort[] sequenceBase = [100, 30_000, 65_500];
        uint[] timestampBase = [5_000, 4_000_000_000, 77];
        var selector = new LayerSelector();
        var forwarder = new Forwarder(9999, isVideo: true);
        selector.SetTarget(0);
        var output = new List<(ushort Seq, uint Ts, int Layer)>();
        long now = MediaTime.TicksPerSecond;
        for (int frame = 0; frame < 90; frame++)
        {
            if (frame == 30)
            {
                selector.SetTarget(2);
            }
            else if (frame == 60)
            {
                selector.SetTarget(1);
            }

            for (int layer = 0; layer < 3; layer++)
            {
                // A keyframe every 10 frames on each layer, at different frames per layer.
                bool key = (frame + (layer * 3)) % 10 == 0;
                for (int packet = 0; packet < 2; packet++)
                {
                    var info = new IncomingPacketInfo(
                        ssrcs[layer],
                        unchecked((ushort)(sequenceBase[layer] + (frame * 2) + packet)),
                        unchecked(timestampBase[layer] + (uint)(frame * 3000)),
                        Marker: packet == 1,
                        IsKeyframe: key && packet == 0,
                        PayloadLength: 500,
                        ClockRate: 90_000,
                        Layer: layer);
                    LayerDecision decision = selector.Select(layer, info.IsKeyframe);
                    if (!decision.Pass)
                    {
                        continue;
                    }

                    ForwardDecision forward = forwarder.Decide(info, now);
                    Assert.True(forward.ShouldForward, $"frame {frame} layer {layer}: {forward.DropReason}");
                    output.Add((forward.NewSequenceNumber, forward.NewTimestamp, layer));
                }
            }

            now += MediaTime.TicksPerSecond / 30;
        }

        Assert.Equal([0, 2, 1], output.Select(o => o.Layer).Distinct());
        for (int i = 1; i < output.Count; i++)
        {
            Assert.Equal(unchecked((ushort)(output[i - 1].Seq + 1)), output[i].Seq);
            Assert.True(unchecked((int)(output[i].Ts - output[i - 1].Ts)) >= 0, $"timestamp went back at {i}");
        }
    }
}
