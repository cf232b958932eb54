using Sfu.Streams;

namespace Sfu.Tests.Streams;

public class NackGeneratorTests
{
    private const long Ms = MediaTime.TicksPerMillisecond;

    [Theory]
    [InlineData("clean stream", new[] { 1, 2, 3, 4 }, new[] { "First", "InOrder", "InOrder", "InOrder" }, new int[0])]
    [InlineData("one gap", new[] { 1, 2, 5 }, new[] { "First", "InOrder", "GapDetected" }, new[] { 3, 4 })]
    [InlineData("reordered before any NACK", new[] { 1, 3, 2, 4 }, new[] { "First", "GapDetected", "Reordered", "InOrder" }, new int[0])]
    [InlineData("duplicates", new[] { 1, 2, 2, 1 }, new[] { "First", "InOrder", "Duplicate", "Duplicate" }, new int[0])]
    [InlineData("gap across the wrap", new[] { 65533, 65534, 1 }, new[] { "First", "InOrder", "GapDetected" }, new[] { 65535, 0 })]
    [InlineData("two gaps", new[] { 10, 12, 15 }, new[] { "First", "GapDetected", "GapDetected" }, new[] { 11, 13, 14 })]
    [InlineData("gap too large to NACK", new[] { 1, 2, 300 }, new[] { "First", "InOrder", "Resynchronized" }, new int[0])]
    [InlineData("far behind once is ignored", new[] { 5000, 5001, 100 }, new[] { "First", "InOrder", "TooOld" }, new int[0])]
    [InlineData("far behind twice in a row restarts", new[] { 5000, 5001, 100, 101, 103 }, new[] { "First", "InOrder", "TooOld", "Resynchronized", "GapDetected" }, new[] { 102 })]
    public void Outcomes(string name, int[] sequence, string[] outcomes, int[] nacks)
    {
        Assert.NotEmpty(name);
        var generator = new NackGenerator();
        string[] actual = new string[sequence.Length];
        for (int i = 0; i < sequence.Length; i++)
        {
            actual[i] = generator.OnPacket((ushort)sequence[i], 0).ToString();
        }

        Assert.Equal(outcomes, actual);
        Assert.Equal(nacks, Collect(generator, 0));
        Assert.Equal(nacks.Length, generator.MissingCount);
    }

    [Fact]
    public void RetriesOncePerIntervalUntilRecovered()
    {
        var generator = new NackGenerator(retryIntervalTicks: 20 * Ms);
        generator.OnPacket(1, 0);
        generator.OnPacket(4, 0);
        Assert.Equal(new[] { 2, 3 }, Collect(generator, 0));
        Assert.Empty(Collect(generator, 5 * Ms));
        Assert.Empty(Collect(generator, 19 * Ms));
        Assert.Equal(new[] { 2, 3 }, Collect(generator, 20 * Ms));

        Assert.Equal(NackOutcome.Recovered, generator.OnPacket(2, 25 * Ms));
        Assert.Equal(1, generator.RecoveredCount);
        Assert.Equal(new[] { 3 }, Collect(generator, 40 * Ms));
        Assert.Equal(5, generator.NackedCount);
    }

    [Fact]
    public void GivesUpAfterTheRetryLimit()
    {
        var generator = new NackGenerator(maxRetries: 3, retryIntervalTicks: 20 * Ms);
        generator.OnPacket(1, 0);
        generator.OnPacket(3, 0);
        Assert.Equal(new[] { 2 }, Collect(generator, 0));
        Assert.Equal(new[] { 2 }, Collect(generator, 20 * Ms));
        Assert.Equal(new[] { 2 }, Collect(generator, 40 * Ms));
        Assert.Empty(Collect(generator, 60 * Ms));
        Assert.Equal(0, generator.MissingCount);
        Assert.Equal(1, generator.GivenUpCount);

        // Arriving after being given up is no recovery.
        Assert.Equal(NackOutcome.Duplicate, generator.OnPacket(2, 70 * Ms));
        Assert.Equal(0, generator.RecoveredCount);
    }

    [Fact]
    public void GivesUpPastTheAgeLimit()
    {
        var generator = new NackGenerator(retryIntervalTicks: 400 * Ms, maxAgeTicks: 1000 * Ms);
        generator.OnPacket(1, 0);
        generator.OnPacket(3, 0);
        generator.OnPacket(5, 500 * Ms);
        Assert.Equal(new[] { 2, 4 }, Collect(generator, 500 * Ms));
        Assert.Equal(new[] { 4 }, Collect(generator, 1001 * Ms)); // 2 is 1001 ms old, 4 only 501
        Assert.Equal(1, generator.GivenUpCount);
    }

    [Fact]
    public void RetryIntervalFollowsTheRtt()
    {
        var generator = new NackGenerator();
        generator.OnPacket(1, 0);
        generator.OnPacket(3, 0);
        Collect(generator, 0);
        generator.RetryIntervalTicks = 100 * Ms;
        Assert.Empty(Collect(generator, 99 * Ms));
        Assert.Equal(new[] { 2 }, Collect(generator, 100 * Ms));
    }

    [Fact]
    public void OverflowPushesTheOldestOutOfTheWindow()
    {
        var generator = new NackGenerator(capacity: 64);
        generator.OnPacket(0, 0);
        generator.OnPacket(10, 0); // 1..9 missing
        generator.OnPacket(70, 0); // 11..69 missing; the window is 7..70, so 1..6 fall out

        int[] nacks = Collect(generator, 0, 100);
        Assert.Equal(3 + 59, nacks.Length);
        Assert.Equal(new[] { 7, 8, 9, 11 }, nacks[..4]);
        Assert.Equal(69, nacks[^1]);
        Assert.Equal(6, generator.GivenUpCount);
        Assert.Equal(NackOutcome.TooOld, generator.OnPacket(3, 0));
    }

    [Fact]
    public void SmallDestinationTakesTheOldestFirstAndTheRestNextTime()
    {
        var generator = new NackGenerator();
        generator.OnPacket(0, 0);
        generator.OnPacket(6, 0);
        Assert.Equal(new[] { 1, 2 }, Collect(generator, 0, 2));
        Assert.Equal(new[] { 3, 4 }, Collect(generator, 1 * Ms, 2));
        Assert.Equal(new[] { 5 }, Collect(generator, 2 * Ms, 2));
        Assert.Empty(Collect(generator, 3 * Ms, 2));
    }

    [Fact]
    public void ResynchronizationClearsTheMissingList()
    {
        var generator = new NackGenerator();
        generator.OnPacket(0, 0);
        generator.OnPacket(3, 0);
        Assert.Equal(NackOutcome.Resynchronized, generator.OnPacket(1000, 0));
        Assert.Equal(0, generator.MissingCount);
        Assert.Equal(2, generator.GivenUpCount);
        Assert.Empty(Collect(generator, 0));
        Assert.Equal(NackOutcome.InOrder, generator.OnPacket(1001, 0));
    }

    [Fact]
    public void ResetStartsAfresh()
    {
        var generator = new NackGenerator();
        generator.OnPacket(0, 0);
        generator.OnPacket(3, 0);
        generator.Reset();
        Assert.Equal(0, generator.MissingCount);
        Assert.Equal(NackOutcome.First, generator.OnPacket(40000, 0));
    }

    [Fact]
    public void LongRandomLossStreamRecoversEveryRetransmission()
    {
        var random = new Random(3550);
        var generator = new NackGenerator();
        var lost = new List<ushort>();
        long now = 0;
        for (int i = 0; i < 70_000; i++)
        {
            now += Ms;
            ushort seq = unchecked((ushort)i);
            if (random.Next(50) == 0)
            {
                lost.Add(seq);
                continue;
            }

            generator.OnPacket(seq, now);
            foreach (int nacked in Collect(generator, now))
            {
                Assert.Contains((ushort)nacked, lost);
                lost.Remove((ushort)nacked);
                Assert.Equal(NackOutcome.Recovered, generator.OnPacket((ushort)nacked, now));
            }
        }

        Assert.True(lost.Count <= 1); // at most the one lost right before the end has no later packet yet
        Assert.Equal(generator.NackedCount, generator.RecoveredCount);
    }

    private static int[] Collect(NackGenerator generator, long now, int room = 64)
    {
        Span<ushort> destination = stackalloc ushort[room];
        int count = generator.CollectNacks(now, destination);
        int[] result = new int[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = destination[i];
        }

        return result;
    }
}
