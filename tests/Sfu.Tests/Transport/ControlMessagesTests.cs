using System.Buffers.Binary;
using Sfu.Tests.Wire.Rtp;
using Sfu.Transport.Batching;

namespace Sfu.Tests.Transport;

/// <summary>
/// The cmsg(3) reader and writer against the 64-bit Linux layout (cmsg_len as size_t counting the 16-byte header,
/// level, type, data, next message 8-aligned), and against random and mutated ancillary data.
/// </summary>
public class ControlMessagesTests
{
    [Fact]
    public void ReadsTimestampAndDropCountInKernelOrder()
    {
        byte[] control = new byte[ControlMessages.ReceiveSpace];
        int offset = WriteTimestamp(control, seconds: 1_765_000_000, nanoseconds: 123_456_789);
        WriteDropCount(control.AsSpan(offset), 42);

        ReceiveControl read = ControlMessages.Read(control);

        Assert.True(read.HasTimestamp);
        Assert.Equal((1_765_000_000L * 1_000_000_000L) + 123_456_789, read.RealtimeNanoseconds);
        Assert.True(read.HasDropCount);
        Assert.Equal(42u, read.DropCount);
    }

    [Fact]
    public void SkipsUnknownMessagesAndStopsAtATruncatedOne()
    {
        byte[] control = new byte[96];
        int offset = WriteHeader(control, length: 16 + 5, level: 0, type: 8); // IP_PKTINFO-like, 5 data bytes, padded to 24
        offset += 24;
        offset += WriteTimestamp(control.AsSpan(offset), 10, 20);
        BinaryPrimitives.WriteUInt64LittleEndian(control.AsSpan(offset), 500); // claims more than is left (MSG_CTRUNC)

        ReceiveControl read = ControlMessages.Read(control.AsSpan(0, offset + 24));

        Assert.True(read.HasTimestamp);
        Assert.Equal(10_000_000_020L, read.RealtimeNanoseconds);
        Assert.False(read.HasDropCount);
    }

    [Theory]
    [InlineData(-1L, 0L)]
    [InlineData(0L, 1_000_000_000L)]
    [InlineData(0L, -5L)]
    public void RejectsATimespecOutOfRange(long seconds, long nanoseconds)
    {
        byte[] control = new byte[32];
        WriteTimestamp(control, seconds, nanoseconds);

        Assert.False(ControlMessages.Read(control).HasTimestamp);
    }

    [Fact]
    public void EmptyOrShortControlHasNothing()
    {
        Assert.Equal(default, ControlMessages.Read([]));
        Assert.Equal(default, ControlMessages.Read(new byte[15]));
        Assert.Equal(default, ControlMessages.Read(new byte[64])); // cmsg_len 0 is below the header: stop
    }

    [Fact]
    public void WritesUdpSegmentAsTheKernelExpectsIt()
    {
        byte[] control = new byte[ControlMessages.SegmentSizeSpace];
        control.AsSpan().Fill(0xAA);

        Assert.Equal(24, ControlMessages.WriteSegmentSize(control, 1200));

        Assert.Equal(18UL, BinaryPrimitives.ReadUInt64LittleEndian(control)); // CMSG_LEN(sizeof(uint16_t))
        Assert.Equal(17, BinaryPrimitives.ReadInt32LittleEndian(control.AsSpan(8))); // SOL_UDP
        Assert.Equal(103, BinaryPrimitives.ReadInt32LittleEndian(control.AsSpan(12))); // UDP_SEGMENT
        Assert.Equal(1200, BinaryPrimitives.ReadUInt16LittleEndian(control.AsSpan(16)));
        Assert.All(control.AsSpan(18).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(0, ControlMessages.WriteSegmentSize(new byte[23], 1200));
    }

    [Fact]
    public void RandomBytes() => FuzzInputs.RunRandom(seed: 7983, maxLength: 128, Check);

    [Fact]
    public void MutatedValidControl()
    {
        byte[] both = new byte[ControlMessages.ReceiveSpace];
        WriteDropCount(both.AsSpan(WriteTimestamp(both, 1_700_000_000, 5)), 7);
        byte[] segment = new byte[ControlMessages.SegmentSizeSpace];
        ControlMessages.WriteSegmentSize(segment, 1200);
        FuzzInputs.RunMutated(seed: 6347, [both, segment], Check);
    }

    private static void Check(ReadOnlySpan<byte> input)
    {
        ReceiveControl read = ControlMessages.Read(input);
        if (read.HasTimestamp)
        {
            Assert.True(read.RealtimeNanoseconds >= 0);
        }

        if (read.HasTimestamp || read.HasDropCount)
        {
            Assert.True(input.Length >= ControlMessages.HeaderLength + sizeof(uint));
        }
    }

    private static int WriteTimestamp(Span<byte> control, long seconds, long nanoseconds)
    {
        WriteHeader(control, 16 + 16, level: 1, type: 35);
        BinaryPrimitives.WriteInt64LittleEndian(control[16..], seconds);
        BinaryPrimitives.WriteInt64LittleEndian(control[24..], nanoseconds);
        return 32;
    }

    private static void WriteDropCount(Span<byte> control, uint drops)
    {
        WriteHeader(control, 16 + 4, level: 1, type: 40);
        BinaryPrimitives.WriteUInt32LittleEndian(control[16..], drops);
    }

    private static int WriteHeader(Span<byte> control, int length, int level, int type)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(control, (ulong)length);
        BinaryPrimitives.WriteInt32LittleEndian(control[8..], level);
        BinaryPrimitives.WriteInt32LittleEndian(control[12..], type);
        return 0;
    }
}
