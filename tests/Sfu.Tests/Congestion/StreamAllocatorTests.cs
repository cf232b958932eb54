using Sfu.Congestion;
using Sfu.Streams;

namespace Sfu.Tests.Congestion;

/// <summary>
/// The allocator on tables of tracks: audio first, important tiles, tile sizes, pauses, and the up-switch hold-off.
/// Videos cost 150k/500k/1500k bit/s per layer, audio 40k, unless a row says otherwise.
/// </summary>
public class StreamAllocatorTests
{
    private const long Second = MediaTime.TicksPerSecond;
    private const long Audio = 40_000;
    private static readonly long[] Layers = [150_000, 500_000, 1_500_000];

    [Theory]
    // available, tile widths (0 = unknown), expected ranks
    [InlineData(long.MaxValue, new[] { 0, 0, 0 }, new[] { 2, 2, 2 })]
    [InlineData(long.MaxValue, new[] { 320, 640, 1280 }, new[] { 0, 1, 2 })]
    [InlineData(long.MaxValue, new[] { 100, 321, 641 }, new[] { 0, 1, 2 })]
    [InlineData(3_000_000, new[] { 1280, 1280, 1280 }, new[] { 2, 1, 1 })] // everyone mid before anyone high
    [InlineData(2_000_000, new[] { 1280, 1280, 1280 }, new[] { 1, 1, 1 })]
    [InlineData(1_500_000, new[] { 1280, 1280, 1280 }, new[] { 1, 1, 0 })]
    [InlineData(500_000, new[] { 1280, 1280, 1280 }, new[] { 0, 0, 0 })]
    [InlineData(400_000, new[] { 1280, 1280, 1280 }, new[] { 0, 0, -1 })]
    [InlineData(100_000, new[] { 1280, 1280, 1280 }, new[] { -1, -1, -1 })]
    public void Fits_layers_into_the_estimate_in_tile_order(long available, int[] widths, int[] expected)
    {
        StreamAllocatorTrack[] tracks = [Track(audio: true), .. widths.Select(w => Video(w))];
        new StreamAllocator().Allocate(tracks, available, Second);

        Assert.Equal(0, tracks[0].TargetRank);
        Assert.Equal(expected, tracks.Skip(1).Select(t => t.TargetRank));
        for (int i = 1; i < tracks.Length; i++)
        {
            Assert.Equal(tracks[i].TargetRank < 0 ? VideoPauseReason.Bandwidth : VideoPauseReason.None, tracks[i].PauseReason);
        }
    }

    [Fact]
    public void Larger_tiles_come_before_smaller_ones_and_important_tiles_before_all()
    {
        StreamAllocatorTrack[] tracks = [Video(640, 360), Video(1280, 720), Video(320, 180)];
        tracks[2].IsImportant = true;
        tracks[2].TileWidth = 1920; // a pinned tile shown large
        new StreamAllocator().Allocate(tracks, 150_000 + 150_000 + 1_500_000, Second);

        Assert.Equal([0, 0, 2], tracks.Select(t => t.TargetRank));

        // Only two lowest layers fit: the smallest unimportant tile pauses, not the pinned one.
        new StreamAllocator().Allocate(tracks, 300_000, 2 * Second);
        Assert.Equal([-1, 0, 0], tracks.Select(t => t.TargetRank));
    }

    [Fact]
    public void Audio_is_served_before_any_video()
    {
        StreamAllocatorTrack[] tracks = [Video(1280), Track(audio: true), Track(audio: true)];
        new StreamAllocator().Allocate(tracks, 2 * Audio + 100_000, Second);

        Assert.Equal(-1, tracks[0].TargetRank);
        Assert.Equal(VideoPauseReason.Bandwidth, tracks[0].PauseReason);
        Assert.Equal(0, tracks[1].TargetRank);
        Assert.Equal(0, tracks[2].TargetRank);
    }

    [Fact]
    public void A_hidden_tile_is_paused_as_hidden_and_costs_nothing()
    {
        StreamAllocatorTrack[] tracks = [Video(1280), Video(1280)];
        tracks[0].Visible = false;
        long wanted = new StreamAllocator().Allocate(tracks, 1_500_000, Second);

        Assert.Equal((-1, VideoPauseReason.Hidden), (tracks[0].TargetRank, tracks[0].PauseReason));
        Assert.Equal(2, tracks[1].TargetRank);
        Assert.Equal(1_500_000, wanted);
    }

    [Fact]
    public void Wanted_bitrate_is_every_visible_video_at_its_tile_layer_plus_audio()
    {
        StreamAllocatorTrack[] tracks = [Track(audio: true), Video(320), Video(640), Video(0)];
        long wanted = new StreamAllocator().Allocate(tracks, 100_000, Second);

        Assert.Equal(Audio + 150_000 + 500_000 + 1_500_000, wanted);
    }

    [Fact]
    public void Down_switches_at_once_but_up_switches_wait_for_the_hold_off()
    {
        var allocator = new StreamAllocator(upSwitchHoldTicks: 4 * Second);
        StreamAllocatorTrack[] tracks = [Video(1280)];
        allocator.Allocate(tracks, 5_000_000, 1 * Second);
        Assert.Equal(2, tracks[0].TargetRank);

        allocator.Allocate(tracks, 600_000, 2 * Second); // congestion: down at once
        Assert.Equal(1, tracks[0].TargetRank);

        allocator.Allocate(tracks, 5_000_000, 3 * Second); // recovered, but within the hold-off
        Assert.Equal(1, tracks[0].TargetRank);
        allocator.Allocate(tracks, 5_000_000, 5 * Second + (Second / 2));
        Assert.Equal(1, tracks[0].TargetRank);

        allocator.Allocate(tracks, 200_000, 5 * Second + (Second * 3 / 4)); // down again restarts the hold-off
        Assert.Equal(0, tracks[0].TargetRank);
        allocator.Allocate(tracks, 5_000_000, 9 * Second);
        Assert.Equal(0, tracks[0].TargetRank);
        allocator.Allocate(tracks, 5_000_000, 10 * Second);
        Assert.Equal(2, tracks[0].TargetRank);
    }

    [Fact]
    public void A_smaller_tile_or_a_layer_the_publisher_stopped_lowers_without_holding_back_the_next_up_switch()
    {
        var allocator = new StreamAllocator(upSwitchHoldTicks: 4 * Second);
        StreamAllocatorTrack[] tracks = [Video(1280)];
        allocator.Allocate(tracks, 5_000_000, 1 * Second);
        Assert.Equal(2, tracks[0].TargetRank);

        // The pin moves away: the tile shrinks and gets the low layer; the pin comes back a second later: high at once.
        tracks[0].TileWidth = 320;
        allocator.Allocate(tracks, 5_000_000, 2 * Second);
        Assert.Equal(0, tracks[0].TargetRank);
        tracks[0].TileWidth = 1280;
        allocator.Allocate(tracks, 5_000_000, 3 * Second);
        Assert.Equal(2, tracks[0].TargetRank);

        // The publisher stops its top layer (its own bandwidth), then starts it again: back at once too.
        tracks[0].AvailableRanks = 0b011;
        allocator.Allocate(tracks, 5_000_000, 4 * Second);
        Assert.Equal(1, tracks[0].TargetRank);
        tracks[0].AvailableRanks = 0b111;
        allocator.Allocate(tracks, 5_000_000, 5 * Second);
        Assert.Equal(2, tracks[0].TargetRank);
    }

    [Fact]
    public void A_video_paused_for_bandwidth_resumes_after_the_hold_off_and_a_hidden_one_at_once()
    {
        var allocator = new StreamAllocator(upSwitchHoldTicks: 4 * Second);
        StreamAllocatorTrack[] tracks = [Video(320), Video(320)];
        allocator.Allocate(tracks, 1_000_000, 1 * Second);
        Assert.Equal([0, 0], tracks.Select(t => t.TargetRank));

        tracks[1].Visible = false;
        allocator.Allocate(tracks, 100_000, 2 * Second);
        Assert.Equal((-1, VideoPauseReason.Bandwidth), (tracks[0].TargetRank, tracks[0].PauseReason));
        Assert.Equal(VideoPauseReason.Hidden, tracks[1].PauseReason);

        tracks[1].Visible = true;
        allocator.Allocate(tracks, 1_000_000, 3 * Second);
        Assert.Equal(VideoPauseReason.Bandwidth, tracks[0].PauseReason);
        Assert.Equal((0, VideoPauseReason.None), (tracks[1].TargetRank, tracks[1].PauseReason));

        allocator.Allocate(tracks, 1_000_000, 6 * Second);
        Assert.Equal([0, 0], tracks.Select(t => t.TargetRank));
    }

    [Theory]
    // available ranks (bit r = rank r flows), budget, expected rank
    [InlineData(0b001, long.MaxValue, 0)] // only the low layer flows: it, however much bandwidth there is
    [InlineData(0b011, long.MaxValue, 1)]
    [InlineData(0b101, long.MaxValue, 2)]
    [InlineData(0b101, 1_000_000, 0)] // the middle layer would fit but does not flow
    [InlineData(0b110, long.MaxValue, 2)]
    [InlineData(0b110, 600_000, 1)] // the lowest that flows is the middle one: it is the floor
    [InlineData(0b110, 400_000, -1)]
    [InlineData(0b000, long.MaxValue, 2)] // nothing known yet (no packet so far): as if all flowed
    public void Only_layers_the_publisher_sends_are_chosen(int availableRanks, long available, int expected)
    {
        StreamAllocatorTrack[] tracks = [Video(1280)];
        tracks[0].AvailableRanks = availableRanks;
        new StreamAllocator().Allocate(tracks, available, Second);
        Assert.Equal(expected, tracks[0].TargetRank);
    }

    [Fact]
    public void A_flowing_video_keeps_its_lowest_layer_through_a_short_dip_and_pauses_when_it_lasts()
    {
        var allocator = new StreamAllocator(upSwitchHoldTicks: 4 * Second, pauseDelayTicks: 2 * Second);
        StreamAllocatorTrack[] tracks = [Video(1280), Video(640)];
        allocator.Allocate(tracks, 1_200_000, Second);
        Assert.Equal([1, 1], tracks.Select(t => t.TargetRank));

        // The estimate dips below both lowest layers: lowered at once, but not paused for a moment's dip.
        allocator.Allocate(tracks, 200_000, 2 * Second);
        Assert.Equal([0, 0], tracks.Select(t => t.TargetRank));
        allocator.Allocate(tracks, 200_000, (3 * Second) + (Second / 2));
        Assert.Equal([0, 0], tracks.Select(t => t.TargetRank));

        // Back within the delay: nothing paused, and the next dip starts its own delay.
        allocator.Allocate(tracks, 400_000, 3 * Second + (Second * 3 / 4));
        Assert.Equal([0, 0], tracks.Select(t => t.TargetRank));
        allocator.Allocate(tracks, 200_000, 4 * Second);
        Assert.Equal([0, 0], tracks.Select(t => t.TargetRank));

        // A dip that lasts the delay pauses what does not fit, least important first.
        allocator.Allocate(tracks, 200_000, 6 * Second);
        Assert.Equal([0, -1], tracks.Select(t => t.TargetRank));
        Assert.Equal(VideoPauseReason.Bandwidth, tracks[1].PauseReason);

        // A video that never flowed and does not fit starts paused.
        StreamAllocatorTrack[] late = [Video(1280), Video(1280)];
        allocator.Allocate(late, 200_000, 7 * Second);
        Assert.Equal([0, -1], late.Select(t => t.TargetRank));
    }

    [Fact]
    public void Never_above_the_layers_a_track_has()
    {
        StreamAllocatorTrack[] tracks = [Video(1920)];
        tracks[0].LayerCount = 1;
        new StreamAllocator().Allocate(tracks, long.MaxValue, Second);
        Assert.Equal(0, tracks[0].TargetRank);
        Assert.Equal(0, StreamAllocator.WantedRank(tracks[0]));
    }

    [Fact]
    public void Random_tracks_never_exceed_the_estimate_beyond_what_the_lowest_layers_need()
    {
        var random = new Random(12);
        var allocator = new StreamAllocator(upSwitchHoldTicks: 0);
        for (int round = 0; round < 500; round++)
        {
            var tracks = new StreamAllocatorTrack[random.Next(0, 12)];
            for (int i = 0; i < tracks.Length; i++)
            {
                tracks[i] = StreamAllocatorTrack.Create(isAudio: random.Next(4) == 0, layerCount: random.Next(1, 4));
                tracks[i].TileWidth = random.Next(-10, 2000);
                tracks[i].TileHeight = random.Next(-10, 2000);
                tracks[i].Visible = random.Next(5) > 0;
                tracks[i].IsImportant = random.Next(4) == 0;
                long rate = 0;
                for (int rank = 0; rank < tracks[i].LayerCount; rank++)
                {
                    rate += random.Next(0, 1_000_000);
                    tracks[i].Bitrates[rank] = rate;
                }
            }

            long available = random.Next(0, 5_000_000);
            allocator.Allocate(tracks, available, round * Second);
            long audio = tracks.Where(t => t.IsAudio).Sum(t => t.Bitrates[0]);
            long video = tracks.Where(t => !t.IsAudio && t.TargetRank >= 0).Sum(t => t.Bitrates[t.TargetRank]);
            Assert.True(video <= Math.Max(available - audio, 0), $"round {round}: {video} of video in {available - audio}");
            Assert.All(tracks.Where(t => !t.IsAudio), t => Assert.InRange(t.TargetRank, -1, t.LayerCount - 1));
        }
    }

    private static StreamAllocatorTrack Track(bool audio)
    {
        StreamAllocatorTrack track = StreamAllocatorTrack.Create(audio, 1);
        track.Bitrates[0] = Audio;
        return track;
    }

    private static StreamAllocatorTrack Video(int width, int height = 0)
    {
        StreamAllocatorTrack track = StreamAllocatorTrack.Create(isAudio: false, layerCount: 3);
        track.TileWidth = width;
        track.TileHeight = height == 0 ? width * 9 / 16 : height;
        for (int i = 0; i < Layers.Length; i++)
        {
            track.Bitrates[i] = Layers[i];
        }

        return track;
    }
}
