using Sfu.Buffers;
using Sfu.Diagnostics;
using Sfu.Forwarding;
using Sfu.Streams;

namespace Sfu.Tests.Forwarding;

public class ForwarderTests
{
    private const int VideoClock = 90000;
    private const int AudioClock = 48000;

    [Theory]
    [InlineData("contiguous rewrite keeps numbers",
        "A 100 ts=1000 key -> 100/1000 key; A 101 ts=1000 -> 101/1000; A 102 ts=4000 -> 102/4000")]
    [InlineData("wrap at 65535",
        "A 65534 key -> 65534 key; A 65535 -> 65535; A 0 -> 0; A 1 -> 1")]
    [InlineData("reordering maps like in order",
        "A 10 key -> 10 key; A 12 -> 12; A 11 -> 11; A 13 -> 13")]
    [InlineData("reordering across the wrap",
        "A 65535 key -> 65535 key; A 1 -> 1; A 0 -> 0; A 2 -> 2")]
    [InlineData("duplicates map to the same numbers",
        "A 10 ts=5 key -> 10/5 key; A 11 ts=9 -> 11/9; A 11 ts=9 -> 11/9; A 10 ts=5 key -> 10/5 key")]
    [InlineData("video starts only at a keyframe; older packets have no number",
        "A 1 -> drop WaitingForKeyframe +req; A 2 -> drop WaitingForKeyframe +req; A 3 key -> 3 key; A 2 -> drop TooOld; A 4 -> 4")]
    [InlineData("video switch waits for a keyframe of the new source while the old one keeps flowing",
        "A 100 ts=1000 key t=0 -> 100/1000 key; A 101 ts=4000 t=33 -> 101/4000; " +
        "B 5000 ts=777 t=40 -> drop WaitingForKeyframe +req; A 102 ts=7000 t=66 -> 102/7000; " +
        "B 5001 ts=3777 key t=100 -> 103/10060 key sw; B 5002 ts=6777 t=133 -> 104/13060; " +
        "A 103 ts=10000 t=140 -> drop StaleSource; B 5000 ts=777 -> drop TooOld; B 5001 ts=3777 key -> 103/10060 key")]
    [InlineData("switch keeps the sequence continuous across the wrap",
        "A 65535 ts=0 key t=0 -> 65535/0 key; B 10 ts=50 key t=10 -> 0/900 key sw; B 11 ts=3050 t=20 -> 1/3900")]
    [InlineData("switch with no elapsed time still advances the timestamp by 1",
        "A 1 ts=100 key t=0 -> 1/100 key; B 1 ts=9 key t=0 -> 2/101 key sw")]
    [InlineData("the elapsed time counts from the first packet of the last timestamp",
        "A 1 ts=0 key t=0 -> 1/0 key; A 2 ts=0 t=5 -> 2/0; A 3 ts=0 t=9 -> 3/0; B 50 ts=7 key t=10 -> 4/900 key sw")]
    [InlineData("a keyframe of the previous source switches back at once",
        "A 1 key t=0 -> 1 key; B 1 key t=10 -> 2 key sw; A 2 t=20 -> drop StaleSource; A 3 key t=30 -> 3 key sw; B 2 t=40 -> drop StaleSource")]
    [InlineData("pause drops, resume waits for a keyframe and continues the output",
        "A 10 ts=0 key t=0 -> 10/0 key; pause; A 11 ts=3000 t=33 -> drop Paused; A 12 ts=3000 key t=34 -> drop Paused; resume; " +
        "A 13 ts=6000 t=66 -> drop WaitingForKeyframe +req; A 14 ts=9000 key t=100 -> 11/9000 key sw; A 15 ts=12000 t=133 -> 12/12000; " +
        "A 13 ts=6000 -> drop TooOld")]
    [InlineData("padding is dropped and takes no numbers",
        "A 10 key -> 10 key; A 11 pad -> drop Padding; A 12 -> 11; A 13 pad -> drop Padding; A 14 pad -> drop Padding; A 15 -> 12")]
    [InlineData("padding after a gap; the gap's packets arrive late and keep their numbers",
        "A 10 key -> 10 key; A 13 pad -> drop Padding; A 14 -> 13; A 11 -> 11; A 12 -> 12; A 15 -> 14")]
    [InlineData("late padding leaves its gap",
        "A 10 key -> 10 key; A 12 -> 12; A 11 pad -> drop Padding; A 13 -> 13")]
    [InlineData("padding before the first keyframe or of another source changes nothing",
        "A 5 pad -> drop Padding; A 6 key -> 6 key; B 7 pad -> drop Padding; A 7 -> 7")]
    [InlineData("paused consumers drop padding as paused",
        "A 5 key -> 5 key; pause; A 6 pad -> drop Paused")]
    public void Video(string name, string script)
    {
        Assert.NotEmpty(name);
        ForwarderScript.Run(new Forwarder(ForwarderScript.OutgoingSsrc, isVideo: true), VideoClock, script);
    }

    [Theory]
    [InlineData("audio starts at once",
        "A 1 ts=0 -> 1/0; A 2 ts=960 -> 2/960")]
    [InlineData("audio switches without a keyframe and continues seq and timestamp",
        "A 100 ts=0 t=0 -> 100/0; A 101 ts=960 t=20 -> 101/960; B 7 ts=5000 t=40 -> 102/1920 sw; B 8 ts=5960 t=60 -> 103/2880; " +
        "A 102 ts=1920 t=61 -> drop StaleSource")]
    [InlineData("audio goes back to the previous source once the stale window is over",
        "A 1 t=0 -> 1; B 1 t=10 -> 2 sw; A 2 t=500 -> drop StaleSource; A 3 t=1100 -> 3 sw")]
    [InlineData("audio pause and resume",
        "A 10 ts=0 t=0 -> 10/0; pause; A 11 ts=960 t=20 -> drop Paused; resume; A 12 ts=1920 t=40 -> 11/1920 sw; A 13 ts=2880 t=60 -> 12/2880")]
    [InlineData("audio keyframe flags are ignored",
        "A 1 key -> 1")]
    [InlineData("audio padding",
        "A 1 -> 1; A 2 pad -> drop Padding; A 3 -> 2")]
    public void Audio(string name, string script)
    {
        Assert.NotEmpty(name);
        ForwarderScript.Run(new Forwarder(ForwarderScript.OutgoingSsrc, isVideo: false), AudioClock, script);
    }

    [Fact]
    public void InitialSequenceAndTimestampAreUsedForTheFirstPacket()
    {
        var forwarder = new Forwarder(ForwarderScript.OutgoingSsrc, isVideo: true, initialSequenceNumber: 65535, initialTimestamp: 4_294_967_000);
        ForwarderScript.Run(forwarder, VideoClock,
            "A 100 ts=1000 key -> 65535/4294967000 key; A 101 ts=4000 -> 0/2704; A 99 ts=1000 -> drop TooOld");
    }

    [Fact]
    public void StateIsVisible()
    {
        var forwarder = new Forwarder(77, isVideo: true);
        Assert.True(forwarder.IsWaitingForKeyframe);
        Assert.Null(forwarder.CurrentSourceSsrc);
        forwarder.Decide(new IncomingPacketInfo(9, 1, 0, false, true, 10, VideoClock), 0);
        Assert.False(forwarder.IsWaitingForKeyframe);
        Assert.Equal(9u, forwarder.CurrentSourceSsrc);
        forwarder.Pause();
        Assert.True(forwarder.IsPaused);
        forwarder.Resume();
        Assert.False(forwarder.IsPaused);
        Assert.True(forwarder.IsWaitingForKeyframe);
    }

    [Fact]
    public void PacketsOlderThanThePaddingHistoryAreDroppedNotMisnumbered()
    {
        var forwarder = new Forwarder(ForwarderScript.OutgoingSsrc, isVideo: false);
        Forward(forwarder, 0);
        // 1 is lost; then 70 padding packets, more than the history holds.
        for (ushort seq = 2; seq < 72; seq++)
        {
            Assert.Equal(DropReason.Padding, Decide(forwarder, seq, payload: 0).DropReason);
        }

        // 1 is older than the oldest padding still remembered: its number cannot be computed.
        Assert.Equal(DropReason.TooOld, Decide(forwarder, 1).DropReason);

        // 0 -> 0, the lost 1 keeps output 1, the padding takes nothing: 72 -> 2.
        Assert.Equal(2, Forward(forwarder, 72));
    }

    // Random reordering, duplicates and padding: every input maps to one output, distinct inputs to
    // distinct outputs, and the order of inputs is the order of outputs.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomReorderingKeepsTheMappingConsistentAndMonotonic(int seed)
    {
        var random = new Random(seed);
        var forwarder = new Forwarder(ForwarderScript.OutgoingSsrc, isVideo: false);
        const int count = 5000;
        bool[] isPadding = new bool[count];
        int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            isPadding[i] = i > 0 && random.Next(10) == 0;
            order[i] = i;
        }

        // Local reordering: each packet moves back by up to 5 places.
        for (int i = 1; i < count; i++)
        {
            int j = Math.Max(1, i - random.Next(6));
            (order[i], order[j]) = (order[j], order[i]);
        }

        var mapping = new Dictionary<long, long>();
        long baseInput = 65000; // crosses the wrap
        long lastOutput = -1;
        foreach (int index in order)
        {
            int repeats = random.Next(20) == 0 ? 2 : 1;
            for (int r = 0; r < repeats; r++)
            {
                long input = baseInput + index;
                ForwardDecision d = Decide(forwarder, (ushort)input, isPadding[index] ? 0 : 100);
                if (isPadding[index])
                {
                    Assert.Equal(DropReason.Padding, d.DropReason);
                    continue;
                }

                Assert.True(d.ShouldForward, $"input {input} dropped: {d.DropReason}");
                long output = SerialNumber.Extend(lastOutput < 0 ? d.NewSequenceNumber : lastOutput, d.NewSequenceNumber);
                lastOutput = Math.Max(lastOutput, output);
                if (mapping.TryGetValue(input, out long earlier))
                {
                    Assert.Equal(earlier, output);
                }

                mapping[input] = output;
            }
        }

        long previousOutput = long.MinValue;
        foreach (KeyValuePair<long, long> pair in mapping.OrderBy(p => p.Key))
        {
            Assert.True(pair.Value > previousOutput, $"input {pair.Key} -> {pair.Value} not after {previousOutput}");
            previousOutput = pair.Value;
        }
    }

    private static ForwardDecision Decide(Forwarder forwarder, ushort seq, int payload = 100) =>
        forwarder.Decide(new IncomingPacketInfo(0xA, seq, 0, false, false, payload, AudioClock), 0);

    private static int Forward(Forwarder forwarder, ushort seq)
    {
        ForwardDecision decision = Decide(forwarder, seq);
        Assert.True(decision.ShouldForward);
        return decision.NewSequenceNumber;
    }
}
