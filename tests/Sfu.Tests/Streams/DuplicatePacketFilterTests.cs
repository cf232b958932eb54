using Sfu.Streams;

namespace Sfu.Tests.Streams;

public class DuplicatePacketFilterTests
{
    [Fact]
    public void A_number_is_new_once_and_a_repeat_is_not()
    {
        var filter = new DuplicatePacketFilter();
        Assert.True(filter.TryMarkNew(100));
        Assert.True(filter.TryMarkNew(101));
        Assert.False(filter.TryMarkNew(101));
        Assert.False(filter.TryMarkNew(100));
    }

    [Fact]
    public void A_late_packet_that_fills_a_gap_is_new_the_first_time()
    {
        var filter = new DuplicatePacketFilter();
        filter.TryMarkNew(10);
        filter.TryMarkNew(13);
        Assert.True(filter.TryMarkNew(11)); // the repair of a real loss
        Assert.True(filter.TryMarkNew(12));
        Assert.False(filter.TryMarkNew(11));
        Assert.False(filter.TryMarkNew(12));
    }

    [Fact]
    public void Chromes_rtx_probing_that_resends_the_newest_packet_many_times_is_caught_every_time()
    {
        var filter = new DuplicatePacketFilter();
        for (ushort sequence = 0; sequence < 50; sequence++)
        {
            Assert.True(filter.TryMarkNew(sequence));
        }

        for (int repeat = 0; repeat < 20; repeat++)
        {
            Assert.False(filter.TryMarkNew(49));
        }
    }

    [Fact]
    public void The_window_follows_the_sequence_number_across_the_wrap()
    {
        var filter = new DuplicatePacketFilter();
        for (int i = 0; i < 3000; i++)
        {
            Assert.True(filter.TryMarkNew(unchecked((ushort)(64_000 + i))));
        }

        Assert.False(filter.TryMarkNew(unchecked((ushort)(64_000 + 2999))));
        Assert.False(filter.TryMarkNew(unchecked((ushort)(64_000 + 2000)))); // 999 behind: still remembered
    }

    [Fact]
    public void Numbers_a_jump_skipped_are_new_even_where_the_window_saw_their_slot_before()
    {
        var filter = new DuplicatePacketFilter();
        for (ushort sequence = 0; sequence < 100; sequence++)
        {
            filter.TryMarkNew(sequence);
        }

        // 1100 shares its slot with 76 (1024 apart) and 1050 with 26; both are skipped by the jump from 99 to 1100.
        Assert.True(filter.TryMarkNew(1100));
        Assert.True(filter.TryMarkNew(1050));
        Assert.True(filter.TryMarkNew(1099));
    }

    [Fact]
    public void A_jump_of_more_than_a_window_forgets_everything_before_it()
    {
        var filter = new DuplicatePacketFilter();
        for (ushort sequence = 0; sequence < 100; sequence++)
        {
            filter.TryMarkNew(sequence);
        }

        Assert.True(filter.TryMarkNew(2000));
        Assert.True(filter.TryMarkNew(1050)); // 950 behind, in the window; its slot last held 26, from before the jump
        Assert.False(filter.TryMarkNew(1050));
    }

    [Fact]
    public void Older_than_the_window_cannot_be_told_and_counts_as_new()
    {
        var filter = new DuplicatePacketFilter();
        filter.TryMarkNew(0);
        filter.TryMarkNew(DuplicatePacketFilter.Size + 10);
        Assert.True(filter.TryMarkNew(0));
        Assert.True(filter.TryMarkNew(0));
    }

    [Fact]
    public void Reset_starts_a_new_stream()
    {
        var filter = new DuplicatePacketFilter();
        filter.TryMarkNew(7);
        filter.Reset();
        Assert.True(filter.TryMarkNew(7));
        Assert.False(filter.TryMarkNew(7));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_reordering_loss_and_duplication_agree_with_a_set_of_what_arrived(int seed)
    {
        // A mutated stream: numbers advance with gaps, arrive late by up to 200, repeat, and wrap; the filter must say
        // "new" exactly when a set of every extended number seen so far (within the window) says so.
        var random = new Random(seed);
        var filter = new DuplicatePacketFilter();
        var seen = new HashSet<long>();
        long highest = 65_000;
        for (int i = 0; i < 50_000; i++)
        {
            long candidate = random.Next(10) switch
            {
                0 => highest - random.Next(0, 200),
                1 => highest - random.Next(0, 3),
                2 => highest + random.Next(2, 40),
                _ => highest + 1,
            };
            highest = Math.Max(highest, candidate);
            bool expected = seen.Add(candidate);
            Assert.Equal(expected, filter.TryMarkNew(unchecked((ushort)candidate)));
        }
    }
}
