using Sfu.Wire.Rtcp;

namespace Sfu.Tests.Wire.Rtcp;

public class GenericNackTests
{
    // RFC 4585 section 6.2.1: PID 100 with BLP 0b0000_0000_0000_0101 reports 100, 101 and 103.
    private static readonly byte[] TwoItems =
    [
        0x81, 0xCD, 0x00, 0x04, // V=2, FMT=1; PT=205 (RTPFB); length 4 -> 20 bytes
        0x00, 0x00, 0x00, 0x01, // SSRC of packet sender
        0x00, 0x00, 0x00, 0x02, // SSRC of media source
        0x00, 0x64, 0x00, 0x05, // PID 100, BLP bits 0 and 2 -> 101, 103
        0xFF, 0xFF, 0x80, 0x01, // PID 65535, BLP bits 0 and 15 -> 0, 15 (wrapped)
    ];

    [Fact]
    public void ReadsItemsAndExpandsSequenceNumbers()
    {
        Assert.True(GenericNack.TryRead(TwoItems, out GenericNack nack));
        Assert.Equal(1u, nack.SenderSsrc);
        Assert.Equal(2u, nack.MediaSsrc);
        Assert.Equal(2, nack.ItemCount);
        Assert.Equal(100, nack.GetItem(0).PacketId);
        Assert.Equal(5, nack.GetItem(0).LostBitmask);
        Assert.Equal(3, nack.GetItem(0).LostCount);

        var lost = new List<ushort>();
        foreach (ushort sequenceNumber in nack.LostSequenceNumbers)
        {
            lost.Add(sequenceNumber);
        }

        Assert.Equal(new ushort[] { 100, 101, 103, 65535, 0, 15 }, lost);
    }

    [Fact]
    public void CopiesIntoACallerBufferAndStopsWhenFull()
    {
        Assert.True(GenericNack.TryRead(TwoItems, out GenericNack nack));
        Span<ushort> all = stackalloc ushort[10];
        Assert.Equal(6, nack.CopyLostSequenceNumbers(all));
        Span<ushort> few = stackalloc ushort[4];
        Assert.Equal(4, nack.CopyLostSequenceNumbers(few));
        Assert.Equal(new ushort[] { 100, 101, 103, 65535 }, few.ToArray());
    }

    [Fact]
    public void BuildsFromMissingSequenceNumbers()
    {
        ushort[] missing = [100, 101, 103, 65535, 0, 15];
        Assert.Equal(2, GenericNack.CountItems(missing));
        byte[] buffer = new byte[64];
        int length = GenericNack.Write(buffer, 1, 2, missing);
        Assert.Equal(TwoItems, buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void StartsANewItemBeyondSixteenAndSkipsRepeats()
    {
        // 10 and 26 share an item (distance 16); 27 does not; 27 repeated is skipped; 5 (backwards) is new.
        ushort[] missing = [10, 26, 27, 27, 5];
        byte[] buffer = new byte[64];
        int length = GenericNack.Write(buffer, 1, 2, missing);
        Assert.Equal(GenericNack.GetLength(3), length);
        Assert.True(GenericNack.TryRead(buffer.AsSpan(0, length), out GenericNack nack));
        Assert.Equal(new NackItem(10, 0x8000).LostBitmask, nack.GetItem(0).LostBitmask);
        Assert.Equal(27, nack.GetItem(1).PacketId);
        Assert.Equal(0, nack.GetItem(1).LostBitmask);
        Assert.Equal(5, nack.GetItem(2).PacketId);
    }

    [Fact]
    public void RoundTripsRandomLossPatterns()
    {
        var random = new Random(4585);
        byte[] buffer = new byte[4096];
        for (int round = 0; round < 200; round++)
        {
            var missing = new List<ushort>();
            ushort sequenceNumber = (ushort)random.Next(65536);
            int count = 1 + random.Next(300);
            for (int i = 0; i < count; i++)
            {
                sequenceNumber += (ushort)(1 + random.Next(random.Next(2) == 0 ? 3 : 40));
                missing.Add(sequenceNumber);
            }

            int length = GenericNack.Write(buffer, 9, 8, missing.ToArray());
            Assert.True(GenericNack.TryRead(buffer.AsSpan(0, length), out GenericNack nack));
            var expanded = new List<ushort>();
            foreach (ushort lost in nack.LostSequenceNumbers)
            {
                expanded.Add(lost);
            }

            Assert.Equal(missing, expanded);
        }
    }

    [Fact]
    public void WritesReadyMadeItems()
    {
        byte[] buffer = new byte[64];
        int length = GenericNack.Write(buffer, 1, 2, [new NackItem(100, 5), new NackItem(65535, 0x8001)]);
        Assert.Equal(TwoItems, buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void RejectsEmptyOrForeignPackets()
    {
        byte[] empty = [0x81, 0xCD, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2];
        Assert.False(GenericNack.TryRead(empty, out _));
        byte[] tcc = (byte[])TwoItems.Clone();
        tcc[0] = 0x8F; // FMT 15
        Assert.False(GenericNack.TryRead(tcc, out _));
        Assert.Equal(0, GenericNack.Write(new byte[64], 1, 2, ReadOnlySpan<ushort>.Empty));
        Assert.Equal(0, GenericNack.Write(new byte[15], 1, 2, [1]));
    }
}
