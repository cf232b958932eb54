using Sfu.Streams;

namespace Sfu.Tests.Streams;

public class RetransmissionBufferTests
{
    private const long Ms = MediaTime.TicksPerMillisecond;

    [Fact]
    public void ServesWhatWasStored()
    {
        using var buffer = new RetransmissionBuffer();
        byte[] packet = Packet(100, 0x42);
        Assert.True(buffer.Store(1234, packet, 0));
        Assert.True(buffer.TryGet(1234, 5 * Ms, out ReadOnlySpan<byte> served));
        Assert.Equal(packet, served.ToArray());
    }

    [Fact]
    public void StoreCopiesTheBytes()
    {
        using var buffer = new RetransmissionBuffer();
        byte[] packet = Packet(10, 1);
        buffer.Store(1, packet, 0);
        packet[0] = 99;
        Assert.True(buffer.TryGet(1, 0, out ReadOnlySpan<byte> served));
        Assert.Equal(1, served[0]);
    }

    [Theory]
    [InlineData(1000, RetransmissionLookup.Found)]
    [InlineData(1001, RetransmissionLookup.Expired)]
    public void AgeLimit(long askedAtMs, RetransmissionLookup expected)
    {
        using var buffer = new RetransmissionBuffer(maxAgeTicks: 1000 * Ms);
        buffer.Store(7, Packet(20, 7), 0);
        Assert.Equal(expected, buffer.Lookup(7, askedAtMs * Ms, out _));
    }

    [Fact]
    public void ServesOnePacketAtMostOncePerResendInterval()
    {
        using var buffer = new RetransmissionBuffer(minResendIntervalTicks: 10 * Ms);
        buffer.Store(7, Packet(20, 7), 0);
        Assert.Equal(RetransmissionLookup.Found, buffer.Lookup(7, 100 * Ms, out _));
        Assert.Equal(RetransmissionLookup.ResentTooRecently, buffer.Lookup(7, 105 * Ms, out ReadOnlySpan<byte> none));
        Assert.True(none.IsEmpty);
        Assert.Equal(RetransmissionLookup.Found, buffer.Lookup(7, 110 * Ms, out _));

        buffer.MinResendIntervalTicks = 50 * Ms;
        Assert.Equal(RetransmissionLookup.ResentTooRecently, buffer.Lookup(7, 159 * Ms, out _));
        Assert.Equal(RetransmissionLookup.Found, buffer.Lookup(7, 160 * Ms, out _));
    }

    [Fact]
    public void StoringAgainResetsTheResendClock()
    {
        using var buffer = new RetransmissionBuffer();
        buffer.Store(7, Packet(20, 7), 0);
        Assert.True(buffer.TryGet(7, 1 * Ms, out _));
        buffer.Store(7, Packet(20, 8), 2 * Ms);
        Assert.True(buffer.TryGet(7, 3 * Ms, out ReadOnlySpan<byte> served));
        Assert.Equal(8, served[0]);
    }

    [Fact]
    public void UnknownAndOverwrittenNumbersAreNotFound()
    {
        using var buffer = new RetransmissionBuffer(capacity: 16);
        Assert.Equal(RetransmissionLookup.NotFound, buffer.Lookup(3, 0, out _));
        buffer.Store(3, Packet(20, 3), 0);
        buffer.Store(19, Packet(20, 19), 0); // same slot, 16 later
        Assert.Equal(RetransmissionLookup.NotFound, buffer.Lookup(3, 0, out _));
        Assert.True(buffer.TryGet(19, 0, out ReadOnlySpan<byte> served));
        Assert.Equal(19, served[0]);
    }

    [Fact]
    public void WrapsAround65535()
    {
        using var buffer = new RetransmissionBuffer(capacity: 16);
        for (int i = 65530; i < 65530 + 12; i++)
        {
            ushort seq = unchecked((ushort)i);
            Assert.True(buffer.Store(seq, Packet(30, (byte)seq), 0));
        }

        foreach (ushort seq in new ushort[] { 65530, 65535, 0, 5 })
        {
            Assert.True(buffer.TryGet(seq, 0, out ReadOnlySpan<byte> served));
            Assert.Equal((byte)seq, served[0]);
            Assert.Equal(30, served.Length);
        }

        Assert.False(buffer.TryGet(6, 0, out _));
    }

    [Fact]
    public void RejectsEmptyAndOversizedPackets()
    {
        using var buffer = new RetransmissionBuffer(maxPacketSize: 1500);
        Assert.True(buffer.Store(1, Packet(1500, 1), 0));
        Assert.False(buffer.Store(1, Packet(1501, 1), 0));
        Assert.False(buffer.TryGet(1, 0, out _)); // the slot no longer holds a stale packet under that number
        Assert.False(buffer.Store(2, ReadOnlySpan<byte>.Empty, 0));
    }

    [Fact]
    public void ClearForgetsEverything()
    {
        using var buffer = new RetransmissionBuffer(capacity: 16);
        buffer.Store(1, Packet(10, 1), 0);
        buffer.Clear();
        Assert.False(buffer.TryGet(1, 0, out _));
    }

    [Fact]
    public void DisposedBufferRefusesWork()
    {
        var buffer = new RetransmissionBuffer(capacity: 16);
        buffer.Store(1, Packet(10, 1), 0);
        buffer.Dispose();
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.Store(1, Packet(10, 1), 0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(8)]
    public void CapacityMustBeAPowerOfTwoOfSensibleSize(int capacity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetransmissionBuffer(capacity: capacity));
    }

    private static byte[] Packet(int length, byte first)
    {
        byte[] packet = new byte[length];
        for (int i = 0; i < length; i++)
        {
            packet[i] = (byte)(first + i);
        }

        return packet;
    }
}
